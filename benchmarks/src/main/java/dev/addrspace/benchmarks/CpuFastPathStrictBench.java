package dev.addrspace.benchmarks;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.arm.ArmCpu;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link CpuFastPathBench#cpuLoad} with the CPU in {@link CpuState.Coherence#STRICT} mode: one volatile
 * read of the address space's view per access. A class of its own, so that the safe-point benchmarks'
 * JVMs never profile a strict cache.
 */
@State(Scope.Thread)
public class CpuFastPathStrictBench {

    private final CpuState cpu;
    private final long[] ramAddresses = new long[Workload.ACCESSES];
    private final AccessResult result = new AccessResult();

    /** Builds the map and the CPU in strict mode, and touches the hot set through the CPU. */
    public CpuFastPathStrictBench() {
        MemorySystem system = new MemorySystem();
        cpu = ArmCpu.realize(system, 0,
                ArmCpu.Config.of(Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1)).el3(true));
        cpu.setCoherence(CpuState.Coherence.STRICT);
        for (int off = 0; off < Workload.HOT_SET; off += Workload.PAGE) {
            cpu.stlLe(Workload.RAM_BASE + off, off, MemTxAttrs.UNSPECIFIED);
        }
        int[] offsets = Workload.offsets();
        for (int i = 0; i < offsets.length; i++) {
            ramAddresses[i] = Workload.RAM_BASE + offsets[i];
        }
    }

    /**
     * Loads at every address through the strict CPU.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int cpuLoadStrict() {
        CpuState c = cpu;
        AccessResult r = result;
        int sum = 0;
        for (long addr : ramAddresses) {
            sum += c.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }
}
