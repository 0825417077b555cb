package dev.addrspace.memory;

import java.math.BigInteger;
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
 * <p>Alias loops: an alias may show a window of a region it is itself inside (ARM's SSE puts an alias of
 * {@code arm-sse-cpu-container0} into that container). QEMU renders such a loop by plain recursion and
 * this renderer follows the same calls; it ends where QEMU's ends, because every turn round the loop
 * intersects the clip with the loop's regions shifted by the turn's offset. When counting loops, a call
 * that an alias makes into a region which already is on the render path (a call that passed the enabled
 * and clip checks, up the chain of calls) is an <em>alias re-entry</em>; a render with more than
 * {@link #MAX_NESTED_REENTRIES} of them nested on one path, or more than {@link #MAX_REENTRIES} in all,
 * is refused with an {@link IllegalArgumentException} that names the loop. {@code docs/memory-model.md}
 * (section Alias loops) gives the reasons for the two numbers.
 *
 * <p>Not thread safe: one instance per render, under the memory system's lock (the loop count marks
 * regions while they are on the render path). Allocates.
 */
final class Renderer {

    /**
     * The most alias re-entries nested on one render path. A loop that maps a window of a region onto
     * itself shifted by {@code d} turns about {@code window / |d|} times; a shift of 0 turns forever. Real
     * machines turn once (ARM SSE); QEMU's recursion overflows an 8 MiB stack at some ten thousand turns.
     */
    static final int MAX_NESTED_REENTRIES = 1024;
    /**
     * The most alias re-entries in one render, all paths together: two loops through one region branch,
     * and QEMU's call tree (and its work) grows exponentially with the turns, long before any path is deep.
     */
    static final int MAX_REENTRIES = 65_536;

