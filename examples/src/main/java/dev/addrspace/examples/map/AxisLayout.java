package dev.addrspace.examples.map;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The piecewise address axis shared by every column of a {@link MemoryMap}: the address space cut at
 * every range boundary of every column into pieces ({@code segments}), each with a pixel height from
 * {@link MapOptions}, and the pieces unmapped everywhere and large enough collapsed into gaps.
 *
 * <p>Immutable after construction. Allocates.
 */
final class AxisLayout {

    final long[] start;
    final long[] last;
    final boolean[] mapped;
    final boolean[] gap;
    final int[] y;
    final int[] height;
    final long axisLast;
    final int top;
    final int bottom;

    AxisLayout(MemoryMap map, MapOptions options, int top) {
        long end = 0;
        for (MemoryMap.Column c : map.columns()) {
            if (Long.compareUnsigned(c.last(), end) > 0) {
                end = c.last();
            }
        }
        this.axisLast = end;
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.add(0L);
        for (MemoryMap.Column c : map.columns()) {
            for (MemoryMap.Block b : c.blocks()) {
                cuts.add(b.start());
                if (b.last() != -1L && Long.compareUnsigned(b.last(), end) < 0) {
                    cuts.add(b.last() + 1);
                }
                for (MemoryMap.AliasChange change : b.changes()) {
                    cuts.add(change.address());
                }
            }
        }
        int n = cuts.size();
        start = new long[n];
        last = new long[n];
        int i = 0;
        for (long s : cuts) {
            start[i++] = s;
        }
        for (i = 0; i < n; i++) {
            last[i] = i + 1 < n ? start[i + 1] - 1 : end;
        }
        mapped = new boolean[n];
        for (MemoryMap.Column c : map.columns()) {
            for (MemoryMap.Block b : c.blocks()) {
                for (int k = indexOf(b.start()); k < n && Long.compareUnsigned(start[k], b.last()) <= 0; k++) {
                    mapped[k] = true;
                }
            }
        }
        gap = new boolean[n];
        y = new int[n];
        height = new int[n];
        int pos = top;
        for (i = 0; i < n; i++) {
            long size = last[i] - start[i] + 1;
            gap[i] = !mapped[i] && (size == 0 || Long.compareUnsigned(size, options.gapThreshold()) >= 0);
            height[i] = gap[i] ? options.gapHeight() : rowHeight(size, options);
            y[i] = pos;
            pos += height[i];
        }
        this.top = top;
        this.bottom = pos;
    }

    /** The height of a piece of {@code size} bytes (0 for 2^64): a row plus a step per doubling above 4 KiB. */
    static int rowHeight(long size, MapOptions options) {
        double log2 = size == 0 ? 64.0 : Math.log(unsignedToDouble(size)) / Math.log(2.0);
        double extra = Math.max(0.0, log2 - 12.0) * options.pixelsPerDoubling();
        return options.rowHeight() + (int) Math.round(extra);
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0;
    }

    /** @return the number of pieces */
    int size() {
        return start.length;
    }

    /** @return the index of the piece that contains {@code addr} */
    int indexOf(long addr) {
        int lo = 0;
        int hi = start.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(start[mid], addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** @return the top pixel of the piece that starts at {@code addr} (or contains it) */
    int top(long addr) {
        return y[indexOf(addr)];
    }

    /** @return the pixel just below the piece that ends at {@code lastAddr} (or contains it) */
    int bottom(long lastAddr) {
        int i = indexOf(lastAddr);
        return y[i] + height[i];
    }

    /** @return the pixel of {@code addr}, interpolated linearly inside its piece */
    double yOf(long addr) {
        int i = indexOf(addr);
        double size = last[i] - start[i] == -1L ? 0x1p64 : unsignedToDouble(last[i] - start[i]) + 1.0;
        double into = unsignedToDouble(addr - start[i]);
        return y[i] + height[i] * (into / size);
    }

    /**
     * The parts of {@code [from, to]} outside collapsed gaps, as index pairs of pieces, so that a hole is
     * drawn as hole everywhere but where a gap's break marker stands.
     */
    List<int[]> runsOutsideGaps(long from, long to) {
        List<int[]> runs = new ArrayList<>();
        int first = -1;
        for (int k = indexOf(from); k < start.length && Long.compareUnsigned(start[k], to) <= 0; k++) {
            if (gap[k]) {
                if (first >= 0) {
                    runs.add(new int[] {first, k - 1});
                    first = -1;
                }
            } else if (first < 0) {
                first = k;
            }
        }
        if (first >= 0) {
            runs.add(new int[] {first, Math.min(indexOf(to), start.length - 1)});
        }
        return runs;
    }
}
