package dev.addrspace.benchmarks;

import dev.addrspace.memory.MmioOps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The limit of an MMIO access: calling a device's read method directly through its interface, at
 * {@link Workload#ACCESSES} register offsets ({@link #directCall}: one device class at the call site, so
 * the JIT inlines the device's read); and what a hand-written emulator with several device classes pays
 * ({@link #mmioOpsCall}: the same device called through {@link MmioOps} from a call site that has seen
 * every device class of {@link Machines}, so the call is a real interface call).
 */
@State(Scope.Thread)
public class DirectCallBaseline {

    /** A device's register interface, as an emulator author writes it by hand. */
    public interface Device {
        /**
         * @param offset the register offset
         * @param size the access size
         * @return the register value
         */
        long read(long offset, int size);
    }

    /** A device with a few registers, the same as the MMIO benchmark's device. */
    static final class Registers implements Device {
        private final long[] regs = new long[64];

        @Override
        public long read(long offset, int size) {
            return regs[(int) (offset >>> 2) & 63] + offset;
        }
    }

    private final Device device = new Registers();
    private final MmioOps ops = new Machines.Registers();
    private final long[] registerOffsets = new long[Workload.ACCESSES];

    /**
     * Sets up the register offsets (word-aligned, inside 256 bytes) and lets the call site of
     * {@link #readAll} see every device class of {@link Machines} before it is compiled.
     */
    public DirectCallBaseline() {
        for (int i = 0; i < registerOffsets.length; i++) {
            registerOffsets[i] = (i * 4L) & 0xfc;
        }
        final MmioOps[] every = Machines.everyDeviceClass();
        long sink = 0;
        for (int round = 0; round < Machines.WARM_ROUNDS; round++) {
            for (MmioOps o : every) {
                sink += readAll(o, registerOffsets);
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** Reads every offset through {@link MmioOps#read}: one call site for every device class. */
    private static long readAll(MmioOps o, long[] offsets) {
        long sum = 0;
        for (long off : offsets) {
            sum += o.read(off, 4);
        }
        return sum;
    }

    /**
     * Reads every register offset.
     *
     * @return the sum of the values read
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long directCall() {
        Device d = device;
        long sum = 0;
        for (long off : registerOffsets) {
            sum += d.read(off, 4);
        }
        return sum;
    }

    /**
     * Reads every register offset of the {@link #directCall()} device (as {@link Machines.Registers})
     * through {@link MmioOps#read} from a call site that has seen every device class.
     *
     * @return the sum of the values read
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long mmioOpsCall() {
        return readAll(ops, registerOffsets);
    }
}
