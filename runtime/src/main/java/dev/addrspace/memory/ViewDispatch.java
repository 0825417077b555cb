package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup structure of one view, QEMU's {@code AddressSpaceDispatch} rethought: a radix tree over
 * page numbers whose slots hold, as high in the tree as the layout allows, either nothing (a hole), one
 * range (checked for coverage, so a range that covers a slot only partly needs no subdivision), a small
 * sorted list of ranges searched by bisection, or a child node. No per-byte tables (QEMU's sub-pages
 * cost 8 KiB per mixed page); a page shared by several ranges is a sorted list.
 *
 * <p>Levels, top down: the whole 2^64 space; 128 slots of 2^57 bytes; then 512-slot nodes of 2^48,
 * 2^39, 2^30 (1 GiB), 2^21 (2 MiB) and 2^12 (one {@value #PAGE_SIZE}-byte page) bytes a slot. A lookup
 * takes at most 6 node steps plus one bisection of at most {@value #LIST_MAX} ranges, or of the ranges
 * within one page. A view of at most {@value #LIST_MAX} ranges is a single list. A most-recently-used
 * range is checked first.
 *
 * <p>Built once from the view's sorted ranges (allocates), immutable apart from the MRU hint, shared
 * with the view. Safe for concurrent readers; lookups are allocation free.
 */
final class ViewDispatch {

    /** The dispatch page: 4 KiB, the target page of ARM, x86 and RISC-V, as QEMU's TARGET_PAGE_BITS. */
    static final int PAGE_BITS = 12;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    /** Bits a node level resolves: 512 slots (2 to 4 KiB of references), QEMU's P_L2_BITS. */
    static final int LEVEL_BITS = 9;
    /** A slot holding at most this many ranges is a list, not a node: bisection takes 3 steps. */
    static final int LIST_MAX = 8;
    /** The top node's slot covers 2^57 bytes: 64 - 57 = 7 bits, 128 slots. */
    private static final int TOP_SHIFT = PAGE_BITS + 5 * LEVEL_BITS;

    private static final ViewDispatch EMPTY = new ViewDispatch(new AccessRange[0]);

    private final AccessRange[] ranges;
    /** Range starts with the sign bit flipped, so that signed comparison orders them unsigned. */
    private final long[] keys;
    private final Object root;
    /** Most recently used range; a racy hint, always checked before use, any value is valid. */
    private AccessRange mru;

    private ViewDispatch(AccessRange[] ranges) {
        this.ranges = ranges;
        this.keys = keysOf(ranges);
        this.root = build(ranges, 0, ranges.length, 0, 64);
    }

    /**
     * Builds the dispatch of sorted, non-overlapping ranges. Allocates.
     *
     * @param ranges the ranges in ascending address order
     * @return the dispatch
     * @throws IllegalArgumentException if the ranges overlap or are out of order
     */
    static ViewDispatch of(List<AccessRange> ranges) {
        if (ranges.isEmpty()) {
            return EMPTY;
        }
        final AccessRange[] array = ranges.toArray(new AccessRange[0]);
        for (int i = 1; i < array.length; i++) {
            if (Long.compareUnsigned(array[i - 1].last, array[i].start) >= 0) {
                throw new IllegalArgumentException("ranges overlap or are out of order: " + array[i - 1] + " then "
                        + array[i]);
            }
        }
        return new ViewDispatch(array);
    }

    /**
     * Builds the dispatch of a rendered view. Allocates.
     *
     * @param view the view
     * @return the dispatch
     */
    static ViewDispatch of(FlatView view) {
        if (view.isEmpty()) {
            return EMPTY;
        }
        final Map<MemoryRegion, MmioProfile> profiles = new IdentityHashMap<>();
        final List<AccessRange> list = new ArrayList<>(view.rangeCount());
        for (FlatRange fr : view.ranges()) {
            list.add(AccessRange.of(fr, profiles));
        }
        return of(list);
    }

    /** @return the empty dispatch: every address is a hole */
    static ViewDispatch empty() {
        return EMPTY;
    }

    /** @return the ranges in ascending order (the array itself; do not modify) */
    AccessRange[] ranges() {
        return ranges;
    }

    /**
     * Finds the range covering {@code addr}. Allocation free.
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
        Object slot = root;
        int shift = 64;
        while (true) {
            if (slot == null) {
                return null;
            }
            if (slot instanceof AccessRange) {
                final AccessRange r = (AccessRange) slot;
                if (r.covers(addr)) {
                    mru = r;
                    return r;
                }
                return null;
            }
            if (slot instanceof Object[]) {
                final Object[] node = (Object[]) slot;
                shift = shift == 64 ? TOP_SHIFT : shift - LEVEL_BITS;
                slot = node[(int) (addr >>> shift) & (node.length - 1)];
                continue;
            }
            final AccessRange r = ((RangeList) slot).find(addr);
            if (r != null) {
                mru = r;
            }
            return r;
        }
    }

    /**
     * The first address after {@code addr} where a range starts, for skipping a hole. Allocation free.
     *
     * @param addr an address in a hole
     * @return the start of the next range, or 0 when no range follows (the hole runs to 2^64)
     */
    long nextStart(long addr) {
        final int i = upperBound(keys, addr ^ Long.MIN_VALUE);
        return i < ranges.length ? ranges[i].start : 0;
    }

    /** @return the index of the first key above {@code key} */
    private static int upperBound(long[] keys, long key) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long[] keysOf(AccessRange[] ranges) {
        final long[] keys = new long[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            keys[i] = ranges[i].start ^ Long.MIN_VALUE;
        }
        return keys;
    }

    /**
     * The content of a slot covering [base, base + 2^shift - 1], given the ranges [lo, hi) that intersect
     * it.
     */
    private static Object build(AccessRange[] ranges, int lo, int hi, long base, int shift) {
        final int count = hi - lo;
        if (count == 0) {
            return null;
        }
        if (count == 1) {
            return ranges[lo];
        }
        if (count <= LIST_MAX || shift <= PAGE_BITS) {
            return new RangeList(Arrays.copyOfRange(ranges, lo, hi));
        }
        final int childShift = shift == 64 ? TOP_SHIFT : shift - LEVEL_BITS;
        final int slots = shift == 64 ? 1 << (64 - TOP_SHIFT) : 1 << LEVEL_BITS;
        final Object[] node = new Object[slots];
        int first = lo;
        for (int i = 0; i < slots; i++) {
            final long childBase = base + ((long) i << childShift);
            final long childLast = childBase + ((1L << childShift) - 1);
            while (first < hi && Long.compareUnsigned(ranges[first].last, childBase) < 0) {
                first++;
            }
            int end = first;
            while (end < hi && Long.compareUnsigned(ranges[end].start, childLast) <= 0) {
                end++;
            }
            node[i] = build(ranges, first, end, childBase, childShift);
        }
        return node;
    }

    /** Several ranges sharing a slot, sorted, found by bisection. Immutable. */
    private static final class RangeList {
        private final long[] keys;
        private final AccessRange[] ranges;

        RangeList(AccessRange[] ranges) {
            this.ranges = ranges;
            this.keys = keysOf(ranges);
        }

        AccessRange find(long addr) {
            final int i = upperBound(keys, addr ^ Long.MIN_VALUE) - 1;
            if (i < 0) {
                return null;
            }
            final AccessRange r = ranges[i];
            return r.covers(addr) ? r : null;
        }
    }
}
