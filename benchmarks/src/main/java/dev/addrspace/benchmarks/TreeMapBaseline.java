package dev.addrspace.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a Java author writes by hand: a {@code TreeMap<Long, Region>} of {@link #REGIONS} regions,
 * {@code floorEntry} per access, a bounds check, then the load from the region's {@code byte[]}.
 */
@State(Scope.Thread)
public class TreeMapBaseline {

    /** Regions in the map: the RAM plus devices, as many as the AddressSpace benchmark's map has. */
    static final int REGIONS = 1024;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** A mapped region: base, size, backing. */
    static final class Region {
        final long base;
        final long size;
        final byte[] bytes;

        Region(long base, long size, byte[] bytes) {
            this.base = base;
            this.size = size;
            this.bytes = bytes;
        }
    }

    private final TreeMap<Long, Region> map = new TreeMap<>();
    private final long[] addresses = new long[Workload.ACCESSES];

    /** Builds the map: 1,023 small device windows below the RAM, then the RAM. */
    public TreeMapBaseline() {
        for (int i = 0; i < REGIONS - 1; i++) {
            long base = 0x0900_0000L + i * 0x1000L;
            map.put(base, new Region(base, 0x1000, new byte[16]));
        }
        map.put(Workload.RAM_BASE, new Region(Workload.RAM_BASE, Workload.RAM_SIZE, new byte[Workload.RAM_SIZE]));
        byte[] ram = map.get(Workload.RAM_BASE).bytes;
        for (int off = 0; off < Workload.HOT_SET; off += Workload.PAGE) {
            INT_LE.set(ram, off, off);
        }
        int[] offsets = Workload.offsets();
        for (int i = 0; i < offsets.length; i++) {
            addresses[i] = Workload.RAM_BASE + offsets[i];
        }
    }

    /**
     * Looks up and loads at every address.
     *
     * @return the sum of the loaded values
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int treeMapLoad() {
        int sum = 0;
        for (long addr : addresses) {
            Map.Entry<Long, Region> e = map.floorEntry(addr);
            Region r = e.getValue();
            long off = addr - r.base;
            if (off + 4 > r.size) {
                throw new IllegalStateException("unmapped 0x" + Long.toHexString(addr));
            }
            sum += (int) INT_LE.get(r.bytes, (int) off);
        }
        return sum;
    }
}
