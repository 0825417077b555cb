package dev.addrspace.benchmarks;

import dev.addrspace.memory.MmioOps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The floor of an MMIO access through an address space, measured beside {@link DirectCallBaseline}: the
 * same device ({@link Machines.Registers}, inlined as in {@code AddressSpaceBench.mmioDispatch}) reached
 * through stripped-down copies of the steps the real path cannot drop, at the same addresses:
 * <ul>
 * <li>{@link #volatileViewHintCall}: one volatile read of a published view (as {@code AddressSpace}'s),
 *     the view's hint range, one unsigned coverage test, the region offset, the call, the result store;</li>
 * <li>{@link #volatileViewHintGuardCall}: the same with the re-entrancy guard as the runtime keeps it
 *     (current thread against the guard's home, the engaged flag, two {@code boolean} stores around the
 *     call in a {@code try}/{@code finally});</li>
 * <li>{@link #plainViewHintCall}: the first loop with the view read plainly, which the address-space
 *     path's contract (a commit that returns is seen by the next access on every thread) does not allow.</li>
 * </ul>
 * Nothing here is the runtime's code; the classes below copy the shape of its fields so that the loops
 * make the same dependent loads. The gap between these loops and the real dispatch is what the dispatch
 * itself adds (QEMU's validity test, {@code attrs.memory}, the byte order, the RAM case tested first).
 */
@State(Scope.Thread)
public class MmioFloorBaseline {

    /**
     * A range as the access path sees it: coverage and region offset biased by {@code Long.MIN_VALUE} (as
     * the runtime's {@code AccessRange}, so that the unsigned coverage test is one subtraction and one
     * signed compare), the device and its guard.
     */
    static final class Range {
        final long biasedStart;
        final long biasedSpan;
        final long biasedOffsetInRegion;
        final MmioOps ops;
        final Guard guard;

        Range(long start, long span, long offsetInRegion, MmioOps ops, Guard guard) {
            this.biasedStart = start + Long.MIN_VALUE;
            this.biasedSpan = span + Long.MIN_VALUE;
            this.biasedOffsetInRegion = offsetInRegion + Long.MIN_VALUE;
            this.ops = ops;
            this.guard = guard;
        }
    }

    /** The re-entrancy guard's shape: a home thread and its engaged flag. */
    static final class Guard {
        Thread home;
        boolean engaged;
    }

    /** A published view's shape: its hint range. */
    static final class View {
        Range hint;
    }

    /** An address space's shape: the published view, read with and without volatile semantics. */
    static final class Space {
        volatile View view;
        View plainView;
    }

    /** The caller's result holder's shape. */
    static final class Result {
        int value;
    }

    private final Space space = new Space();
    private final Result result = new Result();
    private final long[] mmioAddresses = new long[Workload.ACCESSES];

    /** Publishes a view whose hint is one device window at {@link Machines#DEVICES_BASE}. */
    public MmioFloorBaseline() {
        final Guard g = new Guard();
        g.home = Thread.currentThread();
        final View v = new View();
        v.hint = new Range(Machines.DEVICES_BASE, Machines.DEVICE_WINDOW - 1, 0, new Machines.Registers(), g);
        space.view = v;
        space.plainView = v;
        for (int i = 0; i < mmioAddresses.length; i++) {
            mmioAddresses[i] = Machines.DEVICES_BASE + ((i * 4L) & 0xfc);
        }
    }

    /**
     * Volatile view read, hint, coverage test, call.
     *
     * @return the sum of the values read
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long volatileViewHintCall() {
        final Space s = space;
        final Result out = result;
        long sum = 0;
        for (long addr : mmioAddresses) {
            final Range r = s.view.hint;
            final long b = addr - r.biasedStart;
            if (b <= r.biasedSpan) {
                sum += r.ops.read(b + r.biasedOffsetInRegion, 4);
                out.value = 0;
            } else {
                sum += miss(addr);
            }
        }
        return sum;
    }

    /**
     * Volatile view read, hint, coverage test, the guard around the call.
     *
     * @return the sum of the values read
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long volatileViewHintGuardCall() {
        final Space s = space;
        final Result out = result;
        long sum = 0;
        for (long addr : mmioAddresses) {
            final Range r = s.view.hint;
            final long b = addr - r.biasedStart;
            final Guard g;
            if (b <= r.biasedSpan && (g = r.guard).home == Thread.currentThread() && !g.engaged) {
                g.engaged = true;
                try {
                    sum += r.ops.read(b + r.biasedOffsetInRegion, 4);
                } finally {
                    g.engaged = false;
                }
                out.value = 0;
            } else {
                sum += miss(addr);
            }
        }
        return sum;
    }

    /**
     * Plain view read, hint, coverage test, call.
     *
     * @return the sum of the values read
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long plainViewHintCall() {
        final Space s = space;
        final Result out = result;
        long sum = 0;
        for (long addr : mmioAddresses) {
            final Range r = s.plainView.hint;
            final long b = addr - r.biasedStart;
            if (b <= r.biasedSpan) {
                sum += r.ops.read(b + r.biasedOffsetInRegion, 4);
                out.value = 0;
            } else {
                sum += miss(addr);
            }
        }
        return sum;
    }

    /** The path the loops never take (kept out of line, as the real path's lookup). */
    private static long miss(long addr) {
        throw new IllegalStateException("address 0x" + Long.toHexString(addr) + " is not in the hint");
    }
}
