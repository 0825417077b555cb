package dev.addrspace.memory;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;

/**
 * The rendered, flattened map of an address space, as QEMU's {@code FlatView}: non-overlapping
 * {@link FlatRange}s sorted by start, each naming the terminal region that answers there. Address spaces
 * whose roots resolve to the same flat-view root share one view (QEMU's
 * {@code memory_region_get_flatview_root}); an address space with nothing mapped uses its memory
 * system's shared empty view, whose {@link #root()} is null.
 *
 * <p>Immutable. Safe for concurrent readers: a view never changes once published.
 */
public final class FlatView {

    private final MemoryRegion root;
    private final FlatRange[] ranges;
    private final List<FlatRange> rangeList;

    // The view's main RAM: its largest range of RAM (or ROM), described once when the view is made and
    // tested first by the address-space path (FlatViewAccess.load/store). The fields are the view's own
    // and final, so a thread that reads the published view reads them consistently and reaches the array
    // without loading a range object first. Each is the field of the same name of the range's AccessRange
    // (start, span and region offset plus Long.MIN_VALUE; the arrays null when the range's RAM may not
    // be read or written directly); all arrays are null when the view has no RAM.
    /** See above: {@link AccessRange#biasedStart} of the main RAM range, or 0. */
    final long mainBiasedStart;
    /** {@link AccessRange#biasedSpan} of the main RAM range, or 0. */
    final long mainBiasedSpan;
    /** {@link AccessRange#biasedOffsetInRegion} of the main RAM range, or 0. */
    final long mainBiasedOffsetInRegion;
    /** {@link AccessRange#loadDense} of the main RAM range, or null. */
    final byte[] mainLoadDense;
    /** {@link AccessRange#storeDense} of the main RAM range, or null. */
    final byte[] mainStoreDense;
    /** {@link AccessRange#loadPages} of the main RAM range, or null. */
    final byte[][] mainLoadPages;
    /** {@link AccessRange#storePages} of the main RAM range, or null. */
    final byte[][] mainStorePages;

    FlatView(MemoryRegion root, FlatRange[] ranges) {
        this.root = root;
        this.ranges = ranges;
        this.rangeList = Collections.unmodifiableList(Arrays.asList(ranges));
        final AccessRange main = mainRam(ranges);
        this.mainBiasedStart = main != null ? main.biasedStart : 0;
        this.mainBiasedSpan = main != null ? main.biasedSpan : 0;
        this.mainBiasedOffsetInRegion = main != null ? main.biasedOffsetInRegion : 0;
        this.mainLoadDense = main != null ? main.loadDense : null;
        this.mainStoreDense = main != null ? main.storeDense : null;
        this.mainLoadPages = main != null ? main.loadPages : null;
        this.mainStorePages = main != null ? main.storePages : null;
    }

    /**
     * The access description of the largest range answered by RAM or ROM (the first of equal ones), or
     * null when there is none. Allocates.
     */
    private static AccessRange mainRam(FlatRange[] ranges) {
        FlatRange best = null;
        for (FlatRange fr : ranges) {
            if (fr.region().isRam() && fr.region().ramBlock() != null
                    && (best == null || Long.compareUnsigned(fr.last() - fr.start(), best.last() - best.start()) > 0)) {
                best = fr;
            }
        }
        // a RAM or ROM region has no MMIO profile to share: the map stays empty
        return best != null ? AccessRange.of(best, new HashMap<>()) : null;
    }

    /** @return the flat-view root region, or null for the shared empty view */
    public MemoryRegion root() {
        return root;
    }

    /** @return the ranges sorted by start, unmodifiable */
    public List<FlatRange> ranges() {
        return rangeList;
    }

    /** @return the number of ranges */
    public int rangeCount() {
        return ranges.length;
    }

    /**
     * @param index 0 to {@code rangeCount() - 1}
     * @return the range at {@code index} in address order
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public FlatRange range(int index) {
        return ranges[index];
    }

    /** @return true if nothing is mapped */
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /**
     * Finds the range that contains {@code addr} by binary search. Allocation free.
     *
     * @param addr an address, unsigned
     * @return the range, or null for a hole
     */
    public FlatRange lookup(long addr) {
        int i = indexOfRangeAtOrBefore(addr);
        if (i < 0) {
            return null;
        }
        FlatRange fr = ranges[i];
        return Long.compareUnsigned(addr, fr.last()) <= 0 ? fr : null;
    }

    /** Index of the last range whose start is at or below {@code addr}, or -1. */
    int indexOfRangeAtOrBefore(long addr) {
        int lo = 0;
        int hi = ranges.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(ranges[mid].start(), addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The first range overlapping {@code [start, last]}, clipped to it, as {@code memory_region_find}. */
    MemoryRegionSection findFirst(long start, long last) {
        int i = indexOfRangeAtOrBefore(start);
        if (i < 0 || Long.compareUnsigned(ranges[i].last(), start) < 0) {
            i++;
        }
        if (i >= ranges.length || Long.compareUnsigned(ranges[i].start(), last) > 0) {
            return null;
        }
        FlatRange fr = ranges[i];
        long s = Long.compareUnsigned(fr.start(), start) > 0 ? fr.start() : start;
        long l = Long.compareUnsigned(fr.last(), last) < 0 ? fr.last() : last;
        return new MemoryRegionSection(fr.region(), this, fr.offsetInRegion() + (s - fr.start()), s, l,
                fr.readonly(), fr.nonvolatile(), fr.unmergeable());
    }

    // ------------------------------------------------------------------------------------------------
    // Access path (the access-path work): the view's dispatch, built once per view.

    /** Racy single-check cache: {@link ViewDispatch} is immutable (final fields), so any thread may build it. */
    private ViewDispatch dispatch;
    /**
     * The range the last fixed-size access through this view resolved to, checked first by {@link #find}:
     * a racy hint (any range of this view, or null, is a valid value; it is checked before use), kept in
     * the view itself so that the address-space path goes from the published view to the range in one
     * load, without the dispatch in between.
     */
    AccessRange mru;

    /**
     * The view's lookup structure, shared by every address space that shares the view. A commit builds it
     * when it publishes the view, so accesses find it built; a view used before any publication (an
     * address space's first view) builds it on first use. Allocates once per view.
     */
    ViewDispatch dispatch() {
        ViewDispatch d = dispatch;
        if (d == null) {
            d = ViewDispatch.of(this);
            dispatch = d;
        }
        return d;
    }

    /**
     * Finds the range covering {@code addr}: the view's most-recently-used range when it covers
     * {@code addr}, else the dispatch's lookup (which then becomes the hint). Allocation free once the
     * dispatch is built.
     *
     * @param addr an address, unsigned
     * @return the range, or null for a hole
     */
    AccessRange find(long addr) {
        final AccessRange hint = mru;
        if (hint != null && hint.covers(addr)) {
            return hint;
        }
        return findSlowPath(addr);
    }

    private AccessRange findSlowPath(long addr) {
        final AccessRange r = dispatch().find(addr);
        if (r != null) {
            mru = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return "FlatView[root=" + (root == null ? "(none)" : root.name()) + ", " + ranges.length + " ranges]";
    }
}
