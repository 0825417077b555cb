package dev.addrspace.mtree;

import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list order of overlapping equal-priority siblings that an {@code info mtree -D} dump leaves open,
 * chosen so that the rebuilt flat views equal the machine's {@code info mtree -f} dump.
 *
 * <p>QEMU prints a region's children by address, then by priority, then in list order; rendering gives
 * the earlier child in the list the bytes where two children of equal priority overlap. For two such
 * children at the same address the printed order is the list order; for two at different addresses that
 * overlap, the dump does not say which comes first (an <em>open pair</em>). {@link MtreeImport} builds
 * the printed order (the lower address wins); this class then finds the open pairs and, given the
 * {@code -f} dump, picks for each the order that makes the rendered views equal QEMU's.
 *
 * <p>How the order is picked. Siblings of one parent at one priority that overlap, directly or through
 * each other, form a <em>component</em>: only the order inside a component can change a rendering, and
 * components are reordered independently. A component's order is the printed order constrained by one
 * orientation per open pair (which of the two is on top) and by the fixed order of same-address
 * siblings, realized by a topological sort that prefers the printed order; an orientation that would
 * make the constraints cyclic cannot be realized by any list and is not tried. Starting from the
 * printed order, each open pair whose siblings are both enabled is flipped in turn and the flip is kept
 * when the rendered views come closer to the dump: closeness is the number of bytes, over every address
 * space, that map to a different region, offset, type or priority than QEMU's, then the number of
 * address spaces whose printed ranges differ. Passes repeat while a flip helps; the search stops as soon
 * as the views are equal. Each try re-renders once (inside one transaction) and the machines seen have
 * at most a few open pairs, so the search costs a few renders; its worst case is a number of renders
 * proportional to the open pairs times the passes (at most {@value #MAX_PASSES}).
 *
 * <p>Not thread safe; uses only the memory model's public API. Allocates.
 */
final class SiblingOrder {

    /** Upper bound on the improvement passes; each pass tries every open pair once. */
    static final int MAX_PASSES = 8;

    /** Siblings of one parent at one priority that overlap, directly or through each other. */
    private static final class Component {
        final MemoryRegion parent;
        final int priority;
        /** Members in printed order: by address, then in the list order the rebuild gave them. */
        final MemoryRegion[] members;
        final long[] addrs;
        /** Same-address pairs {upper, lower}: fixed by the printed order. */
        final List<int[]> fixed = new ArrayList<>();
        final List<Pair> open = new ArrayList<>();
        /** The order installed in the parent's list, member indices, top first. */
        int[] installed;

        Component(MemoryRegion parent, int priority, MemoryRegion[] members) {
            this.parent = parent;
            this.priority = priority;
            this.members = members;
            this.addrs = new long[members.length];
            this.installed = new int[members.length];
            for (int i = 0; i < members.length; i++) {
                addrs[i] = members[i].addr();
                installed[i] = i;
            }
        }

        /**
         * The list order that the constraints give, preferring the printed order; null if they are cyclic.
         */
        int[] order() {
            int n = members.length;
            int[] indegree = new int[n];
            List<List<Integer>> below = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                below.add(new ArrayList<>());
            }
            for (int[] e : fixed) {
                below.get(e[0]).add(e[1]);
                indegree[e[1]]++;
            }
            for (Pair p : open) {
                int upper = p.flipped ? p.lower : p.upper;
                int lower = p.flipped ? p.upper : p.lower;
                below.get(upper).add(lower);
                indegree[lower]++;
            }
            int[] out = new int[n];
            boolean[] done = new boolean[n];
            for (int k = 0; k < n; k++) {
                int pick = -1;
                for (int i = 0; i < n; i++) {
                    if (!done[i] && indegree[i] == 0) {
                        pick = i;
                        break;
                    }
                }
                if (pick < 0) {
                    return null;
                }
                done[pick] = true;
                out[k] = pick;
                for (int j : below.get(pick)) {
                    indegree[j]--;
                }
            }
            return out;
        }
    }

    /** An open pair: {@code upper} is on top by default (the printed order). */
    private static final class Pair {
        final Component component;
        final int upper;
        final int lower;
        boolean flipped;

        Pair(Component component, int upper, int lower) {
            this.component = component;
            this.upper = upper;
            this.lower = lower;
        }

        boolean bothEnabled() {
            return component.members[upper].isEnabled() && component.members[lower].isEnabled();
        }
    }

    /**
     * How far rendered views are from a dump: the differing bytes (an unsigned 128-bit count) and the
     * number of address spaces whose ranges differ.
     */
    record Distance(long bytesHigh, long bytesLow, int spaces) implements Comparable<Distance> {

        /** @return true if every address space's ranges are QEMU's */
        boolean isZero() {
            return bytesHigh == 0 && bytesLow == 0 && spaces == 0;
        }

        @Override
        public int compareTo(Distance o) {
            int c = Long.compareUnsigned(bytesHigh, o.bytesHigh);
            if (c == 0) {
                c = Long.compareUnsigned(bytesLow, o.bytesLow);
            }
            return c != 0 ? c : Integer.compare(spaces, o.spaces);
        }
    }

    /**
     * What the ordering did.
     *
     * @param openPairs the overlapping equal-priority sibling pairs at different addresses, whose order
     *     the tree dump leaves open
     * @param flipped how many of them were put against the printed order to match the flat dump
     * @param mismatchedSpaces the address spaces whose rebuilt flat view still differs from the dump's;
     *     -1 when no flat dump was given
     */
    record Outcome(int openPairs, int flipped, int mismatchedSpaces) {
    }

    private final List<Component> components = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();

    private SiblingOrder() {
    }

    /**
     * Finds the open pairs among the children of {@code regions}, each of which must still have the
     * printed order among equal-priority siblings (as the rebuild leaves it).
     *
     * @param regions the regions whose children to examine (each parent once)
     * @return the open pairs, grouped in components
     */
    static SiblingOrder find(Collection<MemoryRegion> regions) {
        SiblingOrder so = new SiblingOrder();
        for (MemoryRegion parent : regions) {
            List<MemoryRegion> children = parent.subregions();
            int from = 0;
            while (from < children.size()) {
                int to = from + 1;
                int prio = children.get(from).priority();
                while (to < children.size() && children.get(to).priority() == prio) {
                    to++;
                }
                if (to - from > 1) {
                    so.findInRun(parent, prio, children.subList(from, to));
                }
                from = to;
            }
        }
        return so;
    }

    /** Finds the components among {@code run}, the children of {@code parent} at one priority in list order. */
    private void findInRun(MemoryRegion parent, int priority, List<MemoryRegion> run) {
        int n = run.size();
        Integer[] byAddr = new Integer[n];
        for (int i = 0; i < n; i++) {
            byAddr[i] = i;
        }
        // Printed order: by address, then list order (a stable sort keeps it).
        Arrays.sort(byAddr, (a, b) -> Long.compareUnsigned(run.get(a).addr(), run.get(b).addr()));
        MemoryRegion[] printed = new MemoryRegion[n];
        long[] first = new long[n];
        long[] last = new long[n];
        boolean[] empty = new boolean[n];
        long parentLast = lastByte(0, parent.size());
        for (int k = 0; k < n; k++) {
            printed[k] = run.get(byAddr[k]);
            first[k] = printed[k].addr();
            empty[k] = printed[k].size() == 0;
            long l = lastByte(first[k], printed[k].size());
            last[k] = Long.compareUnsigned(l, parentLast) > 0 ? parentLast : l;
        }
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = i;
        }
        List<int[]> overlaps = new ArrayList<>();
        boolean anyOpen = false;
        for (int i = 0; i < n; i++) {
            if (empty[i]) {
                continue;
            }
            // Starts are sorted: every later sibling that starts inside this one overlaps it.
            for (int j = i + 1; j < n && Long.compareUnsigned(first[j], last[i]) <= 0; j++) {
                if (empty[j]) {
                    continue;
                }
                overlaps.add(new int[] {i, j});
                anyOpen |= first[i] != first[j];
                root[find(root, i)] = find(root, j);
            }
        }
        if (!anyOpen) {
            return;
        }
        Map<Integer, List<Integer>> byRoot = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(find(root, i), k -> new ArrayList<>()).add(i);
        }
        Map<Integer, Component> comps = new HashMap<>();
        int[] index = new int[n];
        for (List<Integer> group : byRoot.values()) {
            if (group.size() < 2) {
                continue;
            }
            MemoryRegion[] members = new MemoryRegion[group.size()];
            for (int k = 0; k < group.size(); k++) {
                members[k] = printed[group.get(k)];
                index[group.get(k)] = k;
            }
            comps.put(find(root, group.get(0)), new Component(parent, priority, members));
        }
        for (int[] o : overlaps) {
            Component c = comps.get(find(root, o[0]));
            int u = index[o[0]];
            int l = index[o[1]];
            if (first[o[0]] == first[o[1]]) {
                c.fixed.add(new int[] {u, l});
            } else {
                c.open.add(new Pair(c, u, l));
            }
        }
        // Components in printed order of their first member, for a deterministic search.
        List<Component> found = new ArrayList<>();
        for (Component c : comps.values()) {
            if (!c.open.isEmpty()) {
                found.add(c);
            }
        }
        found.sort((a, b) -> Long.compareUnsigned(a.addrs[0], b.addrs[0]));
        for (Component c : found) {
            components.add(c);
            pairs.addAll(c.open);
        }
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

    /** The last byte of {@code size} bytes at {@code first}, clamped to 2^64-1 ({@code size} -1 is 2^64). */
    private static long lastByte(long first, long size) {
        if (size == MemoryRegion.SIZE_2_64) {
            return -1L;
        }
        long l = first + size - 1;
        return Long.compareUnsigned(l, first) < 0 ? -1L : l;
    }

    /** @return the number of open pairs */
    int openPairs() {
        return pairs.size();
    }

    /**
     * Reorders the open pairs' siblings in {@code system} so that its flat views come as close as the
     * search finds to {@code flat}'s (equal, on every machine seen); without open pairs it renders
     * nothing.
     *
     * @param system the rebuilt memory system, holding the regions passed to {@link #find}
     * @param flat the machine's parsed {@code info mtree -f} dump
     * @return the outcome
     */
    Outcome fit(MemorySystem system, MtreeDump flat) {
        Map<String, List<List<MtreeDump.FlatRangeLine>>> expected = byAddressSpace(flat);
        Distance best = distance(system, expected);
        int flipped = 0;
        for (int pass = 0; pass < MAX_PASSES && !best.isZero() && !pairs.isEmpty(); pass++) {
            boolean improved = false;
            for (Pair p : pairs) {
                if (best.isZero()) {
                    break;
                }
                if (!p.bothEnabled()) {
                    continue;
                }
                p.flipped = !p.flipped;
                if (p.component.order() == null) {
                    p.flipped = !p.flipped;
                    continue;
                }
                install(system);
                Distance d = distance(system, expected);
                if (d.compareTo(best) < 0) {
                    best = d;
                    improved = true;
                    flipped += p.flipped ? 1 : -1;
                } else {
                    p.flipped = !p.flipped;
                }
            }
            if (!improved) {
                break;
            }
        }
        install(system);
        return new Outcome(pairs.size(), flipped, best.spaces());
    }

    /** Installs every component's current order into its parent's list, in one transaction. */
    private void install(MemorySystem system) {
        system.transaction(() -> {
            for (Component c : components) {
                int[] order = c.order();
                if (Arrays.equals(order, c.installed)) {
                    continue;
                }
                for (MemoryRegion m : c.members) {
                    c.parent.removeSubregion(m);
                }
                // Among equal priorities the latest added goes first: add bottom to top.
                for (int k = order.length - 1; k >= 0; k--) {
                    int i = order[k];
                    c.parent.addSubregionOverlap(c.addrs[i], c.members[i], c.priority);
                }
                c.installed = order;
            }
        });
    }

    /**
     * Groups the views of a dump by address space: the key is the address space's name, root and root
     * alias; names are not unique (several address spaces of one name and root name exist), so a key
     * holds the ranges of every address space that has it.
     */
    private static Map<String, List<List<MtreeDump.FlatRangeLine>>> byAddressSpace(MtreeDump dump) {
        Map<String, List<List<MtreeDump.FlatRangeLine>>> out = new HashMap<>();
        for (MtreeDump.FlatViewDump v : dump.flatViews()) {
            for (MtreeDump.ViewAddressSpace as : v.addressSpaces()) {
                String key = as.name() + '\u0000' + as.root() + '\u0000' + as.rootAlias();
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(v.ranges());
            }
        }
        return out;
    }

    /**
     * How far {@code system}'s current flat views are from {@code expected}. Address spaces with one key
     * are matched equal to equal first, the rest in order.
     */
    static Distance distance(MemorySystem system, Map<String, List<List<MtreeDump.FlatRangeLine>>> expected) {
        Map<String, List<List<MtreeDump.FlatRangeLine>>> actual =
                byAddressSpace(MtreeDump.parse(Mtree.flat(system)));
        long[] bytes = new long[2];
        int spaces = 0;
        Set<String> keys = new HashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            List<List<MtreeDump.FlatRangeLine>> want = new ArrayList<>(expected.getOrDefault(key, List.of()));
            List<List<MtreeDump.FlatRangeLine>> got = new ArrayList<>(actual.getOrDefault(key, List.of()));
            for (Iterator<List<MtreeDump.FlatRangeLine>> it = want.iterator(); it.hasNext();) {
                if (got.remove(it.next())) {
                    it.remove();
                }
            }
            for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                spaces++;
                differingBytes(i < want.size() ? want.get(i) : List.of(), i < got.size() ? got.get(i) : List.of(),
                        bytes);
            }
        }
        return new Distance(bytes[0], bytes[1], spaces);
    }

    /**
     * Adds to {@code acc} (high, low) the number of addresses that {@code a} and {@code b} (sorted,
     * disjoint ranges) map differently: covered by one and not the other, or by ranges of another region,
     * type, priority, or offset.
     */
    static void differingBytes(List<MtreeDump.FlatRangeLine> a, List<MtreeDump.FlatRangeLine> b, long[] acc) {
        long[] points = new long[2 * (a.size() + b.size()) + 1];
        int n = 0;
        points[n++] = 0;
        for (List<MtreeDump.FlatRangeLine> list : List.of(a, b)) {
            for (MtreeDump.FlatRangeLine r : list) {
                points[n++] = r.start();
                if (r.end() != -1L) {
                    points[n++] = r.end() + 1;
                }
            }
        }
        long[] sorted = Arrays.copyOf(points, n);
        for (int i = 0; i < n; i++) {
            sorted[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(sorted);
        int ia = 0;
        int ib = 0;
        for (int k = 0; k < n; k++) {
            long p = sorted[k] ^ Long.MIN_VALUE;
            if (k + 1 < n && sorted[k + 1] == sorted[k]) {
                continue;
            }
            while (ia < a.size() && Long.compareUnsigned(a.get(ia).end(), p) < 0) {
                ia++;
            }
            while (ib < b.size() && Long.compareUnsigned(b.get(ib).end(), p) < 0) {
                ib++;
            }
            MtreeDump.FlatRangeLine ra = ia < a.size() && Long.compareUnsigned(a.get(ia).start(), p) <= 0
                    ? a.get(ia) : null;
            MtreeDump.FlatRangeLine rb = ib < b.size() && Long.compareUnsigned(b.get(ib).start(), p) <= 0
                    ? b.get(ib) : null;
            if (sameAt(ra, rb, p)) {
                continue;
            }
            if (k + 1 < n) {
                long len = (sorted[k + 1] ^ Long.MIN_VALUE) - p;
                addUnsigned(acc, 0, len);
            } else if (p == 0) {
                addUnsigned(acc, 1, 0);
            } else {
                addUnsigned(acc, 0, -p);
            }
        }
    }

    private static boolean sameAt(MtreeDump.FlatRangeLine a, MtreeDump.FlatRangeLine b, long p) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.name().equals(b.name()) && a.type() == b.type() && a.priority() == b.priority()
                && a.nonVolatile() == b.nonVolatile()
                && a.offsetInRegion() + (p - a.start()) == b.offsetInRegion() + (p - b.start());
    }

    /** Adds {@code high * 2^64 + low} to the 128-bit counter {@code acc}. */
    private static void addUnsigned(long[] acc, long high, long low) {
        long sum = acc[1] + low;
        if (Long.compareUnsigned(sum, acc[1]) < 0) {
            acc[0]++;
        }
        acc[1] = sum;
        acc[0] += high;
    }
}
