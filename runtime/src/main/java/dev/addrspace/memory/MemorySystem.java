package dev.addrspace.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One machine's memory: owns its regions' transactions, its address spaces (in creation order), their
 * published flat views and their listeners. There is no global state: two machines, each with its own
 * {@code MemorySystem}, live side by side in one JVM.
 *
 * <p>Transactions nest ({@link #beginTransaction()}, {@link #commitTransaction()},
 * {@link #transaction(Runnable)}); every region mutator opens its own. When the outermost transaction
 * commits with an update pending, the flat views are brought up to date and published, and listeners are
 * told, in QEMU's order (see {@link MemoryListener}). Unlike QEMU, which re-renders every view on every
 * such commit, a view is re-rendered only if a region it depends on changed since it was rendered; the
 * published views, and the listener calls, are the same as QEMU's. A re-render whose ranges equal the
 * published view's keeps the published {@link FlatView} object, so view identity changes exactly when a
 * view's content changes (the per-CPU page caches rely on it).
 *
 * <p>Writers serialize on the memory system: every mutating method locks it, and so do the region
 * mutators. Readers take no lock: {@link AddressSpace#flatView()} is one volatile read for an address
 * space that reads its view directly, and two more dependent ones (the shared cell, its view) otherwise.
 *
 * <p>Publication costs one store per changed view, whatever the number of address spaces: the address
 * spaces that show one rendered view (the members of the root groups that use it; with
 * {@link #setShareEqualViews sharing}, the 1,000 per-CPU SMM roots of an x86 machine) read it through one
 * shared cell, and a view with a single reader is stored into that address space. A cell is never
 * written again once a group that used it has left it (the groups that stay move to a fresh cell): a
 * reader that loaded it before the move sees its own address space's last view, never another root's.
 * Address spaces with listeners are published one by one, after their listeners are told, as QEMU
 * publishes per address space.
 *
 * <p>{@link #viewGeneration()} counts the commits that changed at least one published view: a CPU in
 * safe-point mode compares it with the value it last saw instead of reading its views on every access.
 */
public final class MemorySystem extends ViewGenerationCell {

    /** {@link #viewGeneration}: written with release by the committer, read with acquire or plainly. */
    private static final VarHandle GENERATION;

    static {
        try {
            GENERATION = MethodHandles.lookup().findVarHandle(ViewGenerationValue.class, "viewGeneration",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The view generation (ViewGenerationValue.viewGeneration, padded onto a cache line of its own): bumped
    // with release after every publication that changed a view of any address space; one cell for the whole
    // machine, so a commit costs the same whatever the number of CPUs.

    private final List<AddressSpace> addressSpaces = new ArrayList<>();
    /** The root group of each address space, index for index with {@link #addressSpaces}. */
    private final List<RootGroup> groupOfAs = new ArrayList<>();
    /** Every registered listener of every address space, stable-sorted by priority (QEMU's global list). */
    private final List<AddressSpace.Registration> listeners = new ArrayList<>();
    private final FlatView emptyView = new FlatView(null, new FlatRange[0]);
    /** The cell of the empty view: address spaces with nothing mapped, and destroyed ones. Never written. */
    private final ViewCell emptyCell = new ViewCell(emptyView);
    /**
     * The address spaces whose view is published to them alone because they have listeners or a private
     * first view ({@link AddressSpace#ownCell}), in creation order.
     */
    private final List<AddressSpace> ownCellSpaces = new ArrayList<>();
    /**
     * Groups whose node, members or listeners changed: their node's readers (or, on the empty view, their
     * address spaces) are settled at the next publication.
     */
    private final Set<RootGroup> repoint = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Nodes whose cell was retired: their remaining readers are settled at the next publication. */
    private final Set<ViewNode> unsettled = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Nodes whose view object changed in the current commit, to be stored into their cells. */
    private final List<ViewNode> republish = new ArrayList<>();
    /** Creation counter of address spaces ({@link AddressSpace#serial}). */
    private int serials;
    /** Regions changed since the last re-render. */
    private Set<MemoryRegion> touched = newRegionSet();
    /** One group per distinct address-space root region. */
    private final Map<MemoryRegion, RootGroup> groups = new IdentityHashMap<>();
    /** Region to the groups whose flat-view root walk read it: a touched region re-resolves only those. */
    private final Map<MemoryRegion, List<RootGroup>> walkIndex = new IdentityHashMap<>();
    /** Rendered views by the flat-view root they were rendered from. */
    private final Map<MemoryRegion, ViewNode> nodes = new IdentityHashMap<>();
    /** With {@link #shareEqualViews}: a rendered node per structural key. */
    private final Map<List<Object>, ViewNode> nodesByKey = new HashMap<>();
    private int depth;
    private boolean pending;
    /** True while a commit tells the listeners; a topology change then would publish stale views. */
    private boolean notifying;
    private boolean reresolveAll;
    /** Groups whose address spaces hold a private render until the next commit resolves them. */
    private final Set<RootGroup> needResolve = Collections.newSetFromMap(new IdentityHashMap<>());
    private long renderCount;
    private boolean shareEqualViews;
    /** Alias loops: whether the graph holds one, and the check that every render still ends. */
    private final LoopGuard loopGuard = new LoopGuard(this);

    /**
     * The address spaces over one root region: the flat-view root their root resolves to, the regions
     * that walk read, and the rendered view they use (their own root's, or with sharing an equal root's).
     */
    private static final class RootGroup {
        final MemoryRegion asRoot;
        /** The live address spaces over {@link #asRoot}, in creation order. */
        final List<AddressSpace> members = new ArrayList<>(1);
        /** The resolved flat-view root, or null for the empty view. */
        MemoryRegion resolved;
        /** The regions the root walk read (plus, for a sharing root, all its children). */
        List<MemoryRegion> walkDeps = Collections.emptyList();
        /** The node whose view the group shows, or null for the empty view. */
        ViewNode node;

        RootGroup(MemoryRegion asRoot) {
            this.asRoot = asRoot;
        }

        FlatView view(FlatView empty) {
            return node == null ? empty : node.view;
        }
    }

    /**
     * A rendered view of one flat-view root, the regions its render read, the groups that use it and the
     * cell their address spaces read it through.
     */
    private static final class ViewNode {
        final MemoryRegion root;
        FlatView view;
        /**
         * The cell the users' address spaces read {@link #view} through, or null until one is needed. Set
         * to null (retired: never written again) when a user group leaves; see {@link #retire}.
         */
        ViewCell cell;
        /**
         * The only address space reading this node's view, published to it directly (one field on its
         * access path instead of a cell and its view), or null. At most one of {@link #cell} and this
         * serves readers after a publication; both may be set between an address space's creation and
         * the next publication, and both are then written.
         */
        AddressSpace sole;
        Set<MemoryRegion> dependsOn;
        /** The structural key under which other roots share this node, or null. */
        List<Object> key;
        final Set<RootGroup> users = Collections.newSetFromMap(new IdentityHashMap<>());

        ViewNode(MemoryRegion root) {
            this.root = root;
        }

        boolean isStale(Set<MemoryRegion> changed) {
            if (changed.isEmpty()) {
                return false;
            }
            Set<MemoryRegion> deps = dependsOn;
            if (changed.size() <= deps.size()) {
                for (MemoryRegion mr : changed) {
                    if (deps.contains(mr)) {
                        return true;
                    }
                }
                return false;
            }
            for (MemoryRegion mr : deps) {
                if (changed.contains(mr)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Set<MemoryRegion> newRegionSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Creates an empty memory system with no regions and no address spaces. */
    public MemorySystem() {
    }

    /**
     * Creates an address space over {@code root} and renders it at once, as QEMU's
     * {@code address_space_init}. Its view is shared with the existing address spaces whose roots resolve
     * to the same flat-view root. Allocates.
     *
     * @param root the root region; must belong to this memory system
     * @param name the address space's name; QEMU uses {@code "anonymous"} when none is given
     * @return the new address space, appended to {@link #addressSpaces()}
     * @throws NullPointerException if {@code root} or {@code name} is null
     * @throws IllegalArgumentException if {@code root} belongs to another memory system, or if its render
     *     would not end (an alias loop beyond the bounds of {@code docs/memory-model.md}, section Alias loops)
     */
    public synchronized AddressSpace newAddressSpace(MemoryRegion root, String name) {
        checkOwned(root, "root of address space '" + name + "'");
        if (name == null) {
            throw new NullPointerException("name of address space over '" + root.name() + "'");
        }
        loopGuard.checkRoot(root, name, "creating address space '" + name + "'");
        RootGroup group = groups.get(root);
        FlatView view = null;
        if (group == null) {
            group = new RootGroup(root);
            groups.put(root, group);
            view = resolve(group, false);
        } else if (!groupAffected(group)) {
            view = group.view(emptyView);
        }
        final AddressSpace as;
        final ViewNode n = group.node;
        if (view == null) {
            // Changes since the last commit made the cached view stale: render the current tree
            // privately, published to it alone; the next commit resolves the group, publishes its view and
            // makes the address space one of its view's readers.
            needResolve.add(group);
            as = new AddressSpace(this, root, name, renderPrivately(root), emptyCell, true, serials++);
            ownCellSpaces.add(as);
        } else if (n != null && group.members.isEmpty() && n.users.size() == 1 && n.cell == null && n.sole == null) {
            // the only reader of its view: published to it directly
            as = new AddressSpace(this, root, name, n.view, emptyCell, false, serials++);
            n.sole = as;
        } else {
            as = new AddressSpace(this, root, name, cellOf(group), serials++);
            if (n != null && n.sole != null) {
                // the view's sole reader now shares it: to the cell (holding the same view) at once
                final AddressSpace was = n.sole;
                n.sole = null;
                was.pointAt(n.cell);
            }
        }
        group.members.add(as);
        addressSpaces.add(as);
        groupOfAs.add(group);
        return as;
    }

    /**
     * The live address spaces in creation order.
     *
     * @return an unmodifiable snapshot; allocates
     */
    public synchronized List<AddressSpace> addressSpaces() {
        return Collections.unmodifiableList(new ArrayList<>(addressSpaces));
    }

    /**
     * Opens a transaction ({@code memory_region_transaction_begin}); transactions nest.
     *
     * @throws IllegalStateException if called from a listener while a commit is telling the listeners
     *         (every region mutator opens a transaction, so this refuses topology changes from listeners)
     */
    public synchronized void beginTransaction() {
        if (notifying) {
            throw new IllegalStateException("the topology cannot change from a listener while a commit is being"
                    + " published (depth=" + depth + ")");
        }
        depth++;
    }

    /**
     * Closes a transaction ({@code memory_region_transaction_commit}). When the outermost one closes with
     * an update pending, the views are re-rendered where needed, published, and the listeners told.
     *
     * @throws IllegalStateException if no transaction is open
     * @throws RuntimeException the first exception a listener threw; every view is published regardless
     */
    public synchronized void commitTransaction() {
        if (depth == 0) {
            throw new IllegalStateException("commitTransaction without beginTransaction (depth=0)");
        }
        depth--;
        if (depth == 0 && pending) {
            flush();
        }
    }

    /**
     * Runs {@code body} inside one transaction, so that all its changes cost one re-render. The
     * transaction is committed even if {@code body} throws; the changes it made before throwing stay.
     *
     * @param body the changes
     * @throws NullPointerException if {@code body} is null
     */
    public synchronized void transaction(Runnable body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        beginTransaction();
        try {
            body.run();
        } finally {
            commitTransaction();
        }
    }

    /** @return the nesting depth of open transactions, 0 when none is open */
    public synchronized int transactionDepth() {
        return depth;
    }

    /** @return the shared empty view of this memory system ("Root memory region: (none)") */
    public FlatView emptyView() {
        return emptyView;
    }

    /** @return the cell of the empty view, never written (destroyed address spaces point at it) */
    ViewCell emptyCell() {
        return emptyCell;
    }

    /**
     * Turns on sharing of equal views between distinct flat-view roots (off by default, as QEMU). When
     * on, a root that is a pure container whose children are all aliases (x86's per-CPU SMM root:
     * system memory at priority 0, SMRAM at priority 1) shares the view of any other such root whose
     * fields and children's fields are equal, aliases of the same targets included; 1,000 CPUs then
     * render one view instead of 1,000. The ranges are the same as QEMU's; the difference shows in
     * {@code info mtree -f}, which prints one FlatView, under the first root's name, for all of them.
     * Takes effect at the next re-render.
     *
     * @param share true to share equal views
     */
    public synchronized void setShareEqualViews(boolean share) {
        if (share == shareEqualViews) {
            return;
        }
        this.shareEqualViews = share;
        // Every root resolves again at the next commit, into fresh nodes with fresh cells; the old cells are
        // retired, and the address spaces keep reading them (unchanged views) until then.
        for (RootGroup g : groups.values()) {
            if (g.node != null) {
                g.node.users.remove(g);
                g.node.cell = null;
                g.node.sole = null;
                g.node = null;
            }
        }
        nodes.clear();
        nodesByKey.clear();
        reresolveAll = true;
    }

    /** @return whether equal views of distinct roots are shared; see {@link #setShareEqualViews} */
    public synchronized boolean isShareEqualViews() {
        return shareEqualViews;
    }

    /**
     * The view generation: a count bumped after every commit (or address-space destruction) that
     * published a changed view to at least one address space, with release semantics, after the views.
     * Read here with acquire semantics: a thread that reads a value sees every view published before the
     * bump that wrote it. A CPU's safe point reads it ({@code CpuState.safePoint()}). Wraps around after
     * 2^32 bumps; compare for equality only. No lock, no allocation.
     *
     * @return the current view generation
     */
    public int viewGeneration() {
        return (int) GENERATION.getAcquire(this);
    }

    /**
     * The view generation read without any ordering: may be stale when another thread committed, but never
     * older than a commit this thread made (program order). The CPU access path compares it on every access
     * so that a CPU's own commits (its device writes, its own topology changes) take effect for its next
     * access; commits of other threads are guaranteed only by {@link #viewGeneration()} at a safe point.
     * No lock, no allocation.
     *
     * @return the view generation as this thread happens to see it
     */
    public int viewGenerationPlain() {
        return viewGeneration;
    }

    /** Bumps the view generation (release); caller holds the lock and has published the changed views. */
    void bumpViewGeneration() {
        GENERATION.setRelease(this, viewGeneration + 1);
    }

    /** @return how many views this memory system has rendered so far, for tests and benchmarks */
    public synchronized long renderCount() {
        return renderCount;
    }

    // ------------------------------------------------------------------------------------------------
    // Package-private machinery.

    /** @return the alias-loop bookkeeping of this memory system (writer side, under the lock) */
    LoopGuard loopGuard() {
        return loopGuard;
    }

    /** @return the live list of address spaces, in creation order (writer side, under the lock) */
    List<AddressSpace> addressSpaceList() {
        return addressSpaces;
    }

    void checkOwned(MemoryRegion region, String what) {
        if (region == null) {
            throw new NullPointerException(what);
        }
        if (region.system() != this) {
            throw new IllegalArgumentException(what + ": region '" + region.name()
                    + "' belongs to another memory system");
        }
    }

    /** Records a change of {@code mr}; {@code markPending} says whether QEMU would re-render for it. */
    void touch(MemoryRegion mr, boolean markPending) {
        touched.add(mr);
        pending |= markPending;
    }

    /**
     * Gives {@code as} a cell of its own holding its current view (no visible change), so that its view is
     * published per address space after its listeners are told. Caller holds the lock.
     */
    void giveOwnCell(AddressSpace as) {
        if (as.ownCell) {
            return;
        }
        as.ownCell = true;
        as.publishDirect(as.flatView());
        final RootGroup g = groupOf(as);
        if (g.node != null && g.node.sole == as) {
            g.node.sole = null;
        }
        // its view's readers changed (one fewer): settled at the next publication
        repoint.add(g);
        int i = ownCellSpaces.size();
        while (i > 0 && ownCellSpaces.get(i - 1).serial > as.serial) {
            i--;
        }
        ownCellSpaces.add(i, as);
    }

    /** @return the cell of {@code g}'s current view, creating its node's cell if it has none */
    private ViewCell cellOf(RootGroup g) {
        return g.node == null ? emptyCell : cellOf(g.node);
    }

    /** @return {@code n}'s cell, created holding its current view if it has none */
    private ViewCell cellOf(ViewNode n) {
        if (n.cell == null) {
            n.cell = new ViewCell(n.view);
        }
        return n.cell;
    }

    /**
     * Retires {@code n}'s cell after a user group left it: the cell is never written again (a reader of the
     * group that left may still hold it), and the groups that stay are given a fresh cell (or, a sole
     * reader, their view directly) at the next publication.
     */
    private void retire(ViewNode n) {
        if (n.cell != null || n.sole != null) {
            n.cell = null;
            n.sole = null;
            unsettled.add(n);
        }
    }

    AddressSpace firstAddressSpaceWithRoot(MemoryRegion root) {
        for (AddressSpace as : addressSpaces) {
            if (as.root() == root) {
                return as;
            }
        }
        return null;
    }

    List<AddressSpace.Registration> globalListeners() {
        return listeners;
    }

    /**
     * Resolves {@code g}'s root and attaches the group to a node: the resolved root's own, or with
     * sharing an equal root's, or a new one (rendered now). Outside a commit ({@code inFlush} false) a
     * cached node that changes since made stale is not used: returns null, and the caller renders privately.
     */
    private FlatView resolve(RootGroup g, boolean inFlush) {
        ArrayList<MemoryRegion> deps = new ArrayList<>();
        MemoryRegion r = Renderer.flatViewRoot(g.asRoot, deps);
        ViewNode n = null;
        if (r != null) {
            n = nodes.get(r);
            if (n != null && !inFlush && n.isStale(touched)) {
                return null;
            }
            if (n == null && shareEqualViews) {
                List<Object> key = structuralKey(r);
                ViewNode rep = key == null ? null : nodesByKey.get(key);
                if (rep != null && nodes.get(rep.root) == rep && key.equals(rep.key)
                        && (inFlush || !rep.isStale(touched))) {
                    n = rep;
                    // The structural key read the root and all its children: a change to any re-resolves.
                    deps.addAll(r.subregionList());
                }
            }
            if (n == null) {
                n = new ViewNode(r);
                render(n);
                nodes.put(r, n);
            }
        }
        setWalkDeps(g, deps);
        g.resolved = r;
        if (g.node != n) {
            final ViewNode old = g.node;
            if (old != null) {
                old.users.remove(g);
                retire(old);
                dropIfUnused(old);
            }
            g.node = n;
            if (n != null) {
                n.users.add(g);
            }
            // joining a cell is safe (its readers see this group's view); a sole reader of n moves to a cell
            // when n's readers are settled, at publication
            repoint.add(g);
        }
        return g.view(emptyView);
    }

    /** Renders {@code n} from its root, keeping the published view object when the ranges are equal. */
    private void render(ViewNode n) {
        Renderer.Result r = Renderer.render(n.root, loopGuard.hasLoops());
        renderCount++;
        // An unchanged re-render keeps the published view object, so that per-CPU page caches (which
        // compare view identity) are not flushed by commits that change nothing they see. A view's dispatch
        // reads its ranges' regions' own flags (readonly) when it is built, so a changed region that answers
        // one of the ranges needs a new view even when the ranges are equal.
        if (n.view == null || !sameRanges(n.view, r.ranges) || touchesRangeRegion(n.view)) {
            n.view = new FlatView(n.root, r.ranges);
            if (n.cell != null || n.sole != null) {
                republish.add(n);
            }
        }
        n.dependsOn = r.visited;
        n.key = shareEqualViews ? structuralKey(n.root) : null;
        if (n.key != null) {
            nodesByKey.putIfAbsent(n.key, n);
        }
    }

    private FlatView renderPrivately(MemoryRegion asRoot) {
        MemoryRegion r = Renderer.flatViewRoot(asRoot, new ArrayList<>());
        if (r == null) {
            return emptyView;
        }
        renderCount++;
        return new FlatView(r, Renderer.render(r, loopGuard.hasLoops()).ranges);
    }

    /** True when a change since the last commit may change what {@code g} shows. */
    private boolean groupAffected(RootGroup g) {
        if (reresolveAll || needResolve.contains(g)) {
            return true;
        }
        for (MemoryRegion mr : g.walkDeps) {
            if (touched.contains(mr)) {
                return true;
            }
        }
        return g.node != null && g.node.isStale(touched);
    }

    private void setWalkDeps(RootGroup g, List<MemoryRegion> deps) {
        List<MemoryRegion> old = g.walkDeps;
        if (old.equals(deps)) {
            return;
        }
        for (MemoryRegion mr : old) {
            List<RootGroup> l = walkIndex.get(mr);
            if (l != null) {
                l.remove(g);
                if (l.isEmpty()) {
                    walkIndex.remove(mr);
                }
            }
        }
        for (MemoryRegion mr : deps) {
            List<RootGroup> l = walkIndex.computeIfAbsent(mr, k -> new ArrayList<>(1));
            if (l.isEmpty() || l.get(l.size() - 1) != g) {
                l.add(g);
            }
        }
        g.walkDeps = deps;
    }

    private void dropIfUnused(ViewNode n) {
        if (n.users.isEmpty()) {
            // no group uses it: its cell is never written again (readers of a group that left may hold it)
            n.cell = null;
            n.sole = null;
        }
        if (n.users.isEmpty() && nodes.get(n.root) == n) {
            nodes.remove(n.root);
            if (n.key != null && nodesByKey.get(n.key) == n) {
                nodesByKey.remove(n.key);
            }
        }
    }

    private boolean ownRegionsTouched(MemoryRegion root) {
        if (touched.contains(root)) {
            return true;
        }
        for (MemoryRegion c : root.subregionList()) {
            if (touched.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Everything that decides the render of a pure container whose children are all aliases: its own
     * fields and, per child in list order, the alias's fields and target (by identity). Null for any
     * other root. Two roots with equal keys render equal ranges.
     */
    private static List<Object> structuralKey(MemoryRegion root) {
        if (root.kind() != MemoryRegion.Kind.CONTAINER) {
            return null;
        }
        List<Object> key = new ArrayList<>();
        Collections.addAll(key, root.isEnabled(), root.addr(), root.size(), root.isReadonly(), root.isNonvolatile(),
                root.isUnmergeable());
        for (MemoryRegion c : root.subregionList()) {
            if (c.aliasTarget() == null) {
                return null;
            }
            // MemoryRegion keeps Object's identity equals, so the target compares by identity.
            Collections.addAll(key, c.aliasTarget(), c.aliasOffset(), c.size(), c.addr(), c.priority(), c.isEnabled(),
                    c.isReadonly(), c.isNonvolatile(), c.isUnmergeable());
        }
        return key;
    }

    /** @return true when a region that answers one of {@code view}'s ranges changed since the last render */
    private boolean touchesRangeRegion(FlatView view) {
        for (int i = 0; i < view.rangeCount(); i++) {
            if (touched.contains(view.range(i).region())) {
                return true;
            }
        }
        return false;
    }

    /** @return true when {@code view} has exactly {@code ranges}, dirty-log masks included */
    private static boolean sameRanges(FlatView view, FlatRange[] ranges) {
        if (view.rangeCount() != ranges.length) {
            return false;
        }
        for (int i = 0; i < ranges.length; i++) {
            final FlatRange a = view.range(i);
            if (!a.sameAs(ranges[i]) || a.dirtyLogMask() != ranges[i].dirtyLogMask()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Brings every view up to date and publishes it. Per commit the work is: one lookup per changed
     * region (which root walks read it), one staleness check per rendered node, a render per stale node,
     * one store per changed view's cell, one store per address space that moves to another cell (a group
     * that changed views, or the groups left on a node that lost one), and one publication per address
     * space with listeners; an address space whose root is untouched costs no walk, no store and no
     * allocation.
     */
    private void flush() {
        pending = false;
        // 1. The groups whose root walk read a changed region re-resolve.
        Set<RootGroup> toResolve = Collections.newSetFromMap(new IdentityHashMap<>());
        if (reresolveAll) {
            toResolve.addAll(groups.values());
        } else {
            toResolve.addAll(needResolve);
            for (MemoryRegion mr : touched) {
                List<RootGroup> l = walkIndex.get(mr);
                if (l != null) {
                    toResolve.addAll(l);
                }
            }
        }
        reresolveAll = false;
        needResolve.clear();
        // 2. Stale nodes re-render; a node whose structural key changes loses the roots that shared it.
        if (!touched.isEmpty()) {
            for (ViewNode n : new ArrayList<>(nodes.values())) {
                if (!n.isStale(touched)) {
                    continue;
                }
                if (n.key != null && ownRegionsTouched(n.root) && !n.key.equals(structuralKey(n.root))) {
                    if (nodesByKey.get(n.key) == n) {
                        nodesByKey.remove(n.key);
                    }
                    for (RootGroup g : n.users) {
                        if (g.resolved != n.root) {
                            toResolve.add(g);
                        }
                    }
                }
                render(n);
            }
        }
        // A set that grew large (a machine built in one transaction) is replaced, not cleared: clearing and
        // iterating an IdentityHashMap cost its capacity, on every later commit.
        if (touched.size() > 64) {
            touched = newRegionSet();
        } else {
            touched.clear();
        }
        // 3. Re-resolve, in creation order of the groups' first address spaces (deterministic sharing).
        // The walk stops at the last group to resolve: with 1,000 CPUs, a change to system memory resolves
        // the group of the first address spaces only, and the walk must not cost one step per CPU.
        for (int i = 0, n = groupOfAs.size(); i < n && !toResolve.isEmpty(); i++) {
            final RootGroup g = groupOfAs.get(i);
            if (toResolve.remove(g)) {
                resolve(g, true);
            }
        }

        notifying = true;
        try {
            notifyListeners();
        } finally {
            notifying = false;
        }
    }

    private void notifyListeners() {
        RuntimeException failure = null;
        for (AddressSpace.Registration reg : new ArrayList<>(listeners)) {
            try {
                reg.listener.begin();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        // Address spaces with no listener (any more), or with a private first view now resolved, become
        // readers of their group's view again (settled below, with the other readers).
        for (int i = 0; i < ownCellSpaces.size(); i++) {
            final AddressSpace as = ownCellSpaces.get(i);
            if (as.listenerCount() == 0) {
                as.ownCell = false;
                repoint.add(groupOf(as));
                ownCellSpaces.remove(i--);
            }
        }
        boolean changed = publishShared();
        // The address spaces with listeners, in creation order: listeners told, then the store.
        for (int i = 0; i < ownCellSpaces.size(); i++) {
            final AddressSpace as = ownCellSpaces.get(i);
            final FlatView next = groupOf(as).view(emptyView);
            try {
                changed |= as.setFlatView(next);
            } catch (RuntimeException e) {
                // a listener failed: the view is published all the same
                changed = true;
                failure = failure == null ? e : failure;
            }
        }
        if (changed) {
            // after every changed view is published: a CPU that sees the new generation sees them all
            bumpViewGeneration();
        }
        for (AddressSpace.Registration reg : new ArrayList<>(listeners)) {
            try {
                reg.listener.commit();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Stores each changed view once: into its node's cell (one store, whatever the number of address
     * spaces reading it) or, for a node with one reader, into that address space. Then settles the readers
     * of the nodes whose readers changed: one reader gets the view directly, several share the node's cell
     * (a fresh one when the old was retired). Caller holds the lock, in flush.
     *
     * @return true when an address space without listeners sees a different view object
     */
    private boolean publishShared() {
        boolean changed = false;
        for (int i = 0, n = republish.size(); i < n; i++) {
            final ViewNode node = republish.get(i);
            final ViewCell c = node.cell;
            // a retired cell (null here) is never written: its groups move to a fresh cell below
            if (c != null && c.view != node.view) {
                c.publish(node.view);
                changed = true;
            }
            final AddressSpace sole = node.sole;
            if (sole != null && sole.direct() != node.view) {
                sole.publishDirect(node.view);
                changed = true;
            }
        }
        republish.clear();
        if (!repoint.isEmpty() || !unsettled.isEmpty()) {
            for (RootGroup g : repoint) {
                if (g.members.isEmpty()) {
                    continue;
                }
                if (g.node != null) {
                    unsettled.add(g.node);
                    continue;
                }
                for (int i = 0, n = g.members.size(); i < n; i++) {
                    final AddressSpace as = g.members.get(i);
                    if (!as.ownCell) {
                        changed |= as.flatView() != emptyView;
                        as.pointAt(emptyCell);
                    }
                }
            }
            repoint.clear();
            for (ViewNode n : unsettled) {
                changed |= settle(n);
            }
            unsettled.clear();
        }
        return changed;
    }

    /**
     * Settles the readers of {@code n} (its users' address spaces without listeners): one reader is
     * published the view directly and the node's cell is retired; several are pointed at the node's cell.
     *
     * @return true when a reader sees a different view object
     */
    private boolean settle(ViewNode n) {
        AddressSpace only = null;
        int readers = 0;
        for (RootGroup g : n.users) {
            for (int i = 0, m = g.members.size(); i < m; i++) {
                final AddressSpace as = g.members.get(i);
                if (!as.ownCell) {
                    readers++;
                    only = as;
                }
            }
        }
        boolean changed = false;
        if (readers == 1) {
            // stale readers of the cell (this address space's, or destroyed ones') see a frozen view
            n.cell = null;
            n.sole = only;
            if (only.direct() != n.view) {
                changed = only.flatView() != n.view;
                only.publishDirect(n.view);
            }
            return changed;
        }
        n.sole = null;
        if (readers == 0) {
            return false;
        }
        final ViewCell c = cellOf(n);
        for (RootGroup g : n.users) {
            for (int i = 0, m = g.members.size(); i < m; i++) {
                final AddressSpace as = g.members.get(i);
                if (!as.ownCell && (as.direct() != null || as.cell() != c)) {
                    changed |= as.flatView() != c.view;
                    as.pointAt(c);
                }
            }
        }
        return changed;
    }

    /** @return the root group of the live address space {@code as} */
    private RootGroup groupOf(AddressSpace as) {
        return groups.get(as.root());
    }

    void removeAddressSpace(AddressSpace as) {
        int i = addressSpaces.indexOf(as);
        if (i < 0) {
            return;
        }
        addressSpaces.remove(i);
        ownCellSpaces.remove(as);
        RootGroup g = groupOfAs.remove(i);
        g.members.remove(as);
        if (g.node != null && g.node.sole == as) {
            g.node.sole = null;
        }
        if (!g.members.isEmpty()) {
            // its view's readers changed: settled at the next publication
            repoint.add(g);
        } else {
            groups.remove(g.asRoot);
            needResolve.remove(g);
            repoint.remove(g);
            setWalkDeps(g, Collections.emptyList());
            if (g.node != null) {
                g.node.users.remove(g);
                // a reader of the destroyed address space may still hold the node's cell
                retire(g.node);
                dropIfUnused(g.node);
                g.node = null;
            }
        }
    }
}
