package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Random region trees whose aliases may show windows of their own ancestors, built and changed through
 * the API, against a reference written independently here: a plain model of the topology (its own nodes,
 * kept beside the real regions), QEMU's {@code memory_region_get_flatview_root} and a literal, recursive
 * transcription of QEMU's {@code render_memory_region} and {@code flatview_simplify} with
 * {@link BigInteger} arithmetic, bounded as {@code docs/memory-model.md} (section Alias loops) says: more
 * than 1024 alias re-entries nested on one path, more than 65,536 in one render, or a root walk that
 * comes back to a region, is endless.
 *
 * <p>Every mutation (add, remove, move, alias offset, size, enable; some inside transactions) is applied
 * to the model first. If the reference finds some address space's render endless, the API must refuse
 * the mutation with an {@link IllegalArgumentException} that says so, and leave the regions, the
 * published views and the render count as they were; otherwise the API must accept it, and after each
 * commit every address space's flat view must equal the reference's ranges exactly.
 *
 * <p>Seeds: {@code -Dloops.seed=N} replays one tree; {@code -Dloops.trees=N} sets how many (default 1000).
 */
class LoopPropertyTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final int MAX_NESTED = 1024;
    private static final int MAX_TOTAL = 65_536;
    private static final long[] SIZES = {0x100, 0x400, 0x1000, 0x1000, 0x4000, 0x10000, 0x10000, SIZE_2_64, 0};
    private static final long[] SMALL = {0, 1, 0x10, 0x100, 0x200, 0x300, 0x800, 0xc00, 0x1000, 0x3000};

    /** The reference's own node: the topology as QEMU holds it. */
    private static final class Node {
        final String name;
        final MemoryRegion.Kind kind;
        final Node alias;
        final List<Node> children = new ArrayList<>();
        final MemoryRegion real;
        long size;
        long addr;
        int priority;
        boolean enabled = true;
        boolean readonly;
        long aliasOffset;
        Node parent;
        int onPath;

        Node(String name, MemoryRegion.Kind kind, long size, Node alias, long aliasOffset, MemoryRegion real) {
            this.name = name;
            this.kind = kind;
            this.size = size;
            this.alias = alias;
            this.aliasOffset = aliasOffset;
            this.real = real;
        }

        boolean terminates() {
            return kind != MemoryRegion.Kind.CONTAINER && kind != MemoryRegion.Kind.ALIAS;
        }

        /** QEMU's insertion: before the first sibling whose priority is not higher. */
        void link(Node child) {
            int i = 0;
            while (i < children.size() && children.get(i).priority > child.priority) {
                i++;
            }
            children.add(i, child);
            child.parent = this;
        }

        void unlink(Node child) {
            children.remove(child);
            child.parent = null;
        }
    }

    /** The reference found a render (or root walk) that would not end. */
    private static final class Endless extends RuntimeException {
        Endless(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Range {
        final BigInteger start;
        BigInteger end;
        final Node mr;
        final BigInteger offset;
        final boolean readonly;

        Range(BigInteger start, BigInteger end, Node mr, BigInteger offset, boolean readonly) {
            this.start = start;
            this.end = end;
            this.mr = mr;
            this.offset = offset;
            this.readonly = readonly;
        }
    }

    /** One reference render: QEMU's recursion with the two re-entry counts. */
    private static final class Render {
        final List<Range> ranges = new ArrayList<>();
        int total;

        void render(Node mr, BigInteger base, BigInteger clipStart, BigInteger clipEnd, boolean readonly,
                int nested, boolean viaAlias) {
            if (!mr.enabled) {
                return;
            }
            base = base.add(u(mr.addr));
            readonly |= mr.readonly;
            BigInteger end = base.add(size(mr));
            BigInteger cs = base.max(clipStart);
            BigInteger ce = end.min(clipEnd);
            if (cs.compareTo(ce) >= 0) {
                return;
            }
            if (viaAlias && mr.onPath > 0) {
                nested++;
                total++;
                if (nested > MAX_NESTED || total > MAX_TOTAL) {
                    throw new Endless((nested > MAX_NESTED ? "nested" : "total") + ": re-entry of " + mr.name
                            + " nested " + nested + " total " + total);
                }
            }
            mr.onPath++;
            try {
                if (mr.alias != null) {
                    render(mr.alias, base.subtract(u(mr.alias.addr)).subtract(u(mr.aliasOffset)), cs, ce, readonly,
                            nested, true);
                    return;
                }
                for (Node child : new ArrayList<>(mr.children)) {
                    render(child, base, cs, ce, readonly, nested, false);
                }
                if (!mr.terminates()) {
                    return;
                }
                fillGaps(mr, cs, ce, cs.subtract(base), readonly);
            } finally {
                mr.onPath--;
            }
        }

        /** QEMU's loop over the view's ranges: the region goes into every gap of [cs, ce). */
        void fillGaps(Node mr, BigInteger base, BigInteger ce, BigInteger offset, boolean readonly) {
            BigInteger remain = ce.subtract(base);
            int i = 0;
            for (; i < ranges.size() && remain.signum() > 0; i++) {
                Range r = ranges.get(i);
                if (base.compareTo(r.end) >= 0) {
                    continue;
                }
                if (base.compareTo(r.start) < 0) {
                    BigInteger now = remain.min(r.start.subtract(base));
                    ranges.add(i, new Range(base, base.add(now), mr, offset, readonly));
                    i++;
                    base = base.add(now);
                    offset = offset.add(now);
                    remain = remain.subtract(now);
                }
                BigInteger now = base.add(remain).min(r.end).subtract(base);
                base = base.add(now);
                offset = offset.add(now);
                remain = remain.subtract(now);
            }
            if (remain.signum() > 0) {
                ranges.add(i, new Range(base, base.add(remain), mr, offset, readonly));
            }
        }

        /** QEMU's flatview_simplify: each run of mergeable neighbours becomes its first range. */
        List<Range> simplified() {
            List<Range> out = new ArrayList<>();
            for (Range r : ranges) {
                Range last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && last.end.equals(r.start) && last.mr == r.mr
                        && last.offset.add(last.end.subtract(last.start)).equals(r.offset)
                        && last.readonly == r.readonly) {
                    last.end = r.end;
                } else {
                    out.add(new Range(r.start, r.end, r.mr, r.offset, r.readonly));
                }
            }
            return out;
        }
    }

    private static BigInteger u(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static BigInteger size(Node n) {
        return n.size == SIZE_2_64 ? TWO_64 : u(n.size);
    }

    /** QEMU's memory_region_get_flatview_root on the model; a walk that comes back is endless. */
    private static Node flatViewRoot(Node mr) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (mr.enabled) {
            if (!seen.add(mr)) {
                throw new Endless("walk: root walk loops at " + mr.name);
            }
            if (mr.alias != null) {
                if (mr.aliasOffset == 0 && size(mr).compareTo(size(mr.alias)) >= 0) {
                    mr = mr.alias;
                    continue;
                }
                return mr;
            }
            if (mr.terminates()) {
                return mr;
            }
            List<Node> on = new ArrayList<>();
            for (Node c : mr.children) {
                if (c.enabled) {
                    on.add(c);
                }
            }
            if (on.isEmpty()) {
                return null;
            }
            if (on.size() == 1 && on.get(0).addr == 0 && size(mr).compareTo(size(on.get(0))) >= 0) {
                mr = on.get(0);
                continue;
            }
            return mr;
        }
        return null;
    }

    /** The reference view of an address space over {@code root}: its simplified ranges. */
    private static List<Range> view(Node root) {
        Node r = flatViewRoot(root);
        if (r == null) {
            return List.of();
        }
        Render render = new Render();
        render.render(r, BigInteger.ZERO, BigInteger.ZERO, TWO_64, false, 0, false);
        return render.simplified();
    }

    /** One random machine: the real regions, their model nodes, the address spaces' roots. */
    private static final class Tree {
        final MemorySystem ms = new MemorySystem();
        final List<Node> nodes = new ArrayList<>();
        final List<Node> asRoots = new ArrayList<>();
        final List<AddressSpace> spaces = new ArrayList<>();
        /** A region in no tree, toggled to leave an update pending. */
        final MemoryRegion kick = MemoryRegion.container(ms, "kick", 0x1000);
    }

    private static long pick(SplittableRandom rnd, long[] values) {
        return values[rnd.nextInt(values.length)];
    }

    /** An offset inside a region of {@code size}: often a multiple of 0x100, sometimes tiny, sometimes 0. */
    private static long offsetIn(SplittableRandom rnd, long size) {
        long off = pick(rnd, SMALL);
        if (rnd.nextInt(3) == 0 && size != 0) {
            long bound = size == SIZE_2_64 ? 0x20000 : Math.min(size, 0x20000);
            off = (rnd.nextLong(bound + 1) & ~0xffL);
        }
        if (size != SIZE_2_64 && Long.compareUnsigned(off, size) > 0) {
            off = size;
        }
        return off;
    }

    private static Node create(Tree t, SplittableRandom rnd, int i) {
        String name = "r" + i;
        long size = pick(rnd, SIZES);
        int k = rnd.nextInt(10);
        Node n;
        if (k < 4 || t.nodes.isEmpty()) {
            n = new Node(name, MemoryRegion.Kind.CONTAINER, size, null, 0, MemoryRegion.container(t.ms, name, size));
        } else if (k < 6) {
            n = new Node(name, MemoryRegion.Kind.RAM, size, null, 0, MemoryRegion.ram(t.ms, name, size));
        } else if (k < 7) {
            n = new Node(name, MemoryRegion.Kind.IO, size, null, 0, TestSupport.io(t.ms, name, size));
        } else {
            Node target = t.nodes.get(rnd.nextInt(t.nodes.size()));
            if (rnd.nextInt(3) == 0) {
                size = target.size;
            }
            long off = offsetIn(rnd, target.size);
            n = new Node(name, MemoryRegion.Kind.ALIAS, size, target, off,
                    MemoryRegion.alias(t.ms, name, target.real, off, size));
        }
        if (rnd.nextInt(10) == 0) {
            n.readonly = true;
            n.real.setReadonly(true);
        }
        t.nodes.add(n);
        return n;
    }

    private static boolean fits(long offset, long size) {
        return size == SIZE_2_64 || Long.compareUnsigned(offset, size) <= 0;
    }

    /** The model's answer: null if every address space's walk and render end, else why not. */
    private static String endless(Tree t) {
        for (Node root : t.asRoots) {
            try {
                view(root);
            } catch (Endless e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** Figures over all trees, for the report line. */
    private static final class Stats {
        int trees;
        int mutations;
        int refused;
        /** Refusals by the reference's reason: nested bound, total bound, root walk. */
        int byNested;
        int byTotal;
        int byWalk;
        int acceptedWithLoop;
        int comparisons;
    }

    /** The API's tree, as its getters show it: to prove a refused mutation changed nothing. */
    private static String snapshot(Tree t) {
        StringBuilder sb = new StringBuilder();
        for (Node n : t.nodes) {
            MemoryRegion r = n.real;
            sb.append(r.name()).append(' ').append(r.addr()).append(' ').append(r.size()).append(' ')
                    .append(r.priority()).append(' ').append(r.isEnabled()).append(' ').append(r.aliasOffset())
                    .append(' ').append(r.container() == null ? "-" : r.container().name()).append(" [");
            for (MemoryRegion c : r.subregions()) {
                sb.append(c.name()).append(',');
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    /**
     * One mutation, on the model and then through the API. Returns false when it was not applicable
     * (invalid for reasons other than loops: the generator keeps away from those).
     */
    private static boolean mutate(Tree t, SplittableRandom rnd, Stats st, String where) {
        Node n = t.nodes.get(rnd.nextInt(t.nodes.size()));
        Runnable onModel = null;
        Runnable undo = null;
        Runnable onApi = null;
        int op = rnd.nextInt(9);
        if (op >= 7) {
            // A new alias of an ancestor of some region (or of the region itself), added into it: a loop.
            Node p = t.nodes.get(rnd.nextInt(t.nodes.size()));
            Node a = p;
            long rel = 0;
            while (a.parent != null && rnd.nextInt(3) != 0) {
                rel += a.addr;
                a = a.parent;
            }
            long at = offsetIn(rnd, p.size);
            long off = offsetIn(rnd, a.size);
            if (rnd.nextInt(3) == 0) {
                // Close to the window onto itself: a shift of 0, a few bytes or a few pages a turn.
                long[] delta = {0, 0, 1, -1, 0x10, -0x10, 0x100, -0x100};
                off = rel + at + delta[rnd.nextInt(delta.length)];
                if (!fits(off, a.size) || off < 0) {
                    off = offsetIn(rnd, a.size);
                }
            }
            long size = rnd.nextInt(4) == 0 ? a.size : pick(rnd, SIZES);
            String name = "r" + t.nodes.size();
            Node child = new Node(name, MemoryRegion.Kind.ALIAS, size, a, off,
                    MemoryRegion.alias(t.ms, name, a.real, off, size));
            t.nodes.add(child);
            int prio = rnd.nextInt(3) - 1;
            onModel = () -> {
                child.addr = at;
                child.priority = prio;
                p.link(child);
            };
            undo = () -> {
                p.unlink(child);
                child.addr = 0;
                child.priority = 0;
            };
            onApi = () -> p.real.addSubregionOverlap(at, child.real, prio);
            op = -1;
        }
        switch (op) {
            case -1:
                break;
            case 0:
            case 1: {
                if (n.parent != null) {
                    return false;
                }
                Node p = t.nodes.get(rnd.nextInt(t.nodes.size()));
                long off = offsetIn(rnd, p.size);
                int prio = rnd.nextInt(3) - 1;
                for (Node a = p; a != null; a = a.parent) {
                    if (a == n) {
                        return false; // a subregion cycle: BadInputTest covers its message
                    }
                }
                long oldAddr = n.addr;
                int oldPrio = n.priority;
                onModel = () -> {
                    n.addr = off;
                    n.priority = prio;
                    p.link(n);
                };
                undo = () -> {
                    p.unlink(n);
                    n.addr = oldAddr;
                    n.priority = oldPrio;
                };
                onApi = () -> p.real.addSubregionOverlap(off, n.real, prio);
                break;
            }
            case 2: {
                if (n.parent == null) {
                    return false;
                }
                Node p = n.parent;
                int at = p.children.indexOf(n);
                onModel = () -> p.unlink(n);
                undo = () -> {
                    p.children.add(at, n);
                    n.parent = p;
                };
                onApi = () -> p.real.removeSubregion(n.real);
                break;
            }
            case 3: {
                long addr = n.parent == null ? offsetIn(rnd, 0x10000) : offsetIn(rnd, n.parent.size);
                if (addr == n.addr) {
                    return false;
                }
                Node p = n.parent;
                long old = n.addr;
                int at = p == null ? -1 : p.children.indexOf(n);
                onModel = () -> {
                    if (p != null) {
                        p.unlink(n);
                    }
                    n.addr = addr;
                    if (p != null) {
                        p.link(n);
                    }
                };
                undo = () -> {
                    if (p != null) {
                        p.unlink(n);
                        p.children.add(at, n);
                        n.parent = p;
                    }
                    n.addr = old;
                };
                onApi = () -> n.real.setAddress(addr);
                break;
            }
            case 4: {
                if (n.alias == null) {
                    return false;
                }
                long off = offsetIn(rnd, n.alias.size);
                if (off == n.aliasOffset) {
                    return false;
                }
                long old = n.aliasOffset;
                onModel = () -> n.aliasOffset = off;
                undo = () -> n.aliasOffset = old;
                onApi = () -> n.real.setAliasOffset(off);
                break;
            }
            case 5: {
                long size = pick(rnd, SIZES);
                if (size == n.size) {
                    return false;
                }
                for (Node c : n.children) {
                    if (!fits(c.addr, size)) {
                        return false;
                    }
                }
                long old = n.size;
                onModel = () -> n.size = size;
                undo = () -> n.size = old;
                onApi = () -> n.real.setSize(size);
                break;
            }
            default: {
                boolean on = !n.enabled;
                onModel = () -> n.enabled = on;
                undo = () -> n.enabled = !on;
                onApi = () -> n.real.setEnabled(on);
                break;
            }
        }
        onModel.run();
        String why = endless(t);
        st.mutations++;
        if (why == null) {
            try {
                onApi.run();
            } catch (IllegalArgumentException e) {
                fail(where + ": the API refused a mutation whose renders end: " + e.getMessage());
            }
            return true;
        }
        undo.run();
        st.refused++;
        if (why.startsWith("nested")) {
            st.byNested++;
        } else if (why.startsWith("total")) {
            st.byTotal++;
        } else {
            st.byWalk++;
        }
        String before = snapshot(t);
        List<FlatView> views = new ArrayList<>();
        for (AddressSpace as : t.spaces) {
            views.add(as.flatView());
        }
        long renders = t.ms.renderCount();
        int depth = t.ms.transactionDepth();
        try {
            onApi.run();
            fail(where + ": the API accepted a mutation whose render is endless (" + why + ")");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("endless"), where + ": " + e.getMessage());
        }
        assertEquals(before, snapshot(t), where + ": regions unchanged after a refusal");
        for (int i = 0; i < views.size(); i++) {
            assertSame(views.get(i), t.spaces.get(i).flatView(), where + ": published view unchanged");
        }
        assertEquals(renders, t.ms.renderCount(), where + ": no render for a refusal");
        assertEquals(depth, t.ms.transactionDepth(), where);
        return true;
    }

    /** The model, one node a line, for failure messages. */
    private static String model(Tree t) {
        StringBuilder sb = new StringBuilder();
        for (Node n : t.nodes) {
            sb.append(n.name).append(' ').append(n.kind).append(" addr=").append(Long.toHexString(n.addr))
                    .append(" size=").append(n.size == SIZE_2_64 ? "2^64" : Long.toHexString(n.size)).append(" prio=")
                    .append(n.priority).append(n.enabled ? "" : " disabled").append(n.readonly ? " ro" : "")
                    .append(n.alias == null ? "" : " alias-of=" + n.alias.name + "+" + Long.toHexString(n.aliasOffset))
                    .append(" parent=").append(n.parent == null ? "-" : n.parent.name).append(" children=[");
            for (Node c : n.children) {
                sb.append(c.name).append(',');
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    /** Every address space's published ranges against the reference's. */
    private static void compare(Tree t, Stats st, String where) {
        for (int i = 0; i < t.spaces.size(); i++) {
            List<Range> want = view(t.asRoots.get(i));
            FlatView got = t.spaces.get(i).flatView();
            StringBuilder w = new StringBuilder();
            for (Range r : want) {
                w.append(r.start.toString(16)).append('-').append(r.end.subtract(BigInteger.ONE).toString(16))
                        .append(' ').append(r.mr.name).append(" @").append(r.offset.toString(16))
                        .append(r.readonly ? " ro" : "").append('\n');
            }
            StringBuilder g = new StringBuilder();
            for (FlatRange r : got.ranges()) {
                g.append(Long.toHexString(r.start())).append('-').append(Long.toHexString(r.last())).append(' ')
                        .append(r.region().name()).append(" @").append(Long.toHexString(r.offsetInRegion()))
                        .append(r.readonly() ? " ro" : "").append('\n');
            }
            assertEquals(w.toString(), g.toString(), where + ": flat view of " + t.spaces.get(i).name() + "\n"
                    + model(t));
            st.comparisons++;
        }
    }

    private static boolean hasReentry(Tree t) {
        for (Node root : t.asRoots) {
            Node r = flatViewRoot(root);
            if (r != null) {
                Render render = new Render();
                render.render(r, BigInteger.ZERO, BigInteger.ZERO, TWO_64, false, 0, false);
                if (render.total > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void runTree(long seed, Stats st) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tree t = new Tree();
        String where = "seed " + seed + " (replay: -Dloops.seed=" + seed + ")";
        long sysSize = rnd.nextBoolean() ? SIZE_2_64 : 0x10000;
        t.nodes.add(new Node("sys", MemoryRegion.Kind.CONTAINER, sysSize, null, 0,
                MemoryRegion.container(t.ms, "sys", sysSize)));
        int n = 3 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            create(t, rnd, i);
        }
        boolean early = rnd.nextBoolean();
        if (early) {
            addSpaces(t, rnd, where);
        }
        int steps = 12 + rnd.nextInt(12);
        for (int s = 0; s < steps; s++) {
            String at = where + " step " + s;
            if (rnd.nextInt(4) == 0) {
                int k = 2 + rnd.nextInt(3);
                t.ms.transaction(() -> {
                    for (int j = 0; j < k; j++) {
                        mutate(t, rnd, st, at + "." + j);
                    }
                });
            } else {
                mutate(t, rnd, st, at);
            }
            // As QEMU, moving a parentless root leaves no update pending; make one, so that every change shows.
            t.ms.transaction(() -> {
                t.kick.setEnabled(false);
                t.kick.setEnabled(true);
            });
            if (!t.spaces.isEmpty()) {
                compare(t, st, at);
            }
        }
        if (!early) {
            addSpaces(t, rnd, where);
            compare(t, st, where + " end");
        }
        if (hasReentry(t)) {
            st.acceptedWithLoop++;
        }
        st.trees++;
    }

    /** Two address spaces, on sys and on a random region; each refused (and left out) when endless. */
    private static void addSpaces(Tree t, SplittableRandom rnd, String where) {
        Node[] roots = {t.nodes.get(0), t.nodes.get(rnd.nextInt(t.nodes.size()))};
        for (Node root : roots) {
            t.asRoots.add(root);
            String why = endless(t);
            if (why == null) {
                t.spaces.add(t.ms.newAddressSpace(root.real, "as-" + root.name));
                continue;
            }
            t.asRoots.remove(t.asRoots.size() - 1);
            try {
                t.ms.newAddressSpace(root.real, "as-" + root.name);
                fail(where + ": an address space whose render is endless was created (" + why + ")");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("creating address space 'as-" + root.name + "' would make"),
                        e.getMessage());
            }
            assertEquals(t.spaces.size(), t.ms.addressSpaces().size(), where);
        }
    }

    @Test
    void rendersAgreeWithQemusAlgorithmAndEndlessLoopsAreRefused() throws Exception {
        String one = System.getProperty("loops.seed");
        int trees = one != null ? 1 : Integer.getInteger("loops.trees", 1000);
        long first = one != null ? Long.parseLong(one) : 1;
        Stats st = new Stats();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // The reference recurses as QEMU does, up to 1024 turns of a loop deep: give it a deep stack.
        Thread worker = new Thread(null, () -> {
            try {
                for (long seed = first; seed < first + trees; seed++) {
                    runTree(seed, st);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "loop-property", 1L << 28);
        worker.start();
        worker.join();
        if (failure.get() != null) {
            if (failure.get() instanceof Error) {
                throw (Error) failure.get();
            }
            throw new AssertionError(failure.get());
        }
        System.out.printf("[LoopPropertyTest] trees=%d mutations=%d refused-as-endless=%d (nested bound %d, total"
                + " bound %d, root walk %d) trees-ending-with-a-rendered-loop=%d views-compared=%d%n", st.trees,
                st.mutations, st.refused, st.byNested, st.byTotal, st.byWalk, st.acceptedWithLoop, st.comparisons);
        assertEquals(trees, st.trees);
    }
}
