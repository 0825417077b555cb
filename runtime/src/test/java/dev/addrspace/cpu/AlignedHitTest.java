package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one-compare hit test (tag and alignment bits together): every size at every offset of the first
 * bytes of a page and around page ends, on empty entries (whose tag no compare may match, page 0
 * included), on a hole, and on RAM, answers as the address-space path; unaligned accesses inside a page
 * are hits served by the slow path, crossing ones go to the address space.
 */
class AlignedHitTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void everyAlignmentAnswersAsTheAddressSpace(CpuState.Coherence mode) {
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x3000);
        for (int i = 0; i < 0x3000; i++) {
            ram.ramBlock().stb(i, i * 7 + 3);
        }
        final CpuState cpu = new CpuState(ms, 0, mode);
        cpu.setHitCounting(true);
        CpuState.ensureDefaultAddressSpace(cpu, root);
        final AccessResult a = new AccessResult();
        final AccessResult b = new AccessResult();
        // a hole at page 0 first: fresh entries must not match any address (address 1..7 included)
        for (int pass = 0; pass < 2; pass++) {
            for (long addr : new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff9, 0xffa, 0xffb, 0xffc, 0xffd, 0xffe, 0xfff,
                    0x1000, 0x1001, 0x1ffc, 0x1ffd, 0x2ff8, 0x2ffc, 0x2fff}) {
                for (int size = 1; size <= 8; size <<= 1) {
                    for (boolean be : new boolean[] {false, true}) {
                        final long want = cpu.as().load(addr, size, be, A, b);
                        final long got = cpu.load(addr, size, be, A, a);
                        assertEquals(want, got, "pass " + pass + " load size " + size + " at 0x" + Long.toHexString(addr));
                        assertEquals(b.get(), a.get(), "result at 0x" + Long.toHexString(addr));
                    }
                }
            }
            if (pass == 0) {
                root.addSubregion(0, ram);
            }
        }
        final PageCache c = cpu.slot(0).pageCache();
        final long misses = c.misses();
        final long hits = c.hits();
        assertEquals(ram.ramBlock().lduwLe(0x1001), cpu.lduwLe(0x1001, A, a));
        assertEquals(ram.ramBlock().ldlLe(0x1001), cpu.ldlLe(0x1001, A, a));
        assertEquals(ram.ramBlock().ldqBe(0x1ff3), cpu.ldqBe(0x1ff3, A, a));
        assertEquals(MemTxResult.OK, cpu.stwLe(0x1003, 0xbeef, A));
        assertEquals(0xbeef, ram.ramBlock().lduwLe(0x1003));
        assertEquals(MemTxResult.OK, a.get());
        assertEquals(misses, c.misses(), "unaligned accesses inside cached pages are no misses");
        assertEquals(hits + 4, c.hits(), "they count as hits");
    }
}
