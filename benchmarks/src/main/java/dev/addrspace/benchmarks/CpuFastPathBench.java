package dev.addrspace.benchmarks;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU fast path: 4-byte little-endian loads and stores through an ARM CPU (EL3, so the access
 * picks its slot from the attrs) whose page cache holds the {@link Workload} hot set, on the same
 * 1,024-range map as {@link AddressSpaceBench}, with the RAM preallocated (one array, which the page
 * cache serves as its window); {@link CpuFastPathSparseBench} measures the same on sparse RAM. The CPU is in the default
 * {@link CpuState.Coherence#SAFE_POINT} mode; {@link CpuFastPathStrictBench} measures strict mode in a
 * class (and so a JVM) of its own: a JVM whose profile has seen strict caches compiles the volatile read
 * into every CPU access loop, which costs the safe-point path its loop optimisations.
 */
@State(Scope.Thread)
public class CpuFastPathBench {

    private final CpuState cpu;
    private final long[] ramAddresses = Workload.ramAddresses();
    private final AccessResult result = new AccessResult();

    /** Builds the CPU on preallocated RAM. */
    public CpuFastPathBench() {
        this(true);
    }

    /**
     * Builds the CPU.
     *
     * @param preallocated whether the RAM is preallocated or sparse
     */
    protected CpuFastPathBench(boolean preallocated) {
        cpu = Workload.hotArmCpu(CpuState.Coherence.SAFE_POINT, preallocated);
    }

    /**
     * Loads at every address through the CPU.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int cpuLoad() {
        CpuState c = cpu;
        AccessResult r = result;
        int sum = 0;
        for (long addr : ramAddresses) {
            sum += c.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }

    /**
     * Stores at every address through the CPU.
     *
     * @return the OR of the results
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int cpuStore() {
        CpuState c = cpu;
        int res = 0;
        int i = 0;
        for (long addr : ramAddresses) {
            res |= c.stlLe(addr, i++, MemTxAttrs.UNSPECIFIED);
        }
        return res;
    }
}
