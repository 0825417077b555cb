package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Arrays;
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
    /** The explicit render stack (QEMU recurses; a tree 10,000 deep must not overflow the thread stack). */
    private Frame[] stack = new Frame[16];
    private int top;

    /** One region being rendered: its base (128-bit), its clip and the inherited flags. */
    private static final class Frame {
        MemoryRegion mr;
        long baseHi;
        long baseLo;
        long clipStart;
        long clipLast;
        boolean readonly;
        boolean nonvolatile;
        boolean unmergeable;
        int nextChild;
    }

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
     * Iterative: the depth of the tree and the length of alias chains are bounded by the heap only.
     *
     * @param root the flat-view root, not null
     * @return the ranges and the regions the render depends on
     */
    static Result render(MemoryRegion root) {
        Renderer r = new Renderer();
        r.run(root);
        return new Result(simplify(r.ranges.values()), r.visited);
    }

    private void run(MemoryRegion root) {
        enter(root, 0, 0, 0, -1L, false, false, false);
        while (top > 0) {
            Frame f = stack[top - 1];
            List<MemoryRegion> children = f.mr.subregionList();
            if (f.nextChild < children.size()) {
                MemoryRegion child = children.get(f.nextChild++);
                enter(child, f.baseHi, f.baseLo, f.clipStart, f.clipLast, f.readonly, f.nonvolatile, f.unmergeable);
                continue;
            }
            top--;
            MemoryRegion mr = f.mr;
            f.mr = null;
            if (mr.terminates()) {
                // clipStart - base: exact in 64 bits since base <= clipStart <= base + size - 1.
                insertIntoGaps(mr, f.clipStart, f.clipLast, f.clipStart - f.baseLo, f.readonly, f.nonvolatile,
                        f.unmergeable);
            }
        }
    }

    /**
     * QEMU's {@code render_memory_region} up to its loop over the subregions: follows alias chains in a
     * loop, then pushes a frame whose children the main loop renders in list order, and whose gaps it
     * fills once they are done.
     */
    private void enter(MemoryRegion mr, long baseHi, long baseLo, long clipStart, long clipLast,
            boolean readonly, boolean nonvolatile, boolean unmergeable) {
        while (true) {
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
                baseLo = lo1 - off;
                baseHi = hi1 - (Long.compareUnsigned(lo1, off) < 0 ? 1 : 0);
                clipStart = cs;
                clipLast = cl;
                mr = target;
                continue;
            }
            if (mr.subregionList().isEmpty()) {
                if (mr.terminates()) {
                    insertIntoGaps(mr, cs, cl, cs - lo, readonly, nonvolatile, unmergeable);
                }
                return;
            }
            if (top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2);
            }
            Frame f = stack[top];
            if (f == null) {
                f = new Frame();
                stack[top] = f;
            }
            top++;
            f.mr = mr;
            f.baseHi = hi;
            f.baseLo = lo;
            f.clipStart = cs;
            f.clipLast = cl;
            f.readonly = readonly;
            f.nonvolatile = nonvolatile;
            f.unmergeable = unmergeable;
            f.nextChild = 0;
            return;
        }
    }

    /** Fills the gaps of {@code [cs, cl]} with ranges of {@code mr}; allocates only the ranges it adds. */
    private void insertIntoGaps(MemoryRegion mr, long cs, long cl, long offsetAtCs, boolean readonly,
            boolean nonvolatile, boolean unmergeable) {
        long pos = cs;
        Map.Entry<Long, FlatRange> e = ranges.floorEntry(cs);
        if (e != null && Long.compareUnsigned(e.getValue().last(), cs) >= 0) {
            long l = e.getValue().last();
            if (Long.compareUnsigned(l, cl) >= 0) {
                return;
            }
            pos = l + 1;
        }
        int mask = mr.dirtyLogMask();
        boolean romd = mr.romdMode();
        while (true) {
            e = ranges.ceilingEntry(pos);
            FlatRange fr = e == null ? null : e.getValue();
            if (fr == null || Long.compareUnsigned(fr.start(), cl) > 0) {
                ranges.put(pos, new FlatRange(mr, pos, cl, offsetAtCs + (pos - cs), mask, romd, readonly, nonvolatile,
                        unmergeable));
                return;
            }
            if (fr.start() != pos) {
                ranges.put(pos, new FlatRange(mr, pos, fr.start() - 1, offsetAtCs + (pos - cs), mask, romd, readonly,
                        nonvolatile, unmergeable));
            }
            if (Long.compareUnsigned(fr.last(), cl) >= 0) {
                return;
            }
            pos = fr.last() + 1;
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
     * containers whose only enabled child sits at 0 and fits. A loop, so any depth is fine.
     *
     * @param mr the address space's root
     * @param deps receives every region whose fields the walk read (for a container, all its children)
     * @return the flat-view root, or null when nothing can be mapped (the shared empty view)
     */
    static MemoryRegion flatViewRoot(MemoryRegion mr, List<MemoryRegion> deps) {
        while (true) {
            deps.add(mr);
            if (!mr.isEnabled()) {
                return null;
            }
            MemoryRegion target = mr.aliasTarget();
            if (target != null) {
                // The walk reads the target's size whether or not it goes on to it.
                deps.add(target);
                if (mr.aliasOffset() == 0 && sizeGe(mr.size(), target.size())) {
                    mr = target;
                    continue;
                }
            } else if (!mr.terminates()) {
                int found = 0;
                MemoryRegion only = null;
                for (MemoryRegion child : mr.subregionList()) {
                    deps.add(child);
                    if (child.isEnabled()) {
                        found++;
                        only = child;
                    }
                }
                if (found == 0) {
                    return null;
                }
                if (found == 1 && only.addr() == 0 && sizeGe(mr.size(), only.size())) {
                    mr = only;
                    continue;
                }
            }
            return mr;
        }
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
