package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A node of the memory-region tree: a container, RAM, ROM, MMIO, an alias of another region, and so on,
 * as QEMU's {@code MemoryRegion}. Sizes are unsigned 64-bit; {@link #SIZE_2_64} stands for 2^64.
 *
 * <p>Writers serialize on the region's memory system.
 */
public final class MemoryRegion {

    /** The size value that stands for 2^64, as {@code UINT64_MAX} does in QEMU. */
    public static final long SIZE_2_64 = -1L;

    private enum Kind { CONTAINER, RAM, ALIAS }

    private final MemorySystem system;
    private final Kind kind;
    private final String name;
    private final long size;
    private final MemoryRegion aliasTarget;
    private final long aliasOffset;
    private final List<MemoryRegion> subregions = new ArrayList<>();
    private MemoryRegion container;
    private long addr;
    private int priority;

    private MemoryRegion(MemorySystem system, Kind kind, String name, long size, MemoryRegion aliasTarget,
            long aliasOffset) {
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
    }

    /**
     * Creates a pure container: it claims no range of its own, its holes show what lies below it.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned; {@link #SIZE_2_64} for 2^64
     * @return the new region
     */
    public static MemoryRegion container(MemorySystem system, String name, long size) {
        return new MemoryRegion(system, Kind.CONTAINER, name, size, null, 0);
    }

    /**
     * Creates a RAM region.
     *
     * @param system the owning memory system
     * @param name the region's name
     * @param size the size, unsigned
     * @return the new region
     */
    public static MemoryRegion ram(MemorySystem system, String name, long size) {
        return new MemoryRegion(system, Kind.RAM, name, size, null, 0);
    }

    /**
     * Creates an alias that maps {@code size} bytes of {@code target}, starting at {@code offset}.
     *
     * @param system the owning memory system
     * @param name the alias's name
     * @param target the aliased region, of the same memory system
     * @param offset the offset in the target, unsigned
     * @param size the size, unsigned
     * @return the new region
     * @throws IllegalArgumentException if {@code target} belongs to another memory system
     */
    public static MemoryRegion alias(MemorySystem system, String name, MemoryRegion target, long offset,
            long size) {
        system.checkOwned(target);
        return new MemoryRegion(system, Kind.ALIAS, name, size, target, offset);
    }

    /**
     * Maps {@code child} at {@code offset} in this region with priority 0.
     *
     * @param offset the offset inside this region
     * @param child a region that has no parent yet
     * @throws IllegalStateException if {@code child} already has a parent
     */
    public void addSubregion(long offset, MemoryRegion child) {
        addSubregionOverlap(offset, child, 0);
    }

    /**
     * Maps {@code child} at {@code offset} in this region with a signed priority; among equal
     * priorities the later-added child wins.
     *
     * @param offset the offset inside this region
     * @param child a region that has no parent yet
     * @param priority the signed priority among siblings
     * @throws IllegalStateException if {@code child} already has a parent
     */
    public void addSubregionOverlap(long offset, MemoryRegion child, int priority) {
        system.checkOwned(child);
        if (child.container != null) {
            throw new IllegalStateException("region '" + child.name + "' already has a parent '"
                    + child.container.name + "'");
        }
        child.container = this;
        child.addr = offset;
        child.priority = priority;
        int i = 0;
        while (i < subregions.size() && subregions.get(i).priority > priority) {
            i++;
        }
        subregions.add(i, child);
    }

    /** @return the region's name */
    public String name() {
        return name;
    }

    /** @return the size, unsigned; {@link #SIZE_2_64} for 2^64 */
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

    /** @return the offset in the parent */
    public long addr() {
        return addr;
    }

    /** @return the priority among siblings */
    public int priority() {
        return priority;
    }

    /** @return the aliased region, or null if this is not an alias */
    public MemoryRegion aliasTarget() {
        return aliasTarget;
    }

    /** @return the offset into the aliased region */
    public long aliasOffset() {
        return aliasOffset;
    }

    /** @return the subregions in priority order, later-added first among equals */
    public List<MemoryRegion> subregions() {
        return Collections.unmodifiableList(subregions);
    }

    @Override
    public String toString() {
        return "MemoryRegion[" + name + ", " + kind + "]";
    }
}
