package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Keeps one memory system's alias loops renderable: knows whether the region graph (subregion edges and
 * alias targets) holds a loop at all, which regions can reach one, and checks, for the mutation about to
 * change the topology, that every address space's render still ends (see {@link Renderer} for the
 * criterion and {@code docs/memory-model.md}, section Alias loops).
 *
 * <p>Cost: nothing at all while the graph holds no loop (every machine but the ones that alias a region
 * they are inside). Once it holds one, a mutation of a region from which no loop can be reached costs a
 * memoized look-up; any other mutation walks each address space's flat-view root and makes the calls of
 * its render that lead to a loop (subregions from which no loop is reachable are skipped).
 *
 * <p>Which regions reach a loop is memoized on the regions, valid for one {@link #epoch}. Only edges
 * change the graph: adding an edge to a child that reaches no loop and closes none changes no region's
 * answer, so the epoch moves only when an edge closes a loop, leads to one, or is removed while the graph
 * holds loops.
 *
 * <p>Not thread safe: used under the memory system's lock.
 */
final class LoopGuard {

    private final MemorySystem system;
    /**
     * Children whose edge to their parent closed a loop when it was added. Every loop of the graph holds
     * the last subregion edge added to it, so the graph has a loop exactly when one of these edges is
     * still on one; they are re-verified when an edge is removed.
     */
    private final Set<MemoryRegion> closers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The generation of the memoized "reaches a loop" answers on the regions. */
    private int epoch = 1;
    /** Tells the depth-first searches of {@link #reachesLoop} apart. */
    private int search;

    LoopGuard(MemorySystem system) {
        this.system = system;
    }

    /** @return true when the region graph may hold a loop (subregion edges plus alias targets) */
    boolean hasLoops() {
        return !closers.isEmpty();
    }

    /**
     * Records the edge {@code parent -> child}, just linked.
     *
     * @param closes whether {@code parent} is reachable from {@code child}, so the edge closes a loop
     */
    void linked(MemoryRegion parent, MemoryRegion child, boolean closes) {
        if (closes) {
            closers.add(child);
            epoch++;
        } else if (!closers.isEmpty() && reachesLoop(child)) {
            // The parent and everything above it now reach a loop.
            epoch++;
        }
    }

    /** Records that the edge {@code parent -> child} was just unlinked. */
    void unlinked(MemoryRegion parent, MemoryRegion child) {
        if (closers.isEmpty()) {
            return;
        }
        closers.remove(child);
        epoch++;
        for (Iterator<MemoryRegion> it = closers.iterator(); it.hasNext();) {
            MemoryRegion c = it.next();
            if (c.container() == null || !reachable(c, c.container())) {
                it.remove();
            }
        }
    }

    /**
     * True when {@code to} is reachable from {@code from} through subregions and alias targets
     * ({@code from} itself included). Iterative; visits each region once.
     */
    static boolean reachable(MemoryRegion from, MemoryRegion to) {
        Set<MemoryRegion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayList<MemoryRegion> stack = new ArrayList<>();
        stack.add(from);
        while (!stack.isEmpty()) {
            MemoryRegion mr = stack.remove(stack.size() - 1);
            if (mr == to) {
                return true;
            }
            if (!seen.add(mr)) {
                continue;
            }
            if (mr.aliasTarget() != null) {
                stack.add(mr.aliasTarget());
            }
            stack.addAll(mr.subregionList());
        }
        return false;
    }

    /**
     * True when a loop of the graph is reachable from {@code start} (through subregions and alias
     * targets, {@code start} included). A region from which none is reachable can take no part in an
     * alias re-entry: every region on a render path to a re-entry reaches the re-entered region, which is
     * on a loop. Memoized for the current epoch; an iterative depth-first search otherwise, in which an
     * edge back to a region still being searched proves a loop through every region searched since.
     */
    boolean reachesLoop(MemoryRegion start) {
        if (start.loopEpoch == epoch) {
            return start.reachesLoop;
        }
        if (closers.isEmpty()) {
            return false;
        }
        int id = ++search;
        ArrayList<MemoryRegion> stack = new ArrayList<>();
        ArrayList<Integer> next = new ArrayList<>();
        ArrayList<Boolean> found = new ArrayList<>();
        stack.add(start);
        next.add(-1);
        found.add(false);
        start.loopSearch = id;
        while (!stack.isEmpty()) {
            int t = stack.size() - 1;
            MemoryRegion mr = stack.get(t);
            int i = next.get(t);
            MemoryRegion succ = null;
            if (!found.get(t)) {
                if (i < 0) {
                    succ = mr.aliasTarget();
                    i = 0;
                }
                List<MemoryRegion> children = mr.subregionList();
                if (succ == null && i < children.size()) {
                    succ = children.get(i++);
                }
                next.set(t, i);
            }
            if (succ == null) {
                // Done: record the answer and hand it to the region below on the stack.
                boolean r = found.get(t);
                mr.loopEpoch = epoch;
                mr.reachesLoop = r;
                mr.loopSearch = 0;
                stack.remove(t);
                next.remove(t);
                found.remove(t);
                if (r && t > 0) {
                    found.set(t - 1, true);
                }
                continue;
            }
            if (succ.loopEpoch == epoch) {
                if (succ.reachesLoop) {
                    found.set(t, true);
                }
            } else if (succ.loopSearch == id) {
                // An edge back into the search stack: succ .. mr is a loop; all of them reach it.
                for (int k = t; k >= 0; k--) {
                    found.set(k, true);
                    if (stack.get(k) == succ) {
                        break;
                    }
                }
            } else {
                succ.loopSearch = id;
                stack.add(succ);
                next.add(-1);
                found.add(false);
            }
        }
        return start.reachesLoop;
    }

    /**
     * The subregions of {@code mr} from which a loop is reachable, in list order: the only ones a loop
     * check needs to enter. Cached on the region for the current epoch: adding a subregion from which no
     * loop is reachable leaves the list as it is, and every other change of edges moves the epoch.
     */
    List<MemoryRegion> loopChildren(MemoryRegion mr) {
        if (mr.loopChildrenEpoch != epoch) {
            ArrayList<MemoryRegion> list = new ArrayList<>();
            for (MemoryRegion c : mr.subregionList()) {
                if (reachesLoop(c)) {
                    list.add(c);
                }
            }
            mr.loopChildren = list.isEmpty() ? List.of() : list;
            mr.loopChildrenEpoch = epoch;
        }
        return mr.loopChildren;
    }

    /**
     * Checks, for the mutation {@code what} of {@code changed} (already applied), that every address
     * space's flat-view root walk and render still end. Does nothing while the graph holds no loop, or
     * when no loop is reachable from {@code changed} or from its container (a region from which no loop
     * is reachable takes no part in a re-entry; its container is looked at for the walk, which reads a
     * container's children).
     *
     * @throws IllegalArgumentException naming the address space, the mutation and the loop
     */
    void check(MemoryRegion changed, String what) {
        if (closers.isEmpty()) {
            return;
        }
        if (!reachesLoop(changed) && (changed.container() == null || !reachesLoop(changed.container()))) {
            return;
        }
        Set<MemoryRegion> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AddressSpace as : system.addressSpaceList()) {
            if (done.add(as.root())) {
                checkRoot(as.root(), as.name(), what);
            }
        }
    }

    /**
     * Checks that the walk and the render of an address space over {@code root} end.
     *
     * @throws IllegalArgumentException naming the address space, the mutation and the loop
     */
    void checkRoot(MemoryRegion root, String asName, String what) {
        if (closers.isEmpty()) {
            return;
        }
        MemoryRegion resolved;
        try {
            resolved = Renderer.flatViewRoot(root, new DiscardingList());
            if (resolved == null || !reachesLoop(resolved)) {
                return;
            }
            Renderer.checkLoops(resolved, this);
        } catch (IllegalArgumentException loop) {
            throw new IllegalArgumentException(what + " would make the render of address space '" + asName
                    + "' (root '" + root.name() + "') endless: " + loop.getMessage(), loop);
        }
    }

    /** A list that keeps nothing: the walk's dependencies are of no use to a check. */
    private static final class DiscardingList extends java.util.AbstractList<MemoryRegion> {
        @Override
        public boolean add(MemoryRegion mr) {
            return true;
        }

        @Override
        public MemoryRegion get(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
