package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A node of the memory-region tree, as QEMU's {@code MemoryRegion}: a container, RAM, ROM, a ROM device,
 * MMIO, an alias of another region, an IOMMU or a reservation.
 *
 * <p>Sizes, offsets and addresses are unsigned 64-bit values held in a {@code long}. A size of
 * {@link #SIZE_2_64} ({@code -1L}, QEMU's {@code UINT64_MAX}) stands for 2^64; a size of 2^64-1 cannot be
 * expressed, as in QEMU.
 *
 * <p>Subregions are kept in QEMU's order: descending priority, and among equal priorities the most
 * recently added first, so that it wins where siblings overlap. Every mutator runs in its own
 * transaction of the region's {@link MemorySystem} (nested inside the caller's, if one is open) and
 * re-renders the address spaces when QEMU would ({@code memory_region_update_pending}).
 *
 * <p>Writers serialize on the memory system: every mutator locks it. The tree getters read plain fields
 * and are meant for the writer's thread; threads that access memory concurrently read the immutable
 * {@link FlatView} that {@link AddressSpace#flatView()} publishes instead.
 *
 * <p>Rejected input (each a clear exception that prints every number, leaving the tree and the published
 * views unchanged): a child that already has a parent, a child whose start offset lies beyond the end of
 * its container, a region added inside itself, any change after which some address space's render would
 * not end (an alias loop beyond the bounds of {@code docs/memory-model.md}, section Alias loops; an alias
 * may show a window of its own ancestor, as ARM's SSE does, and is rendered as QEMU renders it), an alias whose offset
 * lies beyond the end of its target, removing a region that is not a child, and any region of another memory system.
 */
public final class MemoryRegion {

    /** The size value that stands for 2^64, as {@code UINT64_MAX} does in QEMU. */
    public static final long SIZE_2_64 = -1L;

    /** Dirty-log client bit index for display memory, QEMU's {@code DIRTY_MEMORY_VGA}. */
    public static final int DIRTY_MEMORY_VGA = 0;
    /** Dirty-log client bit index for translated code, QEMU's {@code DIRTY_MEMORY_CODE}. */
    public static final int DIRTY_MEMORY_CODE = 1;
    /** Dirty-log client bit index for migration, QEMU's {@code DIRTY_MEMORY_MIGRATION}. */
    public static final int DIRTY_MEMORY_MIGRATION = 2;

    /** What a region was created as; QEMU encodes the same with flags. */
    public enum Kind {
        /** A pure container ({@code memory_region_init}): claims no range, its holes show what lies below. */
        CONTAINER,
        /** RAM ({@code memory_region_init_ram}). */
        RAM,
        /** ROM ({@code memory_region_init_rom}): RAM whose {@code readonly} flag starts set. */
        ROM,
        /** A ROM device ({@code memory_region_init_rom_device}): reads from its backing in romd mode. */
        ROM_DEVICE,
        /** MMIO with device callbacks ({@code memory_region_init_io}). */
        IO,
        /** An alias of a window of another region ({@code memory_region_init_alias}). */
        ALIAS,
        /** An IOMMU region ({@code memory_region_init_iommu}). */
        IOMMU,
        /** A reservation: {@code memory_region_init_io} with no ops; claims its range, answers nothing. */
        RESERVATION
    }

    private final MemorySystem system;
    private final Kind kind;
    private final String name;
    private final MemoryRegion aliasTarget;
    private final MmioOps ops;
    private final IommuOps iommuOps;
    private final RamBlock ramBlock;
    /** The re-entrancy guard of an MMIO region (access path); null for every other kind. */
    private final ReentrancyGuard reentrancyGuard;
    private final ArrayList<MemoryRegion> subregions = new ArrayList<>();

    private long size;
    private long aliasOffset;
    private MemoryRegion container;
    private long addr;
    private int priority;
    private boolean enabled = true;
    private boolean readonly;
    private boolean nonvolatile;
    private boolean unmergeable;
    private boolean romdMode = true;
    private int dirtyLogMask;

    // Loop bookkeeping (Renderer and LoopGuard), touched only under the memory system's lock.
    /** This region's latest place on the current render path, 1-based; 0 when not on it (alias loops). */
    int renderPathSlot;
    /** The LoopGuard epoch for which {@link #reachesLoop} holds. */
    int loopEpoch;
    /** Whether a loop of the region graph is reachable from this region (valid for {@link #loopEpoch}). */
    boolean reachesLoop;
    /** The LoopGuard search this region is on the stack of, or 0. */
    int loopSearch;
    /** The subregions from which a loop is reachable (valid for {@link #loopChildrenEpoch}). */
    List<MemoryRegion> loopChildren;
    /** The LoopGuard epoch for which {@link #loopChildren} holds. */
    int loopChildrenEpoch;

    private MemoryRegion(MemorySystem system, Kind kind, String name, long size, MemoryRegion aliasTarget,
            long aliasOffset, MmioOps ops, IommuOps iommuOps) {
        this(system, kind, name, size, aliasTarget, aliasOffset, ops, iommuOps, false);
    }

    private MemoryRegion(MemorySystem system, Kind kind, String name, long size, MemoryRegion aliasTarget,
            long aliasOffset, MmioOps ops, IommuOps iommuOps, boolean prealloc) {
        if (system == null) {
            throw new NullPointerException("system");
        }
        if (name == null) {
            throw new NullPointerException("name");
        }
        this.system = system;
        this.kind = kind;
        this.name = name;
        this.size = size;
        this.aliasTarget = aliasTarget;
        this.aliasOffset = aliasOffset;
        this.ops = ops;
        this.iommuOps = iommuOps;
        this.ramBlock = kind == Kind.RAM || kind == Kind.ROM || kind == Kind.ROM_DEVICE ? new RamBlock(size, prealloc) : null;
        this.readonly = kind == Kind.ROM;
        this.reentrancyGuard = kind == Kind.IO ? new ReentrancyGuard() : null;
    }

    /**
     * Creates a pure container ({@code memory_region_init}): it claims no range of its own and its holes
     * show lower-priority siblings. Allocates.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @return the new region
     * @throws NullPointerException if {@code system} or {@code name} is null
     */
    public static MemoryRegion container(MemorySystem system, String name, long size) {
        return new MemoryRegion(system, Kind.CONTAINER, name, size, null, 0, null, null);
    }

    /**
     * Creates a RAM region with its backing block. Allocates (the block itself is sparse).
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @return the new region
     * @throws NullPointerException if {@code system} or {@code name} is null
     */
    public static MemoryRegion ram(MemorySystem system, String name, long size) {
        return new MemoryRegion(system, Kind.RAM, name, size, null, 0, null, null);
    }

    /**
     * Creates a RAM region whose backing block is preallocated: one zeroed {@code byte[]} of {@code size}
     * bytes, allocated now, as a QEMU memory backend with {@code prealloc=on} (see {@link RamBlock}). It
     * behaves exactly as {@link #ram} in every access, view and dump; what changes is the memory cost (the
     * whole size at once) and the CPU fast path, which serves a RAM range of such a block from its one
     * array. Allocates {@code size} bytes.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, 1 to {@link RamBlock#PREALLOC_MAX} bytes
     * @return the new region
     * @throws NullPointerException if {@code system} or {@code name} is null
     * @throws IllegalArgumentException if {@code size} is 0 or above {@link RamBlock#PREALLOC_MAX} (unsigned)
     */
    public static MemoryRegion ramPreallocated(MemorySystem system, String name, long size) {
        if (system != null && name != null && (size == 0 || Long.compareUnsigned(size, RamBlock.PREALLOC_MAX) > 0)) {
            throw new IllegalArgumentException("RAM region '" + name + "': a preallocated block holds 1 byte to 0x"
                    + Long.toHexString(RamBlock.PREALLOC_MAX) + " bytes, not size=0x" + Long.toHexString(size));
        }
        return new MemoryRegion(system, Kind.RAM, name, size, null, 0, null, null, true);
    }

    /**
     * Creates a ROM region: RAM with its {@code readonly} flag set, as {@code memory_region_init_rom}.
     * Allocates.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @return the new region
     * @throws NullPointerException if {@code system} or {@code name} is null
     */
    public static MemoryRegion rom(MemorySystem system, String name, long size) {
        return new MemoryRegion(system, Kind.ROM, name, size, null, 0, null, null);
    }

    /**
     * Creates a ROM device: backing memory read directly while in romd mode (the default), writes and
     * non-romd reads go to {@code ops}. Allocates.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @param ops the device callbacks; QEMU requires them
     * @return the new region
     * @throws NullPointerException if an argument is null
     */
    public static MemoryRegion romDevice(MemorySystem system, String name, long size, MmioOps ops) {
        if (ops == null) {
            throw new NullPointerException("ops of ROM device '" + name + "'");
        }
        return new MemoryRegion(system, Kind.ROM_DEVICE, name, size, null, 0, ops, null);
    }

    /**
     * Creates an MMIO region whose accesses go to {@code ops}. Allocates.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @param ops the device callbacks; use {@link #reservation} for a region without any
     * @return the new region
     * @throws NullPointerException if an argument is null
     */
    public static MemoryRegion io(MemorySystem system, String name, long size, MmioOps ops) {
        if (ops == null) {
            throw new NullPointerException("ops of I/O region '" + name + "' (use MemoryRegion.reservation)");
        }
        return new MemoryRegion(system, Kind.IO, name, size, null, 0, ops, null);
    }

    /**
     * Creates an alias that maps {@code size} bytes of {@code target}, starting at {@code offset} in it.
     * The target's own position, in whatever container holds it, plays no part. Allocates.
     *
     * @param system the owning memory system
     * @param name the alias's name
     * @param target the aliased region, of the same memory system
     * @param offset the offset in the target, unsigned
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @return the new region
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code target} belongs to another memory system, or if
     *     {@code offset} lies beyond the end of the target; a window
     *     that runs past the target's end is accepted and clipped, as in QEMU
     */
    public static MemoryRegion alias(MemorySystem system, String name, MemoryRegion target, long offset,
            long size) {
        if (system == null) {
            throw new NullPointerException("system");
        }
        system.checkOwned(target, "alias target of '" + name + "'");
        checkAliasOffset(name, target, offset);
        return new MemoryRegion(system, Kind.ALIAS, name, size, target, offset, null, null);
    }

    /**
     * Creates an IOMMU region whose accesses are translated by {@code ops}. Allocates.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @param ops the translation callbacks
     * @return the new region
     * @throws NullPointerException if an argument is null
     */
    public static MemoryRegion iommu(MemorySystem system, String name, long size, IommuOps ops) {
        if (ops == null) {
            throw new NullPointerException("ops of IOMMU region '" + name + "'");
        }
        return new MemoryRegion(system, Kind.IOMMU, name, size, null, 0, null, ops);
    }

    /**
     * Creates a reservation: a region that claims its range (hiding what lies below) and answers every
     * access with a decode error, as QEMU's {@code memory_region_init_io} with no ops. Allocates.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @return the new region
     * @throws NullPointerException if {@code system} or {@code name} is null
     */
    public static MemoryRegion reservation(MemorySystem system, String name, long size) {
        return new MemoryRegion(system, Kind.RESERVATION, name, size, null, 0, null, null);
    }

    // ------------------------------------------------------------------------------------------------
    // Mutators. Each runs in a transaction; each validates everything before changing anything.

    /**
     * Maps {@code child} at {@code offset} in this region with priority 0
     * ({@code memory_region_add_subregion}).
     *
     * @param offset the child's offset inside this region, unsigned
     * @param child a region of the same memory system that has no parent yet
     * @throws NullPointerException if {@code child} is null
     * @throws IllegalArgumentException if {@code child} belongs to another memory system, if
     *     {@code offset} lies beyond the end of this region, if {@code child} is this region or one of its
     *     containers, or if the edge would make some address space's render endless (an alias loop)
     * @throws IllegalStateException if {@code child} already has a parent
     */
    public void addSubregion(long offset, MemoryRegion child) {
        addSubregionOverlap(offset, child, 0);
    }

    /**
     * Maps {@code child} at {@code offset} in this region with a signed priority
     * ({@code memory_region_add_subregion_overlap}). Higher priority wins where siblings overlap; among
     * equal priorities the later-added child wins. A child may extend past the end of this region: it is
     * clipped when rendering, as in QEMU.
     *
     * @param offset the child's offset inside this region, unsigned
     * @param child a region of the same memory system that has no parent yet
     * @param priority the signed priority among siblings
     * @throws NullPointerException if {@code child} is null
     * @throws IllegalArgumentException if {@code child} belongs to another memory system, if
     *     {@code offset} lies beyond the end of this region, if {@code child} is this region or one of its
     *     containers, or if the edge would make some address space's render endless (an alias loop)
     * @throws IllegalStateException if {@code child} already has a parent
     */
    public void addSubregionOverlap(long offset, MemoryRegion child, int priority) {
        synchronized (system) {
            system.checkOwned(child, "subregion of '" + name + "'");
            if (child.container != null) {
                throw new IllegalStateException("region '" + child.name + "' already has a parent '"
                        + child.container.name + "' (addr=" + hex(child.addr) + "); cannot add it to '" + name
                        + "' at addr=" + hex(offset) + ": a region has one parent, use an alias to map it twice");
            }
            checkFitsSize(offset, child.name, this, size);
            checkNotInsideItself(child);
            LoopGuard guard = system.loopGuard();
            boolean closes = LoopGuard.reachable(child, this);
            system.beginTransaction();
            try {
                long oldAddr = child.addr;
                int oldPriority = child.priority;
                child.addr = offset;
                child.priority = priority;
                linkSubregion(child);
                guard.linked(this, child, closes);
                try {
                    if (guard.hasLoops()) {
                        guard.check(child, "adding '" + child.name + "' to '" + name + "' at addr=" + hex(offset));
                    }
                } catch (IllegalArgumentException loop) {
                    unlinkSubregionRaw(child);
                    guard.unlinked(this, child);
                    child.addr = oldAddr;
                    child.priority = oldPriority;
                    throw loop;
                }
                touchLinked(child);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Unmaps {@code child} from this region ({@code memory_region_del_subregion}); it may be added again,
     * anywhere.
     *
     * @param child a current subregion of this region
     * @throws NullPointerException if {@code child} is null
     * @throws IllegalArgumentException if {@code child} is not a subregion of this region, or if removing it
     *     would make some address space's render endless (see {@code docs/memory-model.md}, section Alias loops)
     */
    public void removeSubregion(MemoryRegion child) {
        synchronized (system) {
            if (child == null) {
                throw new NullPointerException("child of '" + name + "'");
            }
            if (child.container != this) {
                throw new IllegalArgumentException("region '" + child.name + "' is not a subregion of '" + name
                        + "' (its parent is " + (child.container == null ? "none" : "'" + child.container.name + "'")
                        + ")");
            }
            system.beginTransaction();
            try {
                LoopGuard guard = system.loopGuard();
                if (guard.hasLoops()) {
                    int at = unlinkSubregionRaw(child);
                    guard.unlinked(this, child);
                    try {
                        guard.check(this, "removing '" + child.name + "' from '" + name + "'");
                    } catch (IllegalArgumentException loop) {
                        subregions.add(at, child);
                        child.container = this;
                        guard.linked(this, child, LoopGuard.reachable(child, this));
                        throw loop;
                    }
                    touchLinked(child);
                } else {
                    unlinkSubregion(child);
                }
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Enables or disables this region ({@code memory_region_set_enabled}). A disabled region renders
     * nothing, neither itself nor its subregions, and hides nothing. Setting the current value is a no-op.
     *
     * @param enabled the new state
     * @throws IllegalArgumentException if the change would make some address space's render endless (see
     *     {@code docs/memory-model.md}, section Alias loops)
     */
    public void setEnabled(boolean enabled) {
        synchronized (system) {
            if (this.enabled == enabled) {
                return;
            }
            system.beginTransaction();
            try {
                this.enabled = enabled;
                try {
                    if (system.loopGuard().hasLoops()) {
                        system.loopGuard().check(this, (enabled ? "enabling '" : "disabling '") + name + "'");
                    }
                } catch (IllegalArgumentException loop) {
                    this.enabled = !enabled;
                    throw loop;
                }
                system.touch(this, true);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Sets the {@code readonly} flag ({@code memory_region_set_readonly}). It is inherited, when
     * rendering, by everything below this region, aliases included. No-op if unchanged.
     *
     * @param readonly the new flag
     */
    public void setReadonly(boolean readonly) {
        synchronized (system) {
            if (this.readonly == readonly) {
                return;
            }
            system.beginTransaction();
            try {
                this.readonly = readonly;
                system.touch(this, enabled);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Sets the {@code nonvolatile} flag ({@code memory_region_set_nonvolatile}), inherited like
     * {@code readonly}. No-op if unchanged.
     *
     * @param nonvolatile the new flag
     */
    public void setNonvolatile(boolean nonvolatile) {
        synchronized (system) {
            if (this.nonvolatile == nonvolatile) {
                return;
            }
            system.beginTransaction();
            try {
                this.nonvolatile = nonvolatile;
                system.touch(this, enabled);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Sets the {@code unmergeable} flag ({@code memory_region_set_unmergeable}): flat ranges of this
     * region (and below it) are never merged with their neighbours. No-op if unchanged.
     *
     * @param unmergeable the new flag
     */
    public void setUnmergeable(boolean unmergeable) {
        synchronized (system) {
            if (this.unmergeable == unmergeable) {
                return;
            }
            system.beginTransaction();
            try {
                this.unmergeable = unmergeable;
                system.touch(this, enabled);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Moves this region inside its container ({@code memory_region_set_address}): it is removed and
     * re-added with its priority, so it moves to the front of its equal-priority group and wins overlaps
     * there. Setting the current address is a no-op. A region without a parent just records the address.
     *
     * @param addr the new offset inside the container, unsigned
     * @throws IllegalArgumentException if {@code addr} lies beyond the end of the container, or if the move
     *     would make some address space's render endless (see {@code docs/memory-model.md}, section Alias loops)
     */
    public void setAddress(long addr) {
        synchronized (system) {
            if (addr == this.addr) {
                return;
            }
            MemoryRegion parent = container;
            LoopGuard guard = system.loopGuard();
            String what = guard.hasLoops() ? "moving '" + name + "' to addr=" + hex(addr) : null;
            long oldAddr = this.addr;
            if (parent == null) {
                // As QEMU: a region without a parent just records the address; no re-render is pending,
                // but the views that depend on it are re-rendered at the next commit that re-renders.
                this.addr = addr;
                try {
                    if (what != null) {
                        guard.check(this, what);
                    }
                } catch (IllegalArgumentException loop) {
                    this.addr = oldAddr;
                    throw loop;
                }
                system.touch(this, false);
                return;
            }
            checkFitsSize(addr, name, parent, parent.size);
            system.beginTransaction();
            try {
                if (what != null) {
                    int at = parent.unlinkSubregionRaw(this);
                    this.addr = addr;
                    parent.linkSubregion(this);
                    try {
                        guard.check(this, what);
                    } catch (IllegalArgumentException loop) {
                        parent.unlinkSubregionRaw(this);
                        this.addr = oldAddr;
                        parent.subregions.add(at, this);
                        this.container = parent;
                        throw loop;
                    }
                    parent.touchLinked(this);
                } else {
                    parent.unlinkSubregion(this);
                    this.addr = addr;
                    parent.insertSubregion(this);
                }
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Moves the window of this alias inside its target ({@code memory_region_set_alias_offset}). No-op if
     * unchanged.
     *
     * @param offset the new offset in the target, unsigned
     * @throws IllegalStateException if this region is not an alias
     * @throws IllegalArgumentException if {@code offset} lies beyond the end of the target, or if the new
     *     offset would make some address space's render endless (see {@code docs/memory-model.md}, section Alias loops)
     */
    public void setAliasOffset(long offset) {
        synchronized (system) {
            if (kind != Kind.ALIAS) {
                throw new IllegalStateException("region '" + name + "' is a " + kind + ", not an alias: cannot set"
                        + " alias offset=" + hex(offset));
            }
            checkAliasOffset(name, aliasTarget, offset);
            if (offset == aliasOffset) {
                return;
            }
            system.beginTransaction();
            try {
                long old = aliasOffset;
                aliasOffset = offset;
                try {
                    if (system.loopGuard().hasLoops()) {
                        system.loopGuard().check(this, "setting the alias offset of '" + name + "' to "
                                + hex(offset));
                    }
                } catch (IllegalArgumentException loop) {
                    aliasOffset = old;
                    throw loop;
                }
                system.touch(this, enabled);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Changes the size ({@code memory_region_set_size}). No-op if unchanged; otherwise it always
     * re-renders, even for a disabled region, as QEMU.
     *
     * @param size the new size, unsigned; {@link #SIZE_2_64} for 2^64
     * @throws IllegalArgumentException if a subregion would then start beyond the end of this region, or if
     *     the new size would make some address space's render endless (see {@code docs/memory-model.md}, section Alias loops)
     */
    public void setSize(long size) {
        synchronized (system) {
            if (size == this.size) {
                return;
            }
            for (MemoryRegion child : subregions) {
                checkFitsSize(child.addr, child.name, this, size);
            }
            system.beginTransaction();
            try {
                long old = this.size;
                this.size = size;
                try {
                    if (system.loopGuard().hasLoops()) {
                        system.loopGuard().check(this, "resizing '" + name + "' to " + sizeString(size));
                    }
                } catch (IllegalArgumentException loop) {
                    this.size = old;
                    throw loop;
                }
                system.touch(this, true);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Switches a ROM device between romd mode (reads from the backing memory, type {@code romd}) and
     * MMIO mode (reads call the device, type {@code i/o}), as {@code memory_region_rom_device_set_romd}.
     * No-op if unchanged.
     *
     * @param romdMode the new mode
     * @throws IllegalStateException if this region is not a ROM device
     */
    public void setRomdMode(boolean romdMode) {
        synchronized (system) {
            if (kind != Kind.ROM_DEVICE) {
                throw new IllegalStateException("region '" + name + "' is a " + kind + ", not a ROM device:"
                        + " cannot set romd mode");
            }
            if (this.romdMode == romdMode) {
                return;
            }
            system.beginTransaction();
            try {
                this.romdMode = romdMode;
                system.touch(this, enabled);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Turns dirty logging for one client on or off ({@code memory_region_set_log}): sets or clears bit
     * {@code client} of the dirty-log mask. Listeners see {@code regionNop} and then {@code logStart} or
     * {@code logStop}, never a delete and add. No-op if the bit is unchanged.
     *
     * @param log true to start logging
     * @param client {@link #DIRTY_MEMORY_VGA}, {@link #DIRTY_MEMORY_CODE} or {@link #DIRTY_MEMORY_MIGRATION}
     * @throws IllegalArgumentException if {@code client} is not one of those
     */
    public void setLog(boolean log, int client) {
        if (client < DIRTY_MEMORY_VGA || client > DIRTY_MEMORY_MIGRATION) {
            throw new IllegalArgumentException("dirty-log client=" + client + " is not 0..2 (region '" + name + "')");
        }
        synchronized (system) {
            int mask = log ? dirtyLogMask | (1 << client) : dirtyLogMask & ~(1 << client);
            if (mask == dirtyLogMask) {
                return;
            }
            system.beginTransaction();
            try {
                dirtyLogMask = mask;
                system.touch(this, enabled);
            } finally {
                system.commitTransaction();
            }
        }
    }

    /**
     * Finds what this region maps at {@code [addr, addr + size)}, as {@code memory_region_find}: the
     * offsets are made absolute by adding the addresses of this region and all its ancestors, the first
     * address space whose root is the top ancestor is looked up, and its first flat range that overlaps
     * the span is returned, clipped to it.
     *
     * @param addr the offset inside this region, unsigned
     * @param size the span's size, unsigned (wrapping spans are cut at 2^64)
     * @return the section, or null when no address space has the top ancestor as root or nothing overlaps
     *     (QEMU returns a section of size 0)
     */
    public MemoryRegionSection find(long addr, long size) {
        MemoryRegion root;
        long abs;
        AddressSpace as;
        synchronized (system) {
            abs = addr + this.addr;
            root = this;
            while (root.container != null) {
                root = root.container;
                abs += root.addr;
            }
            as = system.firstAddressSpaceWithRoot(root);
        }
        if (as == null || size == 0) {
            return null;
        }
        long last = abs + size - 1;
        if (Long.compareUnsigned(last, abs) < 0) {
            last = -1L;
        }
        return as.flatView().findFirst(abs, last);
    }

    // ------------------------------------------------------------------------------------------------
    // Getters.

    /** @return the region's name */
    public String name() {
        return name;
    }

    /** @return what this region was created as */
    public Kind kind() {
        return kind;
    }

    /** @return the size, unsigned; {@link #SIZE_2_64} for 2^64 (QEMU's {@code memory_region_size}) */
    public long size() {
        return size;
    }

    /** @return the memory system this region belongs to */
    public MemorySystem system() {
        return system;
    }

    /** @return the parent region, or null */
    public MemoryRegion container() {
        return container;
    }

    /** @return the offset in the parent, unsigned */
    public long addr() {
        return addr;
    }

    /** @return the signed priority among siblings */
    public int priority() {
        return priority;
    }

    /** @return true unless disabled by {@link #setEnabled(boolean)} */
    public boolean isEnabled() {
        return enabled;
    }

    /** @return this region's own {@code readonly} flag (not the inherited one) */
    public boolean isReadonly() {
        return readonly;
    }

    /** @return this region's own {@code nonvolatile} flag */
    public boolean isNonvolatile() {
        return nonvolatile;
    }

    /** @return this region's own {@code unmergeable} flag */
    public boolean isUnmergeable() {
        return unmergeable;
    }

    /** @return the romd mode; true (QEMU's default) for every region, meaningful for ROM devices */
    public boolean romdMode() {
        return romdMode;
    }

    /** @return the dirty-log mask, one bit per client */
    public int dirtyLogMask() {
        return dirtyLogMask;
    }

    /** @return the aliased region, or null if this is not an alias */
    public MemoryRegion aliasTarget() {
        return aliasTarget;
    }

    /** @return the offset into the aliased region, unsigned; 0 for other regions */
    public long aliasOffset() {
        return aliasOffset;
    }

    /** @return true if this region claims its own range when rendered (QEMU's {@code terminates}) */
    public boolean terminates() {
        return kind != Kind.CONTAINER && kind != Kind.ALIAS;
    }

    /** @return true for RAM and ROM (QEMU's {@code memory_region_is_ram}) */
    public boolean isRam() {
        return kind == Kind.RAM || kind == Kind.ROM;
    }

    /** @return true for a ROM device (QEMU's {@code rom_device}) */
    public boolean isRomDevice() {
        return kind == Kind.ROM_DEVICE;
    }

    /** @return true for an IOMMU region */
    public boolean isIommu() {
        return kind == Kind.IOMMU;
    }

    /**
     * QEMU's type label ({@code memory_region_type}): an alias has its target's label; otherwise
     * {@code romd} for a ROM device in romd mode, {@code rom} for RAM with {@code readonly} set,
     * {@code ram} for RAM, and {@code i/o} for everything else.
     *
     * @return {@code "ram"}, {@code "rom"}, {@code "romd"} or {@code "i/o"}
     */
    public String typeLabel() {
        MemoryRegion mr = this;
        while (mr.aliasTarget != null) {
            mr = mr.aliasTarget;
        }
        if (mr.kind == Kind.ROM_DEVICE && mr.romdMode) {
            return "romd";
        }
        if (mr.isRam()) {
            return mr.readonly ? "rom" : "ram";
        }
        return "i/o";
    }

    /** @return the subregions in rendering order: descending priority, later-added first among equals */
    public List<MemoryRegion> subregions() {
        return Collections.unmodifiableList(new ArrayList<>(subregions));
    }

    /** @return the backing block of RAM, ROM and ROM-device regions; null for every other region */
    public RamBlock ramBlock() {
        return ramBlock;
    }

    /** @return the device callbacks of MMIO and ROM-device regions; null otherwise */
    MmioOps ops() {
        return ops;
    }

    /** @return the re-entrancy guard of an MMIO region, shared by every view it appears in; null otherwise */
    ReentrancyGuard reentrancyGuard() {
        return reentrancyGuard;
    }

    /** @return the translation callbacks of an IOMMU region; null otherwise */
    IommuOps iommuOps() {
        return iommuOps;
    }

    /** Package-private: the live list, for the renderer and the root walk (writer side). */
    List<MemoryRegion> subregionList() {
        return subregions;
    }

    @Override
    public String toString() {
        return "MemoryRegion[" + name + ", " + kind + ", size=" + sizeString(size) + "]";
    }

    // ------------------------------------------------------------------------------------------------
    // Internals.

    /**
     * Inserts {@code child} before the first sibling whose priority is not higher, as
     * {@code memory_region_update_container_subregions}. Marks the update pending when both are enabled.
     */
    private void insertSubregion(MemoryRegion child) {
        linkSubregion(child);
        touchLinked(child);
    }

    /** Inserts {@code child} in QEMU's order and sets its container; records no change. */
    private void linkSubregion(MemoryRegion child) {
        // The list is sorted by descending priority: binary search for the first priority <= child's.
        int lo = 0;
        int hi = subregions.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (subregions.get(mid).priority > child.priority) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        subregions.add(lo, child);
        child.container = this;
    }

    /** Records the change of a (un)linked child: pending when both are enabled, as QEMU. */
    private void touchLinked(MemoryRegion child) {
        system.touch(this, enabled && child.enabled);
        system.touch(child, false);
    }

    private void unlinkSubregion(MemoryRegion child) {
        unlinkSubregionRaw(child);
        touchLinked(child);
    }

    /** Removes {@code child} from the list and clears its container; records no change. @return its index */
    private int unlinkSubregionRaw(MemoryRegion child) {
        int at = -1;
        for (int i = subregions.size() - 1; i >= 0; i--) {
            if (subregions.get(i) == child) {
                subregions.remove(i);
                at = i;
                break;
            }
        }
        child.container = null;
        return at;
    }

    /** The last offset inside a region of {@code size} bytes; size must not be 0. */
    static long lastOffset(long size) {
        return size == SIZE_2_64 ? -1L : size - 1;
    }

    private static void checkFitsSize(long offset, String childName, MemoryRegion parent, long parentSize) {
        boolean fits = parentSize == SIZE_2_64 || Long.compareUnsigned(offset, parentSize) <= 0;
        if (!fits) {
            throw new IllegalArgumentException("subregion does not fit its container: addr=" + hex(offset)
                    + " region=" + childName + " container=" + parent.name + " containerSize=" + sizeString(parentSize)
                    + " (a subregion must start inside its container or at its end; it may extend past the end and"
                    + " is clipped)");
        }
    }

    private static void checkAliasOffset(String name, MemoryRegion target, long offset) {
        long targetSize = target.size;
        boolean inside = targetSize == SIZE_2_64 || Long.compareUnsigned(offset, targetSize) <= 0;
        if (!inside) {
            throw new IllegalArgumentException("alias offset lies outside its target: offset=" + hex(offset)
                    + " region=" + name + " target=" + target.name + " targetSize=" + sizeString(targetSize)
                    + " (an alias window must start inside its target or at its end; it may extend past the end"
                    + " and is clipped)");
        }
    }

    /**
     * Rejects the edge this -> child if {@code child} is this region or one of its containers: a region
     * inside itself, which QEMU's render would enter forever at the same place. Loops through alias
     * targets are not refused here: their render is checked by {@link LoopGuard}.
     */
    private void checkNotInsideItself(MemoryRegion child) {
        for (MemoryRegion mr = this; mr != null; mr = mr.container) {
            if (mr == child) {
                throw new IllegalArgumentException("adding '" + child.name + "' to '" + name + "' would make a cycle"
                        + " of subregions ('" + child.name + "' is '" + name + "' or one of its containers: a region"
                        + " cannot be inside itself)");
            }
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String sizeString(long size) {
        return size == SIZE_2_64 ? "2^64" : hex(size);
    }
}
