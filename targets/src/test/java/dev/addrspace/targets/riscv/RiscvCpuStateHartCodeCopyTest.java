package dev.addrspace.targets.riscv;

import static dev.addrspace.targets.riscv.Rv.A0;
import static dev.addrspace.targets.riscv.Rv.A1;
import static dev.addrspace.targets.riscv.Rv.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.cpu.PageCache;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link RiscvCpuStateHart}'s copy of its page cache's code window: a commit that returned before a
 * fetch started is seen by that fetch whenever the contract says so, although the fetch would otherwise be
 * served by the hart's own fields; and a cache that counts hits sees every fetch.
 *
 * <p>The program's first instruction stores to a device whose write commits: it maps a page of other code
 * over the page the program runs on. The hart fetched that first instruction through its page cache and
 * copied the code window, so the next fetch lies in the copy; it must read the new page's word.
 */
class RiscvCpuStateHartCodeCopyTest {

    private static final long RAM = 0x8000_0000L;
    private static final long REMAPPER = 0x1000_0000L;

    /** Who makes the commit, from the device's write callback (that is, during the store). */
    enum Committer {
        /** The hart's own thread: seen by the next fetch in both coherence modes. */
        HART_THREAD,
        /** Another thread, joined before the store returns: seen by the next fetch in strict mode. */
        OTHER_THREAD
    }

    static List<Arguments> cases() {
        final List<Arguments> cases = new ArrayList<>();
        for (boolean preallocated : new boolean[] {false, true}) {
            for (CpuState.Coherence mode : CpuState.Coherence.values()) {
                cases.add(Arguments.of(preallocated, mode, Committer.HART_THREAD));
            }
            cases.add(Arguments.of(preallocated, CpuState.Coherence.STRICT, Committer.OTHER_THREAD));
        }
        return cases;
    }

    @ParameterizedTest(name = "preallocated={0} {1} {2}")
    @MethodSource("cases")
    void aCommitDuringAStoreIsSeenByTheNextFetch(boolean preallocated, CpuState.Coherence mode,
            Committer committer) {
        final MemorySystem system = new MemorySystem();
        final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = preallocated
                ? MemoryRegion.ramPreallocated(system, "ram", 0x1_0000L)
                : MemoryRegion.ram(system, "ram", 0x1_0000L);
        final MemoryRegion patch = MemoryRegion.ram(system, "patch", PageCache.PAGE_SIZE);
        final Runnable remap = () -> system.transaction(() -> sysmem.addSubregionOverlap(RAM, patch, 1));
        system.transaction(() -> {
            sysmem.addSubregion(RAM, ram);
            sysmem.addSubregion(REMAPPER, MemoryRegion.io(system, "remapper", 0x1000, new MmioOps() {
                @Override
                public void write(long addr, long value, int size) {
                    if (committer == Committer.HART_THREAD) {
                        remap.run();
                        return;
                    }
                    final Thread other = new Thread(remap, "committer");
                    other.start();
                    try {
                        other.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        });
        final CpuState cpu = RiscvCpu.realize(system, 0, sysmem);
        cpu.setCoherence(mode);
        final RiscvCpuStateHart hart = new RiscvCpuStateHart(cpu);
        // ram: sw a0, 0(a1); addi a0, zero, 1; wfi. patch: the same, with addi a0, zero, 2
        final int[] program = {Rv.store(2, A0, A1, 0), Rv.addi(A0, ZERO, 1), Rv.WFI};
        for (int k = 0; k < program.length; k++) {
            assertEquals(MemTxResult.OK, store(cpu, RAM + 4L * k, program[k]));
        }
        patch.ramBlock().stlLe(0, program[0]);
        patch.ramBlock().stlLe(4, Rv.addi(A0, ZERO, 2));
        patch.ramBlock().stlLe(8, Rv.WFI);
        hart.reset(RAM);
        hart.setRegister(A1, REMAPPER);

        hart.run(100);

        assertEquals(RiscvHart.STOP_WFI, hart.stopReason(), "the program did not reach its wfi");
        assertEquals(2, hart.register(A0), "the fetch after the store read the page mapped during it");
        assertEquals(RAM + 12, hart.pc(), "after the patch's wfi");
    }

    @ParameterizedTest(name = "preallocated={0}")
    @ValueSource(booleans = {false, true})
    void aCacheThatCountsHitsSeesEveryFetch(boolean preallocated) {
        final MemorySystem system = new MemorySystem();
        final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = preallocated
                ? MemoryRegion.ramPreallocated(system, "ram", 0x1_0000L)
                : MemoryRegion.ram(system, "ram", 0x1_0000L);
        system.transaction(() -> sysmem.addSubregion(RAM, ram));
        final CpuState cpu = RiscvCpu.realize(system, 0, sysmem);
        cpu.setHitCounting(true);
        final RiscvCpuStateHart hart = new RiscvCpuStateHart(cpu);
        for (int k = 0; k < 10; k++) {
            assertEquals(MemTxResult.OK, store(cpu, RAM + 4L * k, Rv.addi(A0, A0, 1)));
        }
        assertEquals(MemTxResult.OK, store(cpu, RAM + 40, Rv.WFI));
        hart.reset(RAM);

        assertEquals(11, hart.run(100));

        assertEquals(10, hart.register(A0));
        // the first fetch opens the code window; the ten after it are the cache's code hits, not the copy's
        assertEquals(10, cpu.slot(0).pageCache().codeHits());
    }

    private static int store(CpuState cpu, long addr, int word) {
        return cpu.as().stlLe(addr, word, MemTxAttrs.UNSPECIFIED);
    }
}
