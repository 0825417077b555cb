package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * A view of a region tree from one root, as QEMU's {@code AddressSpace}: what one kind of bus master
 * (a CPU in one security state, a DMA engine) sees at each address.
 *
 * <p>Created by {@link MemorySystem#newAddressSpace(MemoryRegion, String)}. The current {@link FlatView}
 * is published through one volatile field: a reader on another thread sees either the old or the new
 * view, never a mix.
 *
 * <p>Safe for concurrent readers; writers serialize on the memory system.
 */
public final class AddressSpace {

    /** A listener registered on an address space, with the priority read at registration. */
    static final class Registration {
        final MemoryListener listener;
        final int priority;
        final AddressSpace addressSpace;

        Registration(MemoryListener listener, int priority, AddressSpace addressSpace) {
            this.listener = listener;
            this.priority = priority;
            this.addressSpace = addressSpace;
        }
    }

    private final MemorySystem system;
    private final MemoryRegion root;
    private final String name;
    /** Listeners of this address space, stable-sorted by ascending priority. Writer side only. */
    private final List<Registration> listeners = new ArrayList<>();
    // volatile: publishes each new immutable view to reader threads.
    private volatile FlatView view;
    private volatile boolean destroyed;

    AddressSpace(MemorySystem system, MemoryRegion root, String name, FlatView view) {
        this.system = system;
        this.root = root;
        this.name = name;
        this.view = view;
    }

    /** @return the name, for example {@code cpu-memory-0} */
    public String name() {
        return name;
    }

    /** @return the root region */
    public MemoryRegion root() {
        return root;
    }

    /** @return the owning memory system */
    public MemorySystem system() {
        return system;
    }

    /** @return true once {@link #destroy()} has run */
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * The current flat view: one volatile read, no lock, no allocation. After {@link #destroy()}, the
     * memory system's empty view.
     *
     * @return the published view, never null
     */
    public FlatView flatView() {
        return view;
    }

    /**
     * Registers {@code listener} on this address space ({@code memory_listener_register}): it is placed
     * after the listeners of lower or equal priority, then replayed the current view ({@code begin},
     * {@code regionAdd} and {@code logStart(section, 0, mask)} for logged ranges in address order,
     * {@code commit}).
     *
     * @param listener the listener; one registration per memory system
     * @throws NullPointerException if {@code listener} is null
     * @throws IllegalStateException if {@code listener} is already registered in this memory system, or
     *     this address space is destroyed
     */
    public void registerListener(MemoryListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener of address space '" + name + "'");
        }
        synchronized (system) {
            if (destroyed) {
                throw new IllegalStateException("address space '" + name + "' is destroyed");
            }
            for (Registration r : system.globalListeners()) {
                if (r.listener == listener) {
                    throw new IllegalStateException("listener " + listener + " is already registered on address space '"
                            + r.addressSpace.name + "'");
                }
            }
            Registration reg = new Registration(listener, listener.priority(), this);
            insertByPriority(system.globalListeners(), reg);
            insertByPriority(listeners, reg);
            FlatView v = view;
            listener.begin();
            for (FlatRange fr : v.ranges()) {
                MemoryRegionSection s = MemoryRegionSection.of(fr, v);
                listener.regionAdd(s);
                if (fr.dirtyLogMask() != 0) {
                    listener.logStart(s, 0, fr.dirtyLogMask());
                }
            }
            listener.commit();
        }
    }

    /**
     * Unregisters {@code listener} ({@code memory_listener_unregister}): it is first played the removal of
     * the current view ({@code begin}, then per range {@code logStop(section, mask, 0)} for logged ranges
     * and {@code regionDel}, then {@code commit}).
     *
     * @param listener a listener registered on this address space
     * @throws IllegalArgumentException if {@code listener} is not registered on this address space
     */
    public void unregisterListener(MemoryListener listener) {
        synchronized (system) {
            Registration reg = null;
            for (Registration r : listeners) {
                if (r.listener == listener) {
                    reg = r;
                }
            }
            if (reg == null) {
                throw new IllegalArgumentException("listener " + listener + " is not registered on address space '"
                        + name + "'");
            }
            FlatView v = view;
            try {
                listener.begin();
                for (FlatRange fr : v.ranges()) {
                    MemoryRegionSection s = MemoryRegionSection.of(fr, v);
                    if (fr.dirtyLogMask() != 0) {
                        listener.logStop(s, fr.dirtyLogMask(), 0);
                    }
                    listener.regionDel(s);
                }
                listener.commit();
            } finally {
                system.globalListeners().remove(reg);
                listeners.remove(reg);
            }
        }
    }

    /**
     * Removes this address space from its memory system. Its listeners are unregistered first (each is
     * played the removal of the view), then it publishes the empty view. Idempotent.
     */
    public void destroy() {
        synchronized (system) {
            if (destroyed) {
                return;
            }
            try {
                while (!listeners.isEmpty()) {
                    unregisterListener(listeners.get(listeners.size() - 1).listener);
                }
            } finally {
                destroyed = true;
                system.removeAddressSpace(this);
                view = system.emptyView();
            }
        }
    }

    /** Publishes {@code next}, telling this address space's listeners the difference first. */
    void setFlatView(FlatView next) {
        FlatView old = view;
        try {
            if (!(old == next && next.root() == null) && !listeners.isEmpty()) {
                updateTopologyPass(old, next, false);
                updateTopologyPass(old, next, true);
            }
        } finally {
            view = next;
        }
    }

    /** QEMU's {@code address_space_update_topology_pass}: deletions first, then nops, log changes and adds. */
    private void updateTopologyPass(FlatView old, FlatView next, boolean adding) {
        int iold = 0;
        int inew = 0;
        int nold = old.rangeCount();
        int nnew = next.rangeCount();
        while (iold < nold || inew < nnew) {
            FlatRange frold = iold < nold ? old.range(iold) : null;
            FlatRange frnew = inew < nnew ? next.range(inew) : null;
            if (frold != null && (frnew == null || Long.compareUnsigned(frold.start(), frnew.start()) < 0
                    || (frold.start() == frnew.start() && !frold.sameAs(frnew)))) {
                if (!adding) {
                    MemoryRegionSection s = MemoryRegionSection.of(frold, old);
                    for (int i = listeners.size() - 1; i >= 0; i--) {
                        listeners.get(i).listener.regionDel(s);
                    }
                }
                iold++;
            } else if (frold != null && frnew != null && frold.sameAs(frnew)) {
                if (adding) {
                    MemoryRegionSection s = MemoryRegionSection.of(frnew, next);
                    for (Registration r : listeners) {
                        r.listener.regionNop(s);
                    }
                    int om = frold.dirtyLogMask();
                    int nm = frnew.dirtyLogMask();
                    if ((nm & ~om) != 0) {
                        for (Registration r : listeners) {
                            r.listener.logStart(s, om, nm);
                        }
                    }
                    if ((om & ~nm) != 0) {
                        for (int i = listeners.size() - 1; i >= 0; i--) {
                            listeners.get(i).listener.logStop(s, om, nm);
                        }
                    }
                }
                iold++;
                inew++;
            } else {
                if (adding) {
                    MemoryRegionSection s = MemoryRegionSection.of(frnew, next);
                    for (Registration r : listeners) {
                        r.listener.regionAdd(s);
                    }
                }
                inew++;
            }
        }
    }

    private static void insertByPriority(List<Registration> list, Registration reg) {
        int i = list.size();
        while (i > 0 && list.get(i - 1).priority > reg.priority) {
            i--;
        }
        list.add(i, reg);
    }

    @Override
    public String toString() {
        return "AddressSpace[" + name + ", root=" + root.name() + "]";
    }
}
