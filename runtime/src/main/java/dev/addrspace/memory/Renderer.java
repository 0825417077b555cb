package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a region tree into flat ranges exactly as QEMU's {@code render_memory_region} followed by
 * {@code flatview_simplify}, and resolves flat-view roots as {@code memory_region_get_flatview_root}.
 *
 * <p>Arithmetic: the clip is always inside {@code [0, 2^64)} and is held as two unsigned {@code long}s,
 * first and last byte. The base, which an alias offset can push below zero and nested containers above
 * 2^64, is a signed 128-bit value held as {@code (hi, lo)}: {@code hi} signed, {@code lo} unsigned, with
 * explicit carries. Offsets inside a region always fit 64 bits because they lie between the clipped
 * start and the region's end.
 *
 * <p>Gaps: the ranges rendered so far sit in a {@link TreeMap} keyed by unsigned start, so a terminating
 * region finds the gaps under its clip in {@code O(log n + k)} for {@code k} ranges already under it,
 * where QEMU scans the whole array from the start and inserts by moving memory.
 *
 * <p>Not thread safe: one instance per render, on the writer's thread. Allocates.
 */
final class Renderer {

    private final NavigableMap<Long, FlatRange> ranges = new TreeMap<>(Long::compareUnsigned);
    private final Set<MemoryRegion> visited = Collections.newSetFromMap(new IdentityHashMap<>());

    private Renderer() {
    }

    /** The result of a render: the simplified ranges and every region the render looked at. */
    static final class Result {
        final FlatRange[] ranges;
        final Set<MemoryRegion> visited;

        Result(FlatRange[] ranges, Set<MemoryRegion> visited) {
            this.ranges = ranges;
            this.visited = visited;
        }
    }

    /**
     * Renders {@code root} from base 0 with the clip {@code [0, 2^64)}, then merges adjacent ranges.
     *
     * @param root the flat-view root, not null
     * @return the ranges and the regions the render depends on
     */
    static Result render(MemoryRegion root) {
        Renderer r = new Renderer();
        r.renderRegion(root, 0, 0, 0, -1L, false, false, false);
        return new Result(simplify(r.ranges.values()), r.visited);
    }

    private void renderRegion(MemoryRegion mr, long baseHi, long baseLo, long clipStart, long clipLast,
            boolean readonly, boolean nonvolatile, boolean unmergeable) {
        visited.add(mr);
        if (!mr.isEnabled()) {
            return;
        }
        long lo = baseLo + mr.addr();
        long hi = baseHi + (Long.compareUnsigned(lo, baseLo) < 0 ? 1 : 0);
        readonly |= mr.isReadonly();
        nonvolatile |= mr.isNonvolatile();
        unmergeable |= mr.isUnmergeable();
        long size = mr.size();
        if (size == 0) {
            return;
        }
        long endLo = lo + MemoryRegion.lastOffset(size);
        long endHi = hi + (Long.compareUnsigned(endLo, lo) < 0 ? 1 : 0);
        // [start, end] against the clip, in 128 bits: the clip has hi == 0.
        if (hi > 0 || (hi == 0 && Long.compareUnsigned(lo, clipLast) > 0)) {
            return;
        }
        if (endHi < 0 || (endHi == 0 && Long.compareUnsigned(endLo, clipStart) < 0)) {
            return;
        }
        long cs = hi < 0 || Long.compareUnsigned(lo, clipStart) < 0 ? clipStart : lo;
        long cl = endHi > 0 || Long.compareUnsigned(endLo, clipLast) > 0 ? clipLast : endLo;

        MemoryRegion target = mr.aliasTarget();
        if (target != null) {
            long a = target.addr();
            long lo1 = lo - a;
            long hi1 = hi - (Long.compareUnsigned(lo, a) < 0 ? 1 : 0);
            long off = mr.aliasOffset();
            long lo2 = lo1 - off;
            long hi2 = hi1 - (Long.compareUnsigned(lo1, off) < 0 ? 1 : 0);
            renderRegion(target, hi2, lo2, cs, cl, readonly, nonvolatile, unmergeable);
            return;
        }
        for (MemoryRegion child : mr.subregionList()) {
            renderRegion(child, hi, lo, cs, cl, readonly, nonvolatile, unmergeable);
        }
        if (!mr.terminates()) {
            return;
        }
        // cs - base: exact in 64 bits since base <= cs <= base + size - 1.
        long offsetAtClipStart = cs - lo;
        insertIntoGaps(mr, cs, cl, offsetAtClipStart, readonly, nonvolatile, unmergeable);
    }

