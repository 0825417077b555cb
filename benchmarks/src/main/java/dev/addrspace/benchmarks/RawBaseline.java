package dev.addrspace.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The limit: a 4-byte little-endian load and store on a {@code byte[]} through a
 * {@code byteArrayViewVarHandle}, at the shared {@link Workload} offsets.
 */
@State(Scope.Thread)
public class RawBaseline {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] ram = new byte[Workload.RAM_SIZE];
    private final int[] offsets = Workload.offsets();

    /** Touches every page of the hot set, as the other RAM benchmarks do. */
    public RawBaseline() {
        for (int off = 0; off < Workload.HOT_SET; off += Workload.PAGE) {
            INT_LE.set(ram, off, off);
        }
    }

    /**
     * Loads at every offset.
     *
     * @return the sum of the loaded values, so that nothing is dead code
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int rawLoad() {
        byte[] r = ram;
        int sum = 0;
        for (int off : offsets) {
            sum += (int) INT_LE.get(r, off);
        }
        return sum;
    }

    /** Stores at every offset. */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public void rawStore() {
        byte[] r = ram;
        int i = 0;
        for (int off : offsets) {
            INT_LE.set(r, off, i++);
        }
    }
}