    /** The ranges rendered so far; null when only checking loops. */
    private final NavigableMap<Long, FlatRange> ranges;
    /** Every region the render looked at; null when only checking loops. */
    private final Set<MemoryRegion> visited;
    /** Whether to count alias re-entries (a memory system that holds a loop). */
    private final boolean countLoops;
    /** When only checking loops: prunes the subregions from which no loop can be reached. */
    private final LoopGuard prune;
    /** The explicit render stack (QEMU recurses; a tree 10,000 deep must not overflow the thread stack). */
    private Frame[] stack = new Frame[16];
    private int top;
    /** The render path when counting loops: every call that passed its checks, outermost first. */
    private MemoryRegion[] path = new MemoryRegion[16];
    /** The start address (128-bit) of each region on {@link #path}, for the loop's description. */
    private long[] pathHi = new long[16];
    private long[] pathLo = new long[16];
    /** The clip of each call on {@link #path}. */
    private long[] pathClipStart = new long[16];
    private long[] pathClipLast = new long[16];
    /** For each call on {@link #path}: its region's previous place on the path, as {@code renderPathSlot}. */
    private int[] pathPrevSlot = new int[16];
    private int pathTop;
    private int reentries;

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
        /** Where this frame's chain of calls (aliases, then the region) starts on {@link #path}. */
        int pathStart;
        /** Alias re-entries on the path down to and including this frame's region. */
        int nested;
    }

    private Renderer(boolean render, boolean countLoops, LoopGuard prune) {
        this.ranges = render ? new TreeMap<>(Long::compareUnsigned) : null;
        this.visited = render ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
        this.countLoops = countLoops;
        this.prune = prune;
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
     * Renders {@code root} from base 0 with the clip {@code [0, 2^64)}, then merges adjacent ranges,
     * without counting alias re-entries (for a memory system whose graph has no loop, where every render
     * path is finite). Iterative: the depth of the tree and the length of alias chains are bounded by the
     * heap only.
     *
     * @param root the flat-view root, not null
     * @return the ranges and the regions the render depends on
     */
    static Result render(MemoryRegion root) {
        return render(root, false);
    }

    /**
     * Renders {@code root} as {@link #render(MemoryRegion)} does, counting alias re-entries when
     * {@code countLoops} is set.
     *
     * @param root the flat-view root, not null
     * @param countLoops whether the graph may hold a loop
     * @return the ranges and the regions the render depends on
     * @throws IllegalArgumentException if the render exceeds {@link #MAX_NESTED_REENTRIES} or
     *     {@link #MAX_REENTRIES}; the message names the loop
     */
    static Result render(MemoryRegion root, boolean countLoops) {
        Renderer r = new Renderer(true, countLoops, null);
        r.runAndUnmark(root);
        return new Result(simplify(r.ranges.values()), r.visited);
    }

    /**
     * Makes the calls QEMU's render of {@code root} makes, counting alias re-entries, without rendering
     * ranges; skips every subregion from which {@code guard} says no loop is reachable (no re-entry can
     * happen below it).
     *
     * @param root the flat-view root, not null
     * @param guard says which regions reach a loop
     * @return the number of alias re-entries the render makes
     * @throws IllegalArgumentException if the render exceeds {@link #MAX_NESTED_REENTRIES} or
     *     {@link #MAX_REENTRIES}; the message names the loop
     */
    static int checkLoops(MemoryRegion root, LoopGuard guard) {
        Renderer r = new Renderer(false, true, guard);
        r.runAndUnmark(root);
        return r.reentries;
    }

    private void runAndUnmark(MemoryRegion root) {
        try {
            run(root);
        } finally {
            unwindPath(0);
            while (top > 0) {
                stack[--top].mr = null;
            }
        }
    }

    private void run(MemoryRegion root) {
        enter(root, 0, 0, 0, -1L, false, false, false, 0);
        while (top > 0) {
            Frame f = stack[top - 1];
            List<MemoryRegion> children = prune != null ? prune.loopChildren(f.mr) : f.mr.subregionList();
            if (f.nextChild < children.size()) {
                MemoryRegion child = children.get(f.nextChild++);
                enter(child, f.baseHi, f.baseLo, f.clipStart, f.clipLast, f.readonly, f.nonvolatile, f.unmergeable,
                        f.nested);
                continue;
            }
            top--;
            MemoryRegion mr = f.mr;
            f.mr = null;
            if (ranges != null && mr.terminates()) {
                // clipStart - base: exact in 64 bits since base <= clipStart <= base + size - 1.
                insertIntoGaps(mr, f.clipStart, f.clipLast, f.clipStart - f.baseLo, f.readonly, f.nonvolatile,
                        f.unmergeable);
            }
            if (countLoops) {
                unwindPath(f.pathStart);
            }
        }
    }

    /**
     * QEMU's {@code render_memory_region} up to its loop over the subregions: follows alias chains in a
     * loop, then pushes a frame whose children the main loop renders in list order, and whose gaps it
     * fills once they are done. When counting loops, every call that passes its checks goes on the path
     * until its frame (or, for a leaf, the call itself) is done.
     */
    private void enter(MemoryRegion mr, long baseHi, long baseLo, long clipStart, long clipLast,
            boolean readonly, boolean nonvolatile, boolean unmergeable, int nested) {
        final int chainStart = pathTop;
        boolean viaAlias = false;
        while (true) {
            if (visited != null) {
                visited.add(mr);
            }
            if (!mr.isEnabled()) {
                unwindPath(chainStart);
                return;
            }
            long lo = baseLo + mr.addr();
            long hi = baseHi + (Long.compareUnsigned(lo, baseLo) < 0 ? 1 : 0);
            readonly |= mr.isReadonly();
            nonvolatile |= mr.isNonvolatile();
            unmergeable |= mr.isUnmergeable();
            long size = mr.size();
            if (size == 0) {
                unwindPath(chainStart);
                return;
            }
            long endLo = lo + MemoryRegion.lastOffset(size);
            long endHi = hi + (Long.compareUnsigned(endLo, lo) < 0 ? 1 : 0);
            // [start, end] against the clip, in 128 bits: the clip has hi == 0.
            if (hi > 0 || (hi == 0 && Long.compareUnsigned(lo, clipLast) > 0)) {
                unwindPath(chainStart);
                return;
            }
            if (endHi < 0 || (endHi == 0 && Long.compareUnsigned(endLo, clipStart) < 0)) {
                unwindPath(chainStart);
                return;
            }
            long cs = hi < 0 || Long.compareUnsigned(lo, clipStart) < 0 ? clipStart : lo;
            long cl = endHi > 0 || Long.compareUnsigned(endLo, clipLast) > 0 ? clipLast : endLo;

            if (countLoops) {
                int slot = mr.renderPathSlot;
                if (viaAlias && slot > 0) {
                    nested++;
                    reentries++;
                    // The same region at the same base with the same clip repeats its previous call exactly:
                    // the turns would go on forever, so there is no need to count to the bound.
                    boolean repeats = pathHi[slot - 1] == hi && pathLo[slot - 1] == lo
                            && pathClipStart[slot - 1] == cs && pathClipLast[slot - 1] == cl;
                    if (repeats || nested > MAX_NESTED_REENTRIES || reentries > MAX_REENTRIES) {
                        throw loopError(mr, hi, lo, cs, cl, nested, repeats);
                    }
                }
                pushPath(mr, hi, lo, cs, cl);
            }

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
                viaAlias = true;
                continue;
            }
            if (mr.subregionList().isEmpty()) {
                if (ranges != null && mr.terminates()) {
                    insertIntoGaps(mr, cs, cl, cs - lo, readonly, nonvolatile, unmergeable);
                }
                unwindPath(chainStart);
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
            f.pathStart = chainStart;
            f.nested = nested;
            return;
        }
    }

    private void pushPath(MemoryRegion mr, long hi, long lo, long cs, long cl) {
        if (pathTop == path.length) {
            int n = pathTop * 2;
            path = Arrays.copyOf(path, n);
            pathHi = Arrays.copyOf(pathHi, n);
            pathLo = Arrays.copyOf(pathLo, n);
            pathClipStart = Arrays.copyOf(pathClipStart, n);
            pathClipLast = Arrays.copyOf(pathClipLast, n);
            pathPrevSlot = Arrays.copyOf(pathPrevSlot, n);
        }
        path[pathTop] = mr;
        pathHi[pathTop] = hi;
        pathLo[pathTop] = lo;
        pathClipStart[pathTop] = cs;
        pathClipLast[pathTop] = cl;
        pathPrevSlot[pathTop] = mr.renderPathSlot;
        pathTop++;
        mr.renderPathSlot = pathTop;
    }

    /** Takes the calls above {@code to} off the path. A no-op when not counting loops. */
    private void unwindPath(int to) {
        while (pathTop > to) {
            MemoryRegion mr = path[--pathTop];
            path[pathTop] = null;
            mr.renderPathSlot = pathPrevSlot[pathTop];
        }
    }

    /**
     * Describes the loop that {@code mr}'s re-entry closes: the calls from its previous place on the path
     * to this one, and the shift of one turn.
     */
    private IllegalArgumentException loopError(MemoryRegion mr, long hi, long lo, long cs, long cl, int nested,
            boolean repeats) {
        int prev = mr.renderPathSlot - 1;
        BigInteger now = int128(hi, lo);
        BigInteger shift = now.subtract(int128(pathHi[prev], pathLo[prev]));
        StringBuilder loop = new StringBuilder();
        int n = pathTop - prev;
        for (int i = prev; i < pathTop; i++) {
            if (n > 10 && i == prev + 4) {
                loop.append(" -> ... (").append(n - 8).append(" more)");
                i = pathTop - 5;
                continue;
            }
            if (i > prev) {
                loop.append(" -> ");
            }
            describe(loop, path[i], int128(pathHi[i], pathLo[i]));
        }
        loop.append(" -> ");
        describe(loop, mr, now);
        MemoryRegion alias = path[pathTop - 1];
        StringBuilder m = new StringBuilder();
        m.append("alias '").append(alias.name()).append("' re-enters '").append(mr.name())
                .append("', which the render is already inside (loop: ").append(loop).append("), ");
        if (repeats) {
            m.append("at the same address with the same window: each turn renders the same window again, so the"
                    + " render never ends (QEMU's render_memory_region recurses until its stack overflows)");
        } else {
            BigInteger window = int128(0, cl).subtract(int128(0, cs)).add(BigInteger.ONE);
            m.append("shifted by ").append(signedHex(shift)).append(" a turn; ");
            if (nested > MAX_NESTED_REENTRIES) {
                m.append("that nests more than ").append(MAX_NESTED_REENTRIES)
                        .append(" alias re-entries on one render path (the window still open is ")
                        .append(hex(window)).append(" bytes");
                if (shift.signum() != 0) {
                    m.append(": about ").append(window.divide(shift.abs())).append(" more turns");
                }
                m.append("; QEMU recurses once per turn and overflows its stack long before a window of 2^64 bytes"
                        + " runs out)");
            } else {
                m.append("with the other loops there that makes more than ").append(MAX_REENTRIES)
                        .append(" alias re-entries in one render (the loops branch: QEMU's calls grow"
                                + " exponentially with the turns)");
            }
        }
        return new IllegalArgumentException(m.toString());
    }

    private static void describe(StringBuilder out, MemoryRegion mr, BigInteger start) {
        out.append('\'').append(mr.name()).append("' @").append(signedHex(start));
        if (mr.aliasTarget() != null) {
            out.append(" (alias of '").append(mr.aliasTarget().name()).append("' from offset ")
                    .append(MemoryRegion.hex(mr.aliasOffset())).append(')');
        }
    }

    private static BigInteger int128(long hi, long lo) {
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    private static String hex(BigInteger v) {
        return "0x" + v.toString(16);
    }

    private static String signedHex(BigInteger v) {
        return v.signum() < 0 ? "-0x" + v.negate().toString(16) : "0x" + v.toString(16);
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
     * containers whose only enabled child sits at 0 and fits. A loop, so any depth is fine. A walk that
     * comes back to a region it passed would go round forever (QEMU's does); it is refused.
     *
     * @param mr the address space's root
     * @param deps receives every region whose fields the walk read (for a container, all its children)
     * @return the flat-view root, or null when nothing can be mapped (the shared empty view)
     * @throws IllegalArgumentException if the walk goes round a loop; the message names its regions
     */
    static MemoryRegion flatViewRoot(MemoryRegion mr, List<MemoryRegion> deps) {
        // A walk longer than this may be a loop: from then on, remember where it has been.
        final int trustedSteps = 4096;
        int steps = 0;
        Set<MemoryRegion> seen = null;
        while (true) {
            if (++steps > trustedSteps) {
                if (seen == null) {
                    seen = Collections.newSetFromMap(new IdentityHashMap<>());
                }
                if (!seen.add(mr)) {
                    throw new IllegalArgumentException(describeWalkLoop(mr));
                }
            }
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

    /** The regions of the walk's loop through {@code start}, which the walk is known to come back to. */
    private static String describeWalkLoop(MemoryRegion start) {
        StringBuilder loop = new StringBuilder("'").append(start.name()).append('\'');
        MemoryRegion mr = start;
        int n = 0;
        do {
            MemoryRegion next = mr.aliasTarget();
            if (next == null) {
                for (MemoryRegion child : mr.subregionList()) {
                    if (child.isEnabled()) {
                        next = child;
                    }
                }
            }
            mr = next;
            if (++n <= 16) {
                loop.append(" -> '").append(mr.name()).append('\'');
            } else if (n == 17) {
                loop.append(" -> ...");
            }
        } while (mr != start && n < 1_000_000);
        return "the flat-view root walk goes round " + loop + " forever: each step is an alias that shows all of"
                + " its target from offset 0 or a container whose only enabled subregion sits at 0 and fits, so the"
                + " render would map the same window onto itself (QEMU's memory_region_get_flatview_root loops"
                + " forever)";
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
