package dev.addrspace.benchmarks;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
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

    private final CpuState cpu = Workload.hotArmCpu(CpuState.Coherence.STRICT, true);
    private final long[] ramAddresses = Workload.ramAddresses();
    private final AccessResult result = new AccessResult();

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
