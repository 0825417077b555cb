package dev.addrspace.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A view of a region tree from one root, as QEMU's {@code AddressSpace}: what one kind of bus master
 * (a CPU in one security state, a DMA engine) sees at each address.
 *
 * <p>Created by {@link MemorySystem#newAddressSpace(MemoryRegion, String)}. The current {@link FlatView}
 * is published into the address space itself when it is the only reader of that view (or has
 * listeners), else through a cell that the address spaces showing the same view share (a commit stores
 * once per changed view, not once per address space): a reader on another thread sees either the old or
 * the new view, never a mix, and never a view of another root. See {@code docs/memory-model.md},
 * "Publication: one cell per view".
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

    /** {@link #cell}: written with release semantics by {@link #pointAt}, read with a volatile read. */
    private static final VarHandle CELL;
    /** {@link #direct}: written with release semantics by the writer, read with a volatile read. */
    private static final VarHandle DIRECT;

    static {
        try {
            CELL = MethodHandles.lookup().findVarHandle(AddressSpace.class, "cell", ViewCell.class);
            DIRECT = MethodHandles.lookup().findVarHandle(AddressSpace.class, "direct", FlatView.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySystem system;
    private final MemoryRegion root;
    private final String name;
    /** Listeners of this address space, stable-sorted by ascending priority. Writer side only. */
    private final List<Registration> listeners = new ArrayList<>();
    /**
     * The view published to this address space alone, or null when it reads {@link #cell}: an address
     * space that is the only reader of its view (one address space over a root that shares with no
     * other), one with listeners, and one whose first view was rendered privately are published here,
     * one store each, and their accesses read one field as before cells existed. volatile: written with
     * release, after the view and its dispatch are built; set to null only after {@link #cell} holds the
     * view to read, so a reader that finds null finds the right cell.
     */
    private volatile FlatView direct;
    /**
     * The cell holding the published view when {@link #direct} is null: shared with the address spaces
     * that show the same view. volatile: a reader that sees a new cell sees it whole; the memory system
     * never writes a cell again once an address space may have left it for a different view (see
     * {@link ViewCell}).
     */
    private volatile ViewCell cell;
    private volatile boolean destroyed;
    /** Creation order in the memory system, for publishing own views in QEMU's order. Writer side. */
    final int serial;
    /**
     * True when this address space's view is published to it alone (in {@link #direct}) because it has
     * listeners (told before each store, per address space, as QEMU) or its view was rendered privately
     * inside an open transaction. Writer side.
     */
    boolean ownCell;

    /** Creates an address space reading {@code cell}. */
    AddressSpace(MemorySystem system, MemoryRegion root, String name, ViewCell cell, int serial) {
        this.system = system;
        this.root = root;
        this.name = name;
        this.cell = cell;
        this.serial = serial;
    }

    /** Creates an address space whose view is {@code direct}, published to it alone. */
    AddressSpace(MemorySystem system, MemoryRegion root, String name, FlatView direct, ViewCell emptyCell,
            boolean ownCell, int serial) {
        this.system = system;
        this.root = root;
        this.name = name;
        this.cell = emptyCell;
        this.direct = direct;
        this.ownCell = ownCell;
        this.serial = serial;
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
     * The current flat view: one volatile read when the view is published to this address space alone,
     * else that read (null) and two dependent volatile reads (the shared cell, then its view); no lock, no
     * allocation. A commit that changed this address space's view is seen by every call that starts after
     * the commit returned. After {@link #destroy()}, the memory system's empty view.
     *
     * @return the published view, never null
     */
    public FlatView flatView() {
        final FlatView v = direct;
        return v != null ? v : cell.view;
    }

    /** @return the view published to this address space alone, or null when it reads {@link #cell()} */
    FlatView direct() {
        return direct;
    }

    /** @return the cell this address space reads its view from when {@link #direct()} is null */
    ViewCell cell() {
        return cell;
    }

    /**
     * Makes this address space read {@code next}, shared: points it at the cell, then clears
     * {@link #direct} (both release stores, in that order). Caller holds the memory system's lock.
     *
     * @param next the cell; not null
     */
    void pointAt(ViewCell next) {
        if (cell != next) {
            CELL.setRelease(this, next);
        }
        if (direct != null) {
            DIRECT.setRelease(this, (FlatView) null);
        }
    }

    /**
     * Publishes {@code next} to this address space alone: builds its dispatch, then one release store.
     * Caller holds the memory system's lock.
     *
     * @param next the view; not null
     */
    void publishDirect(FlatView next) {
        next.dispatch();
        DIRECT.setRelease(this, next);
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
            // listeners are told per address space before its view changes: its own cell from now on
            system.giveOwnCell(this);
            insertByPriority(system.globalListeners(), reg);
            insertByPriority(listeners, reg);
            listenerCount = listeners.size();
            FlatView v = flatView();
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
            FlatView v = flatView();
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
                listenerCount = listeners.size();
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
                ownCell = false;
                pointAt(system.emptyCell());
                system.bumpViewGeneration();
            }
        }
    }

    /** How many listeners this address space has; a plain copy of {@code listeners.size()}. Writer side. */
    private int listenerCount;

    /** @return how many listeners this address space has (writer side, under the memory system's lock) */
    int listenerCount() {
        return listenerCount;
    }

    /**
     * Publishes {@code next} to this address space alone, telling its listeners the difference first
     * (QEMU's per-address-space topology update). Caller holds the lock; {@link #ownCell} is true.
     *
     * @return true when the published view object changed
     * @throws RuntimeException the first exception a listener threw; the view is published regardless
     */
    boolean setFlatView(FlatView next) {
        FlatView old = flatView();
        try {
            if (!(old == next && next.root() == null) && !listeners.isEmpty()) {
                updateTopologyPass(old, next, false);
                updateTopologyPass(old, next, true);
            }
        } finally {
            if (old != next) {
                // builds the new view's dispatch at commit time, then one release store
                publishDirect(next);
            }
        }
        final RuntimeException failure = listenerFailure;
        if (failure != null) {
            listenerFailure = null;
            throw failure;
        }
        return old != next;
    }

    /**
     * The first exception a listener threw during the current {@link #setFlatView}; the other listeners
     * and ranges are still told (a direct window that misses a deletion would stay valid), then it is
     * rethrown. Written under the memory system's lock only.
     */
    private RuntimeException listenerFailure;

    private void noteListenerFailure(RuntimeException e) {
        if (listenerFailure == null) {
            listenerFailure = e;
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
                        try {
                            listeners.get(i).listener.regionDel(s);
                        } catch (RuntimeException e) {
                            noteListenerFailure(e);
                        }
                    }
                }
                iold++;
            } else if (frold != null && frnew != null && frold.sameAs(frnew)) {
                if (adding) {
                    MemoryRegionSection s = MemoryRegionSection.of(frnew, next);
                    for (Registration r : listeners) {
                        try {
                            r.listener.regionNop(s);
                        } catch (RuntimeException e) {
                            noteListenerFailure(e);
                        }
                    }
                    int om = frold.dirtyLogMask();
                    int nm = frnew.dirtyLogMask();
                    if ((nm & ~om) != 0) {
                        for (Registration r : listeners) {
                            try {
                                r.listener.logStart(s, om, nm);
                            } catch (RuntimeException e) {
                                noteListenerFailure(e);
                            }
                        }
                    }
                    if ((om & ~nm) != 0) {
                        for (int i = listeners.size() - 1; i >= 0; i--) {
                            try {
                                listeners.get(i).listener.logStop(s, om, nm);
                            } catch (RuntimeException e) {
                                noteListenerFailure(e);
                            }
                        }
                    }
                }
                iold++;
                inew++;
            } else {
                if (adding) {
                    MemoryRegionSection s = MemoryRegionSection.of(frnew, next);
                    for (Registration r : listeners) {
                        try {
                            r.listener.regionAdd(s);
                        } catch (RuntimeException e) {
                            noteListenerFailure(e);
                        }
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

    // ------------------------------------------------------------------------------------------------
    // Access path (the access-path work): thin delegations to FlatViewAccess over the current view.
    // Each reads the view once (flatView(): the direct view, or the shared cell's) and allocates nothing.

    /**
     * Reads {@code len} bytes at {@code addr} into {@code buf}, as QEMU's {@code address_space_read}:
     * crosses range boundaries; RAM is copied, devices are read in pieces sized by their constraints
     * (bytes in little-endian bus order), holes read zero with {@link MemTxResult#DECODE_ERROR}; the
     * pieces' results are OR-ed. Addresses wrap at 2^64. Allocation free.
     *
     * @param addr the first address, unsigned
     * @param attrs the transaction's attrs
     * @param buf the destination
     * @param off the index in {@code buf} of the first byte
     * @param len the byte count, at least 0
     * @return the OR of the pieces' {@link MemTxResult}s
     * @throws NullPointerException if {@code attrs} or {@code buf} is null
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     */
    public int read(long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        return FlatViewAccess.read(flatView().dispatch(), addr, attrs, buf, off, len);
    }

    /**
     * Reads {@code buf.length} bytes at {@code addr}; see {@link #read(long, MemTxAttrs, byte[], int, int)}.
     *
     * @param addr the first address, unsigned
     * @param attrs the transaction's attrs
     * @param buf the destination, filled entirely
     * @return the OR of the pieces' {@link MemTxResult}s
     * @throws NullPointerException if {@code attrs} or {@code buf} is null
     */
    public int read(long addr, MemTxAttrs attrs, byte[] buf) {
        return read(addr, attrs, buf, 0, buf.length);
    }

    /**
     * Writes {@code len} bytes from {@code buf} at {@code addr}, as QEMU's {@code address_space_write}:
     * crosses range boundaries; RAM is copied, ROM and readonly RAM refuse with
     * {@link MemTxResult#DECODE_ERROR} and stay unchanged (unless {@code attrs.debug}), devices are written
     * in pieces, writes to holes are dropped with {@link MemTxResult#DECODE_ERROR}. Allocation free.
     *
     * @param addr the first address, unsigned
     * @param attrs the transaction's attrs
     * @param buf the source
     * @param off the index in {@code buf} of the first byte
     * @param len the byte count, at least 0
     * @return the OR of the pieces' {@link MemTxResult}s
     * @throws NullPointerException if {@code attrs} or {@code buf} is null
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     */
    public int write(long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        return FlatViewAccess.write(flatView().dispatch(), addr, attrs, buf, off, len);
    }

    /**
     * Writes all of {@code buf} at {@code addr}; see {@link #write(long, MemTxAttrs, byte[], int, int)}.
     *
     * @param addr the first address, unsigned
     * @param attrs the transaction's attrs
     * @param buf the source
     * @return the OR of the pieces' {@link MemTxResult}s
     * @throws NullPointerException if {@code attrs} or {@code buf} is null
     */
    public int write(long addr, MemTxAttrs attrs, byte[] buf) {
        return write(addr, attrs, buf, 0, buf.length);
    }

    /**
     * Writes into RAM, ROM and ROM devices in romd mode, skipping devices and holes silently, as QEMU's
     * {@code address_space_write_rom} (firmware loading). Allocation free.
     *
     * @param addr the first address, unsigned
     * @param attrs the transaction's attrs
     * @param buf the source
     * @param off the index in {@code buf} of the first byte
     * @param len the byte count, at least 0
     * @return always {@link MemTxResult#OK}, as QEMU
     * @throws NullPointerException if {@code attrs} or {@code buf} is null
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     */
    public int writeRom(long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        return FlatViewAccess.writeRom(flatView().dispatch(), addr, attrs, buf, off, len);
    }

    /**
     * Writes {@code len} copies of the byte {@code value} at {@code addr}, as QEMU's
     * {@code address_space_set}: consecutive bulk writes of at most 512 bytes, results OR-ed. Allocation
     * free (a fill started by a device callback during another fill allocates one 512-byte buffer).
     *
     * @param addr the first address, unsigned
     * @param value the byte, in the low 8 bits
     * @param len the byte count, at least 0
     * @param attrs the transaction's attrs
     * @return the OR of the writes' {@link MemTxResult}s
     * @throws IllegalArgumentException if {@code len} is negative
     * @throws NullPointerException if {@code attrs} is null
     */
    public int fill(long addr, int value, long len, MemTxAttrs attrs) {
        return FlatViewAccess.fill(flatView().dispatch(), addr, value, len, attrs);
    }

    /**
     * Loads {@code size} bytes as one value, as QEMU's {@code address_space_ld*}: one lookup, then one
     * RAM load or one device access of the full size (never split; a device whose constraints refuse it
     * answers 0 with {@link MemTxResult#DECODE_ERROR}). Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of the value
     * @param attrs the transaction's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     * @throws NullPointerException if {@code attrs} is null
     */
    public long load(long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult result) {
        FlatViewAccess.checkSize(addr, size);
        return FlatViewAccess.load(flatView(), addr, size, bigEndian, nonNull(attrs), result);
    }

    /**
     * Stores the low {@code size} bytes of {@code value}, as QEMU's {@code address_space_st*}: one lookup,
     * then one RAM store or one device access of the full size. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @param bigEndian the byte order of the value
     * @param attrs the transaction's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     * @throws NullPointerException if {@code attrs} is null
     */
    public int store(long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        FlatViewAccess.checkSize(addr, size);
        return FlatViewAccess.store(flatView(), addr, size, value, bigEndian, nonNull(attrs));
    }

    /**
     * {@code address_space_ldub}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the byte, zero-extended
     */
    public int ldub(long addr, MemTxAttrs attrs, AccessResult result) {
        return (int) FlatViewAccess.load(flatView(), addr, 1, false, nonNull(attrs), result);
    }

    /**
     * {@code address_space_lduw_le}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the 16-bit value, zero-extended
     */
    public int lduwLe(long addr, MemTxAttrs attrs, AccessResult result) {
        return (int) FlatViewAccess.load(flatView(), addr, 2, false, nonNull(attrs), result);
    }

    /**
     * {@code address_space_lduw_be}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the 16-bit value, zero-extended
     */
    public int lduwBe(long addr, MemTxAttrs attrs, AccessResult result) {
        return (int) FlatViewAccess.load(flatView(), addr, 2, true, nonNull(attrs), result);
    }

    /**
     * {@code address_space_ldl_le}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the 32-bit value
     */
    public int ldlLe(long addr, MemTxAttrs attrs, AccessResult result) {
        return (int) FlatViewAccess.load(flatView(), addr, 4, false, nonNull(attrs), result);
    }

    /**
     * {@code address_space_ldl_be}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the 32-bit value
     */
    public int ldlBe(long addr, MemTxAttrs attrs, AccessResult result) {
        return (int) FlatViewAccess.load(flatView(), addr, 4, true, nonNull(attrs), result);
    }

    /**
     * {@code address_space_ldq_le}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the 64-bit value
     */
    public long ldqLe(long addr, MemTxAttrs attrs, AccessResult result) {
        return FlatViewAccess.load(flatView(), addr, 8, false, nonNull(attrs), result);
    }

    /**
     * {@code address_space_ldq_be}. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @param result set to the result; may be null
     * @return the 64-bit value
     */
    public long ldqBe(long addr, MemTxAttrs attrs, AccessResult result) {
        return FlatViewAccess.load(flatView(), addr, 8, true, nonNull(attrs), result);
    }

    /**
     * {@code address_space_ldub} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the byte, zero-extended; 0 when the access failed
     */
    public int ldub(long addr, MemTxAttrs attrs) {
        return ldub(addr, attrs, null);
    }

    /**
     * {@code address_space_lduw_le} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the value; 0 when the access failed
     */
    public int lduwLe(long addr, MemTxAttrs attrs) {
        return lduwLe(addr, attrs, null);
    }

    /**
     * {@code address_space_lduw_be} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the value; 0 when the access failed
     */
    public int lduwBe(long addr, MemTxAttrs attrs) {
        return lduwBe(addr, attrs, null);
    }

    /**
     * {@code address_space_ldl_le} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the value; 0 when the access failed
     */
    public int ldlLe(long addr, MemTxAttrs attrs) {
        return ldlLe(addr, attrs, null);
    }

    /**
     * {@code address_space_ldl_be} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the value; 0 when the access failed
     */
    public int ldlBe(long addr, MemTxAttrs attrs) {
        return ldlBe(addr, attrs, null);
    }

    /**
     * {@code address_space_ldq_le} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the value; 0 when the access failed
     */
    public long ldqLe(long addr, MemTxAttrs attrs) {
        return ldqLe(addr, attrs, null);
    }

    /**
     * {@code address_space_ldq_be} ignoring the result. Allocation free.
     *
     * @param addr the address
     * @param attrs the attrs
     * @return the value; 0 when the access failed
     */
    public long ldqBe(long addr, MemTxAttrs attrs) {
        return ldqBe(addr, attrs, null);
    }

    /**
     * {@code address_space_stb}. Allocation free.
     *
     * @param addr the address
     * @param value the byte, in the low 8 bits
     * @param attrs the attrs
     * @return the result
     */
    public int stb(long addr, int value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 1, value & 0xffL, false, nonNull(attrs));
    }

    /**
     * {@code address_space_stw_le}. Allocation free.
     *
     * @param addr the address
     * @param value the value, in the low 16 bits
     * @param attrs the attrs
     * @return the result
     */
    public int stwLe(long addr, int value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 2, value & 0xffffL, false, nonNull(attrs));
    }

    /**
     * {@code address_space_stw_be}. Allocation free.
     *
     * @param addr the address
     * @param value the value, in the low 16 bits
     * @param attrs the attrs
     * @return the result
     */
    public int stwBe(long addr, int value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 2, value & 0xffffL, true, nonNull(attrs));
    }

    /**
     * {@code address_space_stl_le}. Allocation free.
     *
     * @param addr the address
     * @param value the value
     * @param attrs the attrs
     * @return the result
     */
    public int stlLe(long addr, int value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 4, value & 0xffff_ffffL, false, nonNull(attrs));
    }

    /**
     * {@code address_space_stl_be}. Allocation free.
     *
     * @param addr the address
     * @param value the value
     * @param attrs the attrs
     * @return the result
     */
    public int stlBe(long addr, int value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 4, value & 0xffff_ffffL, true, nonNull(attrs));
    }

    /**
     * {@code address_space_stq_le}. Allocation free.
     *
     * @param addr the address
     * @param value the value
     * @param attrs the attrs
     * @return the result
     */
    public int stqLe(long addr, long value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 8, value, false, nonNull(attrs));
    }

    /**
     * {@code address_space_stq_be}. Allocation free.
     *
     * @param addr the address
     * @param value the value
     * @param attrs the attrs
     * @return the result
     */
    public int stqBe(long addr, long value, MemTxAttrs attrs) {
        return FlatViewAccess.store(flatView(), addr, 8, value, true, nonNull(attrs));
    }

    /**
     * Resolves {@code addr} as QEMU's {@code address_space_translate}, following IOMMUs, into
     * {@code out}: the range and region that answer, the region offset and the valid length ({@code plen}
     * clamped to the range for RAM only). Allocation free.
     *
     * @param addr the address, unsigned
     * @param len the length wanted, unsigned
     * @param isWrite true to check IOMMU write permission
     * @param attrs the attrs (they select the IOMMU index)
     * @param out the caller-owned result
     * @throws NullPointerException if {@code attrs} or {@code out} is null
     */
    public void translate(long addr, long len, boolean isWrite, MemTxAttrs attrs, Translation out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        FlatViewAccess.translate(flatView(), this, addr, len, isWrite, nonNull(attrs), out);
    }

    /**
     * As {@link #translate(long, long, boolean, MemTxAttrs, Translation)}, returning a new translation.
     * Allocates.
     *
     * @param addr the address, unsigned
     * @param len the length wanted, unsigned
     * @param isWrite true to check IOMMU write permission
     * @param attrs the attrs
     * @return the translation
     */
    public Translation translate(long addr, long len, boolean isWrite, MemTxAttrs attrs) {
        Translation t = new Translation();
        translate(addr, len, isWrite, attrs, t);
        return t;
    }

    private static MemTxAttrs nonNull(MemTxAttrs attrs) {
        if (attrs == null) {
            throw new NullPointerException("attrs");
        }
        return attrs;
    }

    @Override
    public String toString() {
        return "AddressSpace[" + name + ", root=" + root.name() + "]";
    }
}
