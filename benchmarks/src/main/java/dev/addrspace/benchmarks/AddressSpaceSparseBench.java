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
 * {@link AddressSpaceBench#addressSpaceLoad} and {@link AddressSpaceBench#addressSpaceStore} on the same
 * 1,024-range map with sparse RAM ({@code MemoryRegion.ram}: 4 KiB pages allocated on first write, reached
 * through the block's flat page table), in a class of its own so that JMH runs them in their own JVMs.
 */
@State(Scope.Thread)
public class AddressSpaceSparseBench {

    private final AddressSpace as;
    private final long[] ramAddresses = Workload.ramAddresses();
    private final AccessResult result = new AccessResult();

    /** Builds the map with sparse RAM and writes every address once, as {@link AddressSpaceBench} does. */
    public AddressSpaceSparseBench() {
        MemorySystem system = new MemorySystem();
        as = system.newAddressSpace(Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1, false), "memory");
        for (int i = 0; i < ramAddresses.length; i++) {
            as.stlLe(ramAddresses[i], i + 1, MemTxAttrs.UNSPECIFIED);
        }
    }

    /**
     * Loads at every RAM address.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int addressSpaceLoadSparse() {
        return AddressSpaceBench.loadEach(as, ramAddresses, result);
    }

    /**
     * Stores at every RAM address.
     *
     * @return the OR of the results
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int addressSpaceStoreSparse() {
        return AddressSpaceBench.storeEach(as, ramAddresses);
    }
}
