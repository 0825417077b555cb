package dev.addrspace.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The limit of an MMIO access: calling a device's read method directly through its interface, at
 * {@link Workload#ACCESSES} register offsets.
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
    private final long[] registerOffsets = new long[Workload.ACCESSES];

    /** Sets up the register offsets: word-aligned, inside 256 bytes. */
    public DirectCallBaseline() {
        for (int i = 0; i < registerOffsets.length; i++) {
            registerOffsets[i] = (i * 4L) & 0xfc;
        }
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
}
