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
 *
 * <p>The RAM is preallocated ({@code MemoryRegion.ramPreallocated}: one array, the view's main RAM), as
 * {@link RawBaseline}'s is one array; {@link AddressSpaceSparseBench} measures sparse RAM. It is written
 * at every workload offset before measuring, so that loads read data as {@link RawBaseline} does (an
 * untouched page of sparse RAM reads as zero after one load of an empty table slot, never touching the
 * data's cache lines, which flattered the load figure).
 *
 * <p>Device windows 0 to 5 hold the same register work as {@link DirectCallBaseline} under different
 * ops: default (window 0, the headline figure), big-endian (1: every little-endian access is swapped),
 * 4-byte-only constraints (2), with-attrs callbacks (3), and an {@code accepts} callback (4, which QEMU
 * calls per access; 3 and 4 take the dispatch's out-of-line straight call), lockless (5: no re-entrancy
 * guard).
 */
@State(Scope.Thread)
public class AddressSpaceBench {

    private final AddressSpace as;
    private final long[] ramAddresses = new long[Workload.ACCESSES];
    private final long[] mmioAddresses = new long[Workload.ACCESSES];
    private final long[] bigEndianAddresses = new long[Workload.ACCESSES];
    private final long[] wordAddresses = new long[Workload.ACCESSES];
    private final long[] attrsAddresses = new long[Workload.ACCESSES];
    private final long[] acceptsAddresses = new long[Workload.ACCESSES];
    private final long[] locklessAddresses = new long[Workload.ACCESSES];
    private final AccessResult result = new AccessResult();

    /** Builds the map and the address lists. */
    public AddressSpaceBench() {
        MemorySystem system = new MemorySystem();
        as = system.newAddressSpace(Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1, true,
                new Machines.Registers(),
                new Machines.BigEndianRegisters(), new Machines.WordRegisters(), new Machines.AttrsRegisters(),
                new Machines.AcceptingRegisters(), new Machines.LocklessRegisters()), "memory");
        int[] offsets = Workload.offsets();
        for (int i = 0; i < offsets.length; i++) {
            ramAddresses[i] = Workload.RAM_BASE + offsets[i];
            final long reg = (i * 4L) & 0xfc;
            mmioAddresses[i] = Machines.DEVICES_BASE + reg;
            bigEndianAddresses[i] = Machines.DEVICES_BASE + Machines.DEVICE_WINDOW + reg;
            wordAddresses[i] = Machines.DEVICES_BASE + 2 * Machines.DEVICE_WINDOW + reg;
            attrsAddresses[i] = Machines.DEVICES_BASE + 3 * Machines.DEVICE_WINDOW + reg;
            acceptsAddresses[i] = Machines.DEVICES_BASE + 4 * Machines.DEVICE_WINDOW + reg;
            locklessAddresses[i] = Machines.DEVICES_BASE + 5 * Machines.DEVICE_WINDOW + reg;
            // allocate the page, as RawBaseline's array is: loads then read real data
            as.stlLe(ramAddresses[i], i + 1, MemTxAttrs.UNSPECIFIED);
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
        return loadEach(as, ramAddresses, result);
    }

    /**
     * The RAM load loop, shared with {@link AddressSpaceSparseBench}: a 4-byte little-endian load at each
     * address.
     *
     * @param a the address space
     * @param addresses the addresses
     * @param r the result holder
     * @return the sum of the values loaded plus the last result
     */
    static int loadEach(AddressSpace a, long[] addresses, AccessResult r) {
        int sum = 0;
        for (long addr : addresses) {
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
        return storeEach(as, ramAddresses);
    }

    /**
     * The RAM store loop, shared with {@link AddressSpaceSparseBench}: a 4-byte little-endian store of its
     * index at each address.
     *
     * @param a the address space
     * @param addresses the addresses
     * @return the OR of the results
     */
    static int storeEach(AddressSpace a, long[] addresses) {
        int res = 0;
        int i = 0;
        for (long addr : addresses) {
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

    /**
     * As {@link #mmioDispatch()} on a big-endian device: each little-endian load is byte-swapped.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatchBigEndian() {
        return loadAll(bigEndianAddresses);
    }

    /**
     * As {@link #mmioDispatch()} on a device with {@code valid} and {@code impl} of 4..4.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatchConstrained() {
        return loadAll(wordAddresses);
    }

    /**
     * As {@link #mmioDispatch()} on a device with with-attrs callbacks.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatchWithAttrs() {
        return loadAll(attrsAddresses);
    }

    /**
     * As {@link #mmioDispatch()} on a device with an {@code accepts} callback, called before each access.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatchAccepts() {
        return loadAll(acceptsAddresses);
    }

    /**
     * As {@link #mmioDispatch()} on a lockless device (no re-entrancy guard).
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatchLockless() {
        return loadAll(locklessAddresses);
    }

    /**
     * Stores to the first device's registers through the dispatch.
     *
     * @return the OR of the results
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int mmioStore() {
        AddressSpace a = as;
        int res = 0;
        int i = 0;
        for (long addr : mmioAddresses) {
            res |= a.stlLe(addr, i++, MemTxAttrs.UNSPECIFIED);
        }
        return res;
    }

    private long loadAll(long[] addresses) {
        AddressSpace a = as;
        AccessResult r = result;
        long sum = 0;
        for (long addr : addresses) {
            sum += a.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }
}