    private void insertIntoGaps(MemoryRegion mr, long cs, long cl, long offsetAtCs, boolean readonly,
            boolean nonvolatile, boolean unmergeable) {
        List<long[]> gaps = new ArrayList<>(2);
        long pos = cs;
        Map.Entry<Long, FlatRange> before = ranges.floorEntry(cs);
        if (before != null && Long.compareUnsigned(before.getValue().last(), cs) >= 0) {
            long l = before.getValue().last();
            if (Long.compareUnsigned(l, cl) >= 0) {
                return;
            }
            pos = l + 1;
        }
        boolean covered = false;
        for (FlatRange fr : ranges.subMap(pos, true, cl, true).values()) {
            if (fr.start() != pos) {
                gaps.add(new long[] {pos, fr.start() - 1});
            }
            if (Long.compareUnsigned(fr.last(), cl) >= 0) {
                covered = true;
                break;
            }
            pos = fr.last() + 1;
        }
        if (!covered) {
            gaps.add(new long[] {pos, cl});
        }
        int mask = mr.dirtyLogMask();
        boolean romd = mr.romdMode();
        for (long[] g : gaps) {
            ranges.put(g[0], new FlatRange(mr, g[0], g[1], offsetAtCs + (g[0] - cs), mask, romd, readonly,
                    nonvolatile, unmergeable));
        }
    }

    /** QEMU's {@code flatview_simplify}: merge each run of ranges that can merge pairwise. */
    static FlatRange[] simplify(Iterable<FlatRange> sorted) {
        ArrayList<FlatRange> out = new ArrayList<>();
        FlatRange run = null;
        FlatRange prev = null;
        for (FlatRange fr : sorted) {
            if (run != null && prev.canMergeWith(fr)) {
                prev = fr;
                continue;
            }
            if (run != null) {
                out.add(prev == run ? run : run.withLast(prev.last()));
            }
            run = fr;
            prev = fr;
        }
        if (run != null) {
            out.add(prev == run ? run : run.withLast(prev.last()));
        }
        return out.toArray(new FlatRange[0]);
    }

    /**
     * QEMU's {@code memory_region_get_flatview_root}: walks down from an address space's root while the
     * region is enabled, through aliases that show all of their target from offset 0, and through
     * containers whose only enabled child sits at 0 and fits.
     *
     * @param mr the address space's root
     * @return the flat-view root, or null when nothing can be mapped (the shared empty view)
     */
    static MemoryRegion flatViewRoot(MemoryRegion mr) {
        while (mr.isEnabled()) {
            MemoryRegion target = mr.aliasTarget();
            if (target != null) {
                if (mr.aliasOffset() == 0 && sizeGe(mr.size(), target.size())) {
                    mr = target;
                    continue;
                }
            } else if (!mr.terminates()) {
                int found = 0;
                MemoryRegion next = null;
                for (MemoryRegion child : mr.subregionList()) {
                    if (child.isEnabled()) {
                        if (++found > 1) {
                            next = null;
                            break;
                        }
                        if (child.addr() == 0 && sizeGe(mr.size(), child.size())) {
                            next = child;
                        }
                    }
                }
                if (found == 0) {
                    return null;
                }
                if (next != null) {
                    mr = next;
                    continue;
                }
            }
            return mr;
        }
        return null;
    }

    /** Unsigned size comparison where {@link MemoryRegion#SIZE_2_64} is the largest. */
    static boolean sizeGe(long a, long b) {
        if (a == MemoryRegion.SIZE_2_64) {
            return true;
        }
        if (b == MemoryRegion.SIZE_2_64) {
            return false;
        }
        return Long.compareUnsigned(a, b) >= 0;
    }
}
