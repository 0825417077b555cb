package dev.addrspace.mtree;

import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 * components are ordered independently. Closeness to the dump is measured as the number of bytes, over
 * every address space, that map to another region, offset, type or priority than QEMU's, then the number
 * of address spaces whose printed ranges differ.
 * <ol>
 *   <li><b>Each pair on its own.</b> For an open pair (A, B) the two lists that put A then B, or B then
 *       A, above the rest of their component differ only where A or B shows through their overlap, so
 *       comparing the two renderings with the dump tells which of the two QEMU has on top, whatever the
 *       other siblings' order. When both renderings are equally far from the dump (a wrongly ordered
 *       pair deeper in either subtree, or in the other sibling's, still shows the wrong region), the
 *       bytes where they differ go to the sibling whose subtree (through alias targets) holds a region
 *       of the name QEMU shows there and the other's does not; if that ties too, the pair stays open
 *       for now (neither shows, or an ancestor still hides the place). The decided pairs
 *       constrain the component's order, together with the fixed order of same-address siblings; a
 *       topological sort that prefers the printed order gives the list. Passes repeat while a pass
 *       decides a new pair (a pair deeper in the tree can show only once its ancestors are in order).</li>
 *   <li><b>Polish.</b> If the views still differ, each open pair is turned in turn (where the
 *       constraints stay acyclic) and kept turned when the views come closer, for at most
 *       {@value #MAX_PASSES} passes.</li>
 * </ol>
 * The search stops as soon as the views are equal. Each try re-renders once (one transaction); a
 * machine with <i>p</i> open pairs costs about 2<i>p</i> renders per pass, and the real boards have at
 * most a few open pairs.
 *
 * <p>Not thread safe; uses only the memory model's public API. Allocates.
 */
final class SiblingOrder {

    /** Upper bound on the passes of each stage; each pass tries every open pair once. */
    static final int MAX_PASSES = 8;

    private static final int UNDECIDED = 0;
    private static final int UPPER_ON_TOP = 1;
    private static final int LOWER_ON_TOP = 2;

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
        /** The order to install next. */
        int[] wanted;
        /** Per member, lazily, the names of the regions in its subtree. */
        final List<Set<String>> names;

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
            wanted = installed;
            names = new ArrayList<>(Collections.nCopies(members.length, null));
        }

        /**
         * The names of the regions in member {@code i}'s subtree, through alias targets: the regions that
         * can show through it in a flat view.
         */
        Set<String> names(int i) {
            if (names.get(i) == null) {
                Set<String> out = new HashSet<>();
                Set<MemoryRegion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
                ArrayDeque<MemoryRegion> todo = new ArrayDeque<>();
                todo.add(members[i]);
                while (!todo.isEmpty()) {
                    MemoryRegion r = todo.poll();
                    if (!seen.add(r)) {
                        continue;
                    }
                    out.add(r.name());
                    todo.addAll(r.subregions());
                    if (r.aliasTarget() != null) {
                        todo.add(r.aliasTarget());
                    }
                }
                names.set(i, out);
            }
            return names.get(i);
        }

        /** The list with {@code first} then {@code second} on top and the others in the wanted order. */
        int[] withOnTop(int first, int second) {
            int[] out = new int[members.length];
            out[0] = first;
            out[1] = second;
            int k = 2;
            for (int i : wanted) {
                if (i != first && i != second) {
                    out[k++] = i;
                }
            }
            return out;
        }

        /** @return true if {@code a} comes before {@code b} in the installed list */
        boolean installedAbove(int a, int b) {
            for (int i : installed) {
                if (i == a) {
                    return true;
                }
                if (i == b) {
                    return false;
                }
            }
            throw new IllegalStateException("not members: " + a + ", " + b);
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
                if (p.state == UNDECIDED) {
                    continue;
                }
                int upper = p.state == UPPER_ON_TOP ? p.upper : p.lower;
                int lower = p.state == UPPER_ON_TOP ? p.lower : p.upper;
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

    /** An open pair: {@code upper} comes first in the printed order, and is on top by default. */
    private static final class Pair {
        final Component component;
        final int upper;
        final int lower;
        /** The decided orientation: {@link #UPPER_ON_TOP}, {@link #LOWER_ON_TOP}, or {@link #UNDECIDED}. */
        int state = UNDECIDED;

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
     * @param flipped how many of them end up against the printed order (the higher address on top)
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
     * search finds to {@code flat}'s (equal, on every machine seen). Renders only if the views differ
     * from the dump's to begin with.
     *
     * @param system the rebuilt memory system, holding the regions passed to {@link #find}
     * @param flat the machine's parsed {@code info mtree -f} dump
     * @return the outcome
     */
    Outcome fit(MemorySystem system, MtreeDump flat) {
        Map<String, List<List<MtreeDump.FlatRangeLine>>> expected = byAddressSpace(flat);
        Distance best = distance(system, expected);
        // Stage 1: each pair on its own, with the two on top of their component.
        for (int pass = 0; pass < MAX_PASSES && !best.isZero(); pass++) {
            boolean decided = false;
            for (Pair p : pairs) {
                if (p.state != UNDECIDED || !p.bothEnabled()) {
                    continue;
                }
                Component c = p.component;
                int[] keep = c.wanted;
                c.wanted = c.withOnTop(p.upper, p.lower);
                install(system);
                Map<String, List<List<MtreeDump.FlatRangeLine>>> upperView = rendered(system);
                c.wanted = c.withOnTop(p.lower, p.upper);
                install(system);
                Map<String, List<List<MtreeDump.FlatRangeLine>>> lowerView = rendered(system);
                int cmp = distance(upperView, expected).compareTo(distance(lowerView, expected));
                if (cmp == 0) {
                    cmp = -creditOrder(upperView, lowerView, expected, c.names(p.upper), c.names(p.lower));
                }
                if (cmp != 0) {
                    p.state = cmp < 0 ? UPPER_ON_TOP : LOWER_ON_TOP;
                    int[] order = c.order();
                    if (order == null) {
                        p.state = UNDECIDED;
                    } else {
                        keep = order;
                        decided = true;
                    }
                }
                c.wanted = keep;
            }
            install(system);
            best = distance(system, expected);
            if (!decided) {
                break;
            }
        }
        // Stage 2: turn single pairs while that brings the views closer.
        for (int pass = 0; pass < MAX_PASSES && !best.isZero(); pass++) {
            boolean improved = false;
            for (Pair p : pairs) {
                if (best.isZero()) {
                    break;
                }
                if (!p.bothEnabled()) {
                    continue;
                }
                Component c = p.component;
                int was = p.state;
                p.state = c.installedAbove(p.upper, p.lower) ? LOWER_ON_TOP : UPPER_ON_TOP;
                int[] order = c.order();
                if (order != null) {
                    c.wanted = order;
                    install(system);
                    Distance d = distance(system, expected);
                    if (d.compareTo(best) < 0) {
                        best = d;
                        improved = true;
                        continue;
                    }
                }
                p.state = was;
                c.wanted = c.order();
            }
            install(system);
            if (!improved) {
                break;
            }
        }
        int turned = 0;
        for (Pair p : pairs) {
            if (!p.component.installedAbove(p.upper, p.lower)) {
                turned++;
            }
        }
        return new Outcome(pairs.size(), turned, best.spaces());
    }

    /** Installs every component's wanted order into its parent's list, in one transaction. */
    private void install(MemorySystem system) {
        system.transaction(() -> {
            for (Component c : components) {
                int[] order = c.wanted;
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
        return distance(rendered(system), expected);
    }

    /**
     * Compares two renderings that differ only in which of two siblings is on top, by how many bytes of
     * the difference QEMU fills with a region named in the upper sibling's subtree rather than the lower's.
     *
     * @return positive if the upper sibling's rendering has more such bytes, negative if the lower's
     */
    private static int creditOrder(Map<String, List<List<MtreeDump.FlatRangeLine>>> upperView,
            Map<String, List<List<MtreeDump.FlatRangeLine>>> lowerView,
            Map<String, List<List<MtreeDump.FlatRangeLine>>> expected, Set<String> upperNames,
            Set<String> lowerNames) {
        long[] acc = new long[4];
        for (Map.Entry<String, List<List<MtreeDump.FlatRangeLine>>> e : expected.entrySet()) {
            List<List<MtreeDump.FlatRangeLine>> u = upperView.getOrDefault(e.getKey(), List.of());
            List<List<MtreeDump.FlatRangeLine>> l = lowerView.getOrDefault(e.getKey(), List.of());
            int n = Math.min(e.getValue().size(), Math.min(u.size(), l.size()));
            for (int i = 0; i < n; i++) {
                credit(u.get(i), l.get(i), e.getValue().get(i), upperNames, lowerNames, acc);
            }
        }
        int c = Long.compareUnsigned(acc[0], acc[2]);
        return c != 0 ? c : Long.compareUnsigned(acc[1], acc[3]);
    }

    /** The current flat views of {@code system}, keyed as {@link #byAddressSpace} keys a dump's. */
    private static Map<String, List<List<MtreeDump.FlatRangeLine>>> rendered(MemorySystem system) {
        return byAddressSpace(MtreeDump.parse(Mtree.flat(system)));
    }

    private static Distance distance(Map<String, List<List<MtreeDump.FlatRangeLine>>> actual,
            Map<String, List<List<MtreeDump.FlatRangeLine>>> expected) {
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
        sweep(List.of(a, b), (at, p, next, last) -> {
            if (!sameAt(at[0], at[1], p)) {
                addLength(acc, p, next, last);
            }
        });
    }

    /**
     * Where the renderings {@code upperOnTop} and {@code lowerOnTop} of one address space differ, adds
     * to {@code acc[0..1]} the bytes whose region in {@code truth} is named in {@code upperNames} and
     * not in {@code lowerNames}, and to {@code acc[2..3]} the reverse.
     */
    private static void credit(List<MtreeDump.FlatRangeLine> upperOnTop, List<MtreeDump.FlatRangeLine> lowerOnTop,
            List<MtreeDump.FlatRangeLine> truth, Set<String> upperNames, Set<String> lowerNames, long[] acc) {
        sweep(List.of(upperOnTop, lowerOnTop, truth), (at, p, next, last) -> {
            if (at[2] == null || sameAt(at[0], at[1], p)) {
                return;
            }
            boolean inUpper = upperNames.contains(at[2].name());
            boolean inLower = lowerNames.contains(at[2].name());
            if (inUpper && !inLower) {
                addLength(acc, p, next, last);
            } else if (inLower && !inUpper) {
                long[] l = {acc[2], acc[3]};
                addLength(l, p, next, last);
                acc[2] = l[0];
                acc[3] = l[1];
            }
        });
    }

    /** One segment of a sweep: the range of each list that covers it (or null), its start and end. */
    private interface Segment {
        /**
         * Visits a segment.
         *
         * @param at per list, the range covering the segment, or null
         * @param start the segment's first address
         * @param next the address after the segment (ignored when {@code last})
         * @param last true if the segment runs to 2^64-1
         */
        void visit(MtreeDump.FlatRangeLine[] at, long start, long next, boolean last);
    }

    /**
     * Cuts the address space at every range boundary of {@code lists} (each sorted and disjoint) and
     * visits the segments in address order.
     */
    private static void sweep(List<List<MtreeDump.FlatRangeLine>> lists, Segment visitor) {
        int total = 1;
        for (List<MtreeDump.FlatRangeLine> list : lists) {
            total += 2 * list.size();
        }
        long[] sorted = new long[total];
        int n = 0;
        sorted[n++] = Long.MIN_VALUE; // address 0, biased so that signed order is unsigned order
        for (List<MtreeDump.FlatRangeLine> list : lists) {
            for (MtreeDump.FlatRangeLine r : list) {
                sorted[n++] = r.start() ^ Long.MIN_VALUE;
                if (r.end() != -1L) {
                    sorted[n++] = (r.end() + 1) ^ Long.MIN_VALUE;
                }
            }
        }
        Arrays.sort(sorted, 0, n);
        int[] index = new int[lists.size()];
        MtreeDump.FlatRangeLine[] at = new MtreeDump.FlatRangeLine[lists.size()];
        for (int k = 0; k < n; k++) {
            if (k + 1 < n && sorted[k + 1] == sorted[k]) {
                continue;
            }
            long p = sorted[k] ^ Long.MIN_VALUE;
            for (int l = 0; l < lists.size(); l++) {
                List<MtreeDump.FlatRangeLine> list = lists.get(l);
                while (index[l] < list.size() && Long.compareUnsigned(list.get(index[l]).end(), p) < 0) {
                    index[l]++;
                }
                at[l] = index[l] < list.size() && Long.compareUnsigned(list.get(index[l]).start(), p) <= 0
                        ? list.get(index[l]) : null;
            }
            boolean last = k + 1 >= n;
            visitor.visit(at, p, last ? 0 : sorted[k + 1] ^ Long.MIN_VALUE, last);
        }
    }

    /** Adds the length of the segment from {@code start} to {@code next} (or to 2^64) to {@code acc}. */
    private static void addLength(long[] acc, long start, long next, boolean last) {
        if (!last) {
            addUnsigned(acc, 0, next - start);
        } else if (start == 0) {
            addUnsigned(acc, 1, 0);
        } else {
            addUnsigned(acc, 0, -start);
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
