package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Rejected input on the access side and the CPU slot rules (the structure side is BadInputTest): each
 * is the documented exception (docs/reliability.md, "The runtime: rejected input"), thrown before
 * anything happens, and leaves the views and the memory as they were.
 */
class RejectedAccessInputTest {

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
    private final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);

    private <T extends Throwable> void rejected(Class<T> type, AddressSpace as, Executable e) {
        final FlatView before = as.flatView();
        final long pages = ram.ramBlock().allocatedPages();
        assertThrows(type, e);
        assertSame(before, as.flatView());
        assertEquals(pages, ram.ramBlock().allocatedPages(), "nothing was written");
    }

    @Test
    void badAccessesAreExceptionsOnBothPaths() {
        root.addSubregion(0, ram);
        final CpuState cpu = new CpuState(ms, 0);
        final AddressSpace as = CpuState.ensureDefaultAddressSpace(cpu, root);
        final MemTxAttrs a = MemTxAttrs.UNSPECIFIED;
        final byte[] buf = new byte[16];
        rejected(IllegalArgumentException.class, as, () -> as.load(0, 3, false, a, null));
        rejected(IllegalArgumentException.class, as, () -> as.store(0, 16, 1, false, a));
        rejected(IllegalArgumentException.class, as, () -> cpu.load(0, 0, false, a, null));
        rejected(IllegalArgumentException.class, as, () -> cpu.store(0, 5, 1, false, a));
        rejected(NullPointerException.class, as, () -> as.load(0, 4, false, null, null));
        rejected(NullPointerException.class, as, () -> as.stb(0, 1, null));
        rejected(NullPointerException.class, as, () -> cpu.stb(0, 1, null));
        rejected(NullPointerException.class, as, () -> cpu.ldub(0, null, null));
        rejected(NullPointerException.class, as, () -> as.read(0, a, null));
        rejected(NullPointerException.class, as, () -> as.write(0, null, buf));
        rejected(IndexOutOfBoundsException.class, as, () -> as.read(0, a, buf, 8, 9));
        rejected(IndexOutOfBoundsException.class, as, () -> as.write(0, a, buf, -1, 4));
        rejected(IndexOutOfBoundsException.class, as, () -> as.write(0, a, buf, 0, -1));
        rejected(IndexOutOfBoundsException.class, as, () -> as.writeRom(0, a, buf, 16, 1));
        rejected(IllegalArgumentException.class, as, () -> as.fill(0, 1, -1, a));
        rejected(NullPointerException.class, as, () -> as.translate(0, 4, false, a, null));
        // and the machine still answers
        final AccessResult r = new AccessResult();
        assertEquals(MemTxResult.OK, cpu.stb(0, 7, a));
        assertEquals(7, as.ldub(0, a, r));
        assertEquals(MemTxResult.OK, r.get());
    }

    @Test
    void cpuSlotRules() {
        root.addSubregion(0, ram);
        final CpuState cpu = new CpuState(ms, 3);
        assertThrows(IllegalArgumentException.class, () -> new CpuState(ms, -1));
        assertThrows(NullPointerException.class, () -> new CpuState(null, 0));
        assertThrows(IllegalArgumentException.class, () -> CpuState.cpuAddressSpaceInit(cpu, 0));
        assertThrows(IllegalStateException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", root),
                "add before init");
        CpuState.cpuAddressSpaceInit(cpu, 2);
        assertThrows(IllegalStateException.class, () -> CpuState.cpuAddressSpaceInit(cpu, 2), "init twice");
        assertThrows(IllegalStateException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 1, "s", root), "1 before 0");
        assertThrows(IndexOutOfBoundsException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 2, "x", root));
        assertThrows(IndexOutOfBoundsException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, -1, "x", root));
        assertThrows(NullPointerException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, null, root));
        assertThrows(NullPointerException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", null));
        final MemorySystem other = new MemorySystem();
        assertThrows(IllegalArgumentException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory",
                MemoryRegion.container(other, "foreign", 0x1000)));
        final AddressSpace as = CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", root);
        assertEquals("cpu-memory-3", as.name());
        assertThrows(IllegalStateException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "again", root), "slot taken");
        // the attrs-to-index mapping: an empty slot or an index outside the array is refused on access
        cpu.setAsIndexMapper(attrs -> attrs.secure() ? 1 : 0);
        rejected(IllegalStateException.class, as, () -> cpu.stb(0, 1, MemTxAttrs.SECURE_ACCESS));
        cpu.setAsIndexMapper(attrs -> attrs.secure() ? 2 : 0);
        rejected(IllegalStateException.class, as, () -> cpu.ldub(0, MemTxAttrs.SECURE_ACCESS, null));
        rejected(IllegalStateException.class, as, () -> cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertThrows(NullPointerException.class, () -> cpu.setAsIndexMapper(null));
        assertEquals(MemTxResult.OK, cpu.stb(0, 1, MemTxAttrs.NONE));
    }
}
