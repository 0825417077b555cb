package dev.addrspace.benchmarks;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * MMIO dispatch as a machine with several device classes sees it: the map of {@link AddressSpaceBench},
 * and before measuring, {@link Machines#WARM_ROUNDS} rounds of loads from a device of every class of
 * {@link Machines#everyDeviceClass()} through the same {@link AddressSpace} path, so that the dispatch's
 * call into the device has seen every class when it is compiled (in {@link AddressSpaceBench} only the
 * measured device's class ever reaches it, and the JIT inlines it). The measured loads then go to the plain
 * {@link Machines.Registers} of window 0, side by side with {@link DirectCallBaseline#mmioOpsCall()}.
 */
@State(Scope.Thread)
public class MmioMegamorphicBench {

    private final AddressSpace as;
    private final long[] mmioAddresses = new long[Workload.ACCESSES];
    private final AccessResult result = new AccessResult();

    /** Builds the map and warms the dispatch through every device class. */
    public MmioMegamorphicBench() {
        final MemorySystem system = new MemorySystem();
        final MmioOps[] every = Machines.everyDeviceClass();
        as = system.newAddressSpace(Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1, every), "memory");
        for (int i = 0; i < mmioAddresses.length; i++) {
            mmioAddresses[i] = Machines.DEVICES_BASE + ((i * 4L) & 0xfc);
        }
        final long[][] windows = new long[every.length][Workload.ACCESSES];
        for (int w = 0; w < every.length; w++) {
            for (int i = 0; i < Workload.ACCESSES; i++) {
                windows[w][i] = mmioAddresses[i] + w * Machines.DEVICE_WINDOW;
            }
        }
        long sink = 0;
        for (int round = 0; round < Machines.WARM_ROUNDS; round++) {
            for (long[] window : windows) {
                sink += loadAll(as, window, result);
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    private static long loadAll(AddressSpace a, long[] addresses, AccessResult r) {
        long sum = 0;
        for (long addr : addresses) {
            sum += a.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }

    /**
     * Loads from the first device's registers through the dispatch, whose device call has seen every
     * device class.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioDispatch() {
        return loadAll(as, mmioAddresses, result);
    }
}
