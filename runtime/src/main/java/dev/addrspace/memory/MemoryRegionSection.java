package dev.addrspace.memory;

/**
 * A part of a flat view handed to listeners and returned by {@link MemoryRegion#find(long, long)}, as
 * QEMU's {@code MemoryRegionSection}: the bytes {@code [offsetWithinAddressSpace, last]} of a view map
 * to {@link #region()} at {@link #offsetWithinRegion()}.
 *
 * <p>Immutable. Safe for concurrent readers.
 */
public final class MemoryRegionSection {

    private final MemoryRegion region;
    private final FlatView flatView;
    private final long offsetWithinRegion;
    private final long offsetWithinAddressSpace;
    private final long last;
    private final boolean readonly;
    private final boolean nonvolatile;
    private final boolean unmergeable;

    MemoryRegionSection(MemoryRegion region, FlatView flatView, long offsetWithinRegion,
            long offsetWithinAddressSpace, long last, boolean readonly, boolean nonvolatile, boolean unmergeable) {
        this.region = region;
        this.flatView = flatView;
        this.offsetWithinRegion = offsetWithinRegion;
        this.offsetWithinAddressSpace = offsetWithinAddressSpace;
        this.last = last;
        this.readonly = readonly;
        this.nonvolatile = nonvolatile;
        this.unmergeable = unmergeable;
    }

    static MemoryRegionSection of(FlatRange fr, FlatView view) {
        return new MemoryRegionSection(fr.region(), view, fr.offsetInRegion(), fr.start(), fr.last(), fr.readonly(),
                fr.nonvolatile(), fr.unmergeable());
    }

    /** @return the terminal region */
    public MemoryRegion region() {
        return region;
    }

    /** @return the view this section was taken from */
    public FlatView flatView() {
        return flatView;
    }

    /** @return the offset of the first byte inside {@link #region()}, unsigned */
    public long offsetWithinRegion() {
        return offsetWithinRegion;
    }

    /** @return the first address in the address space, unsigned */
    public long offsetWithinAddressSpace() {
        return offsetWithinAddressSpace;
    }

    /** @return the last address in the address space, inclusive, unsigned */
    public long last() {
        return last;
    }

    /** @return the byte count, unsigned; 0 stands for 2^64 (a section of the whole space) */
    public long size() {
        return last - offsetWithinAddressSpace + 1;
    }

    /** @return the inherited read-only flag of the flat range */
    public boolean readonly() {
        return readonly;
    }

    /** @return the inherited non-volatile flag of the flat range */
    public boolean nonvolatile() {
        return nonvolatile;
    }

    /** @return the inherited unmergeable flag of the flat range */
    public boolean unmergeable() {
        return unmergeable;
    }

    @Override
    public String toString() {
        return "MemoryRegionSection[" + region.name() + " " + MemoryRegion.hex(offsetWithinAddressSpace) + "-"
                + MemoryRegion.hex(last) + " @" + MemoryRegion.hex(offsetWithinRegion) + (readonly ? " ro" : "")
                + (nonvolatile ? " nv" : "") + "]";
    }
}
