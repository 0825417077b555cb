package dev.addrspace.memory;

/**
 * One piece of a {@link FlatView}: the bytes {@code [start, last]} of an address space (both ends
 * inclusive, unsigned, so that {@code [0, 2^64)} is representable) map to the terminal region
 * {@link #region()} at {@link #offsetInRegion()}, as QEMU's {@code FlatRange}.
 *
 * <p>Immutable. Safe for concurrent readers.
 */
public final class FlatRange {

    private final MemoryRegion region;
    private final long start;
    private final long last;
    private final long offsetInRegion;
    private final int dirtyLogMask;
    private final boolean romdMode;
    private final boolean readonly;
    private final boolean nonvolatile;
    private final boolean unmergeable;

    FlatRange(MemoryRegion region, long start, long last, long offsetInRegion, int dirtyLogMask, boolean romdMode,
            boolean readonly, boolean nonvolatile, boolean unmergeable) {
        this.region = region;
        this.start = start;
        this.last = last;
        this.offsetInRegion = offsetInRegion;
        this.dirtyLogMask = dirtyLogMask;
        this.romdMode = romdMode;
        this.readonly = readonly;
        this.nonvolatile = nonvolatile;
        this.unmergeable = unmergeable;
    }

    /** @return the terminal region (never an alias or a pure container) */
    public MemoryRegion region() {
        return region;
    }

    /** @return the first address, unsigned */
    public long start() {
        return start;
    }

    /** @return the last address, inclusive, unsigned */
    public long last() {
        return last;
    }

    /** @return the byte count {@code last - start + 1}, unsigned; 0 stands for 2^64 (the range [0, 2^64)) */
    public long size() {
        return last - start + 1;
    }

    /** @return the offset of {@link #start()} inside {@link #region()}, unsigned */
    public long offsetInRegion() {
        return offsetInRegion;
    }

    /** @return the region's dirty-log mask when the view was rendered */
    public int dirtyLogMask() {
        return dirtyLogMask;
    }

    /** @return the region's romd mode when the view was rendered */
    public boolean romdMode() {
        return romdMode;
    }

    /** @return true if the region or any container or alias above it was read-only */
    public boolean readonly() {
        return readonly;
    }

    /** @return true if the region or any container or alias above it was non-volatile */
    public boolean nonvolatile() {
        return nonvolatile;
    }

    /** @return true if the region or any container or alias above it was unmergeable */
    public boolean unmergeable() {
        return unmergeable;
    }

    /**
     * @param addr an address, unsigned
     * @return true if {@code start <= addr <= last}
     */
    public boolean contains(long addr) {
        return Long.compareUnsigned(addr, start) >= 0 && Long.compareUnsigned(addr, last) <= 0;
    }

    /** QEMU's {@code flatrange_equal}: everything but the dirty-log mask. */
    boolean sameAs(FlatRange o) {
        return region == o.region && start == o.start && last == o.last && offsetInRegion == o.offsetInRegion
                && romdMode == o.romdMode && readonly == o.readonly && nonvolatile == o.nonvolatile
                && unmergeable == o.unmergeable;
    }

    /** QEMU's {@code can_merge} for {@code this} followed by {@code next}. */
    boolean canMergeWith(FlatRange next) {
        return last + 1 == next.start && last != -1L && region == next.region
                && offsetInRegion + (last - start + 1) == next.offsetInRegion
                && dirtyLogMask == next.dirtyLogMask && romdMode == next.romdMode && readonly == next.readonly
                && nonvolatile == next.nonvolatile && !unmergeable && !next.unmergeable;
    }

    FlatRange withLast(long newLast) {
        return new FlatRange(region, start, newLast, offsetInRegion, dirtyLogMask, romdMode, readonly, nonvolatile,
                unmergeable);
    }

    @Override
    public String toString() {
        return "FlatRange[" + MemoryRegion.hex(start) + "-" + MemoryRegion.hex(last) + " " + region.name()
                + " @" + MemoryRegion.hex(offsetInRegion) + (readonly ? " ro" : "") + (nonvolatile ? " nv" : "")
                + (unmergeable ? " um" : "") + (romdMode ? "" : " !romd") + " log=" + dirtyLogMask + "]";
    }
}
