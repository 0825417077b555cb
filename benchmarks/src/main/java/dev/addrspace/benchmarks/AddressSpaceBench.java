package dev.addrspace.benchmarks;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemorySystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The {@link AddressSpace} path without any per-CPU cache, on a map of {@link TreeMapBaseline#REGIONS}
 * flat ranges (1,023 MMIO windows and the RAM): fixed-size 4-byte little-endian RAM loads and stores at
 * the {@link Workload} offsets, and MMIO loads through the dispatch next to {@link DirectCallBaseline}.
 */
@State(Scope.Thread)
public class AddressSpaceBench {

    private final AddressSpace as;
    private final long[] ramAddresses = new long[Workload.ACCESSES];
    private final long[] mmioAddresses = new long[Workload.ACCESSES];
    private final AccessResult result = new AccessResult();

    /** Builds the map and the address lists. */
    public AddressSpaceBench() {
        MemorySystem system = new MemorySystem();
        as = system.newAddressSpace(Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1), "memory");
        for (int off = 0; off < Workload.HOT_SET; off += Workload.PAGE) {
            as.stlLe(Workload.RAM_BASE + off, off, MemTxAttrs.UNSPECIFIED);
        }
        int[] offsets = Workload.offsets();
        for (int i = 0; i < offsets.length; i++) {
            ramAddresses[i] = Workload.RAM_BASE + offsets[i];
            mmioAddresses[i] = Machines.DEVICES_BASE + ((i * 4L) & 0xfc);
        }
        if (as.flatView().ranges().size() != TreeMapBaseline.REGIONS) {
            throw new IllegalStateException("expected " + TreeMapBaseline.REGIONS + " ranges, got "
                    + as.flatView().ranges().size());
        }
    }

    /**
     * Loads at every RAM address.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int addressSpaceLoad() {
        AddressSpace a = as;
        AccessResult r = result;
        int sum = 0;
        for (long addr : ramAddresses) {
            sum += a.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }

    /**
     * Stores at every RAM address.
     *
     * @return the OR of the results
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int addressSpaceStore() {
        AddressSpace a = as;
        int res = 0;
        int i = 0;
        for (long addr : ramAddresses) {
            res |= a.stlLe(addr, i++, MemTxAttrs.UNSPECIFIED);
        }
        return res;
    }

    /**
     * Loads from the first device's registers through the dispatch, the same offsets and device work as
     * {@link DirectCallBaseline#directCall()}.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatch() {
        AddressSpace a = as;
        AccessResult r = result;
        long sum = 0;
        for (long addr : mmioAddresses) {
            sum += a.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }
}
