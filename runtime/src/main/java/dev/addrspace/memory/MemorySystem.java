package dev.addrspace.memory;

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
 * mutators. Readers take no lock: {@link AddressSpace#flatView()} is one volatile read.
 */
public final class MemorySystem {

    private final List<AddressSpace> addressSpaces = new ArrayList<>();
    /** Every registered listener of every address space, stable-sorted by priority (QEMU's global list). */
    private final List<AddressSpace.Registration> listeners = new ArrayList<>();
    private final FlatView emptyView = new FlatView(null, new FlatRange[0]);
    /** Regions changed since the last re-render. */
    private final Set<MemoryRegion> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Rendered views by flat-view root, with the regions each depends on. */
    private Map<MemoryRegion, CachedView> views = new IdentityHashMap<>();
    private int depth;
    private boolean pending;
    /** True while a commit tells the listeners; a topology change then would publish stale views. */
    private boolean notifying;
    private long renderCount;
    private boolean shareEqualViews;
    /** With {@link #shareEqualViews}: a rendered root per structural key, checked again on use. */
    private final Map<List<Object>, MemoryRegion> rootsByKey = new HashMap<>();

    private static final class CachedView {
        final FlatView view;
        final Set<MemoryRegion> dependsOn;
        /** Regions of a root that shares another root's view (its children), or an empty set. */
        final Set<MemoryRegion> alsoDependsOn;
        /** The root whose render this root shares, or null for a root with its own render. */
        final MemoryRegion sharedFrom;

        CachedView(FlatView view, Set<MemoryRegion> dependsOn, Set<MemoryRegion> alsoDependsOn,
                MemoryRegion sharedFrom) {
            this.view = view;
            this.dependsOn = dependsOn;
            this.alsoDependsOn = alsoDependsOn;
            this.sharedFrom = sharedFrom;
        }

        boolean isStale(Set<MemoryRegion> changed) {
            return intersects(changed, dependsOn) || intersects(changed, alsoDependsOn);
        }

        private static boolean intersects(Set<MemoryRegion> a, Set<MemoryRegion> b) {
            Set<MemoryRegion> small = a.size() <= b.size() ? a : b;
            Set<MemoryRegion> large = small == a ? b : a;
            for (MemoryRegion mr : small) {
                if (large.contains(mr)) {
                    return true;
                }
            }
            return false;
        }
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
     * @throws IllegalArgumentException if {@code root} belongs to another memory system
     */
    public synchronized AddressSpace newAddressSpace(MemoryRegion root, String name) {
        checkOwned(root, "root of address space '" + name + "'");
        if (name == null) {
            throw new NullPointerException("name of address space over '" + root.name() + "'");
        }
        AddressSpace as = new AddressSpace(this, root, name, viewFor(root, views));
        addressSpaces.add(as);
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
        this.shareEqualViews = share;
    }

    /** @return whether equal views of distinct roots are shared; see {@link #setShareEqualViews} */
    public synchronized boolean isShareEqualViews() {
        return shareEqualViews;
    }

    /** @return how many views this memory system has rendered so far, for tests and benchmarks */
    public synchronized long renderCount() {
        return renderCount;
    }

    // ------------------------------------------------------------------------------------------------
    // Package-private machinery.

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

    private FlatView viewFor(MemoryRegion asRoot, Map<MemoryRegion, CachedView> into) {
        MemoryRegion root = Renderer.flatViewRoot(asRoot);
        if (root == null) {
            return emptyView;
        }
        CachedView cv = into.get(root);
        if (cv == null || (into == views && cv.isStale(touched))) {
            CachedView previous = views.get(root);
            cv = previous;
            if (cv == null || cv.isStale(touched)) {
                cv = shareEqualViews ? equalView(root, into, previous) : null;
                if (cv == null) {
                    Renderer.Result r = Renderer.render(root);
                    renderCount++;
                    // An unchanged re-render keeps the published view object, so that per-CPU page caches
                    // (which compare view identity) are not flushed by commits that change nothing they see.
                    // A view's dispatch reads its ranges' regions' own flags (readonly) when it is built, so a
                    // changed region that answers one of the ranges needs a new view even when the ranges are equal.
                    final FlatView keep = previous != null && previous.view.root() == root
                            && sameRanges(previous.view, r.ranges) && !touchesRangeRegion(previous.view)
                            ? previous.view : new FlatView(root, r.ranges);
                    cv = new CachedView(keep, r.visited, Collections.emptySet(), null);
                }
            } else if (shareEqualViews && cv.alsoDependsOn.isEmpty()) {
                // A root with its own up-to-date view is the one others of its shape share.
                List<Object> key = structuralKey(root);
                if (key != null) {
                    rootsByKey.putIfAbsent(key, root);
                }
            }
            into.put(root, cv);
        }
        return cv.view;
    }

    /**
     * A fresh view of another root whose structure equals {@code root}'s, or null. The dependency set
     * of the result is the other's plus {@code root} and its children.
     */
    private CachedView equalView(MemoryRegion root, Map<MemoryRegion, CachedView> fresh, CachedView previous) {
        if (previous != null && previous.sharedFrom != null && !CachedView.intersects(touched, previous.alsoDependsOn)
                && !ownRegionsTouched(previous.sharedFrom)) {
            // Neither this root nor the one it shares with changed shape: share the other's fresh view.
            CachedView other = fresh.get(previous.sharedFrom);
            if (other != null && other.sharedFrom == null) {
                return new CachedView(other.view, other.dependsOn, previous.alsoDependsOn, previous.sharedFrom);
            }
        }
        List<Object> key = structuralKey(root);
        if (key == null) {
            return null;
        }
        MemoryRegion other = rootsByKey.get(key);
        if (other == null || other == root || !key.equals(structuralKey(other))) {
            rootsByKey.put(key, root);
            return null;
        }
        CachedView cv = fresh.get(other);
        if (cv == null) {
            cv = views.get(other);
            if (cv == null || cv.isStale(touched)) {
                rootsByKey.put(key, root);
                return null;
            }
        }
        if (previous != null && !previous.alsoDependsOn.isEmpty()
                && !CachedView.intersects(touched, previous.alsoDependsOn)) {
            // This root's own regions did not change: keep its set, share the other's fresh view.
            return new CachedView(cv.view, cv.dependsOn, previous.alsoDependsOn, other);
        }
        Set<MemoryRegion> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.add(root);
        own.addAll(root.subregionList());
        return new CachedView(cv.view, cv.dependsOn, own, other);
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

    private void flush() {
        pending = false;
        rootsByKey.clear();
        Map<MemoryRegion, CachedView> next = new IdentityHashMap<>();
        int n = addressSpaces.size();
        FlatView[] newViews = new FlatView[n];
        for (int i = 0; i < n; i++) {
            newViews[i] = viewFor(addressSpaces.get(i).root(), next);
        }
        views = next;
        touched.clear();

        notifying = true;
        try {
            notifyListeners(newViews);
        } finally {
            notifying = false;
        }
    }

    private void notifyListeners(FlatView[] newViews) {
        final int n = newViews.length;
        RuntimeException failure = null;
        for (AddressSpace.Registration reg : new ArrayList<>(listeners)) {
            try {
                reg.listener.begin();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        for (int i = 0; i < n; i++) {
            try {
                addressSpaces.get(i).setFlatView(newViews[i]);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
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

    void removeAddressSpace(AddressSpace as) {
        addressSpaces.remove(as);
    }
}
