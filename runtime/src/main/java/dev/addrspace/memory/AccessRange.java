package dev.addrspace.memory;

import java.util.Map;

/**
 * One range of a view as the access path sees it: the address interval, where it lands in its region,
 * and everything about the region the access path needs, decided once when the view is rendered (QEMU
 * decides it per access in {@code memory_access_is_direct}).
 *
 * <p>Immutable.
 */
final class AccessRange {

    /** First address, unsigned. */
    final long start;
    /** Last address, inclusive, unsigned. */
    final long last;
    /** The region offset of {@link #start}. */
    final long offsetInRegion;
    /** The view's range this was made from (a {@code FlatRange}), for {@code translate}; may be null in tests. */
    final Object source;
    /** The region's name, for messages. */
    final String name;
    /** The backing store of a RAM, ROM or ROM-device region; null for devices. */
    final RamBlock ram;
    /** QEMU's {@code memory_region_is_ram}: RAM or ROM, not a ROM device. */
    final boolean ramRegion;
    /** Reads go to {@link #ram} (RAM, ROM, or a ROM device in romd mode). */
    final boolean directRead;
    /** Writes go to {@link #ram} (RAM that is not itself readonly). */
    final boolean directWrite;
    /** Writes with {@code attrs.debug} go to {@link #ram} (also ROM and romd ROM devices). */
    final boolean debugDirectWrite;
    /** The ops non-direct accesses dispatch to ({@link MmioProfile#UNASSIGNED} for RAM and ROM). */
    final MmioProfile mmio;
    /** The IOMMU callbacks, or null when this is not an IOMMU region. */
    final IommuOps iommu;

    AccessRange(long start, long last, long offsetInRegion, Object source, String name, RamBlock ram,
            boolean ramRegion, boolean directRead, boolean directWrite, boolean debugDirectWrite, MmioProfile mmio,
            IommuOps iommu) {
        if (Long.compareUnsigned(start, last) > 0) {
            throw new IllegalArgumentException("range start=0x" + Long.toHexString(start) + " is above last=0x"
                    + Long.toHexString(last));
        }
        this.start = start;
        this.last = last;
        this.offsetInRegion = offsetInRegion;
        this.source = source;
        this.name = name;
        this.ram = ram;
        this.ramRegion = ramRegion;
        this.directRead = directRead && ram != null;
        this.directWrite = directWrite && ram != null;
        this.debugDirectWrite = debugDirectWrite && ram != null;
        this.mmio = mmio;
        this.iommu = iommu;
    }

    /**
     * Describes a range of a rendered view for the access path. Allocates.
     *
     * @param fr the view's range
     * @param profiles profiles already made for regions of this view, reused so that a region split into
     *                 several ranges shares one
     * @return the access range
     */
    static AccessRange of(FlatRange fr, Map<MemoryRegion, MmioProfile> profiles) {
        final MemoryRegion mr = fr.region();
        final MemoryRegion.Kind kind = mr.kind();
        RamBlock ram = mr.ramBlock();
        if (ram != null && !blockCovers(ram, fr)) {
            // the region grew past its backing (setSize): the uncovered range decodes as nothing
            ram = null;
        }
        final boolean ramRegion = mr.isRam();
        final boolean romDevice = kind == MemoryRegion.Kind.ROM_DEVICE;
        // QEMU's memory_region_supports_direct_access: RAM, ROM, or a ROM device in romd mode
        final boolean direct = ramRegion || (romDevice && fr.romdMode());
        final boolean directWrite = direct && !mr.isReadonly() && !romDevice;
        final MmioProfile mmio;
        if ((kind == MemoryRegion.Kind.IO || romDevice) && mr.ops() != null) {
            mmio = profiles.computeIfAbsent(mr, r -> new MmioProfile(r.ops(), r.name(), r,
                    kind == MemoryRegion.Kind.IO && !r.isReadonly()));
        } else {
            mmio = MmioProfile.UNASSIGNED;
        }
        return new AccessRange(fr.start(), fr.last(), fr.offsetInRegion(), fr, mr.name(), ram, ramRegion, direct,
                directWrite, direct, mmio, kind == MemoryRegion.Kind.IOMMU ? mr.iommuOps() : null);
    }

    private static boolean blockCovers(RamBlock ram, FlatRange fr) {
        final long span = fr.last() - fr.start();
        final long size = ram.size();
        final long lastOffset = size == MemoryRegion.SIZE_2_64 ? -1L : size - 1;
        return size != 0 && Long.compareUnsigned(span, lastOffset) <= 0
                && Long.compareUnsigned(fr.offsetInRegion(), lastOffset - span) <= 0;
    }

    /** A RAM range (tests and simple callers). */
    static AccessRange ram(long start, long last, long offsetInRegion, String name, RamBlock ram) {
        return new AccessRange(start, last, offsetInRegion, null, name, ram, true, true, true, true,
                MmioProfile.UNASSIGNED, null);
    }

    /** A ROM range: reads direct, writes DECODE_ERROR unless debug. */
    static AccessRange rom(long start, long last, long offsetInRegion, String name, RamBlock ram) {
        return new AccessRange(start, last, offsetInRegion, null, name, ram, true, true, false, true,
                MmioProfile.UNASSIGNED, null);
    }

    /** A device range. */
    static AccessRange io(long start, long last, long offsetInRegion, String name, MmioOps ops, Object guardKey) {
        return new AccessRange(start, last, offsetInRegion, null, name, null, false, false, false, false,
                new MmioProfile(ops, name, guardKey, true), null);
    }

    /** @return true when {@code addr} lies in this range */
    boolean covers(long addr) {
        return Long.compareUnsigned(addr - start, last - start) <= 0;
    }

    /** @return the region offset of {@code addr}, which this range covers */
    long xlat(long addr) {
        return addr - start + offsetInRegion;
    }

    @Override
    public String toString() {
        return "AccessRange[" + Long.toHexString(start) + "-" + Long.toHexString(last) + " " + name + " @"
                + Long.toHexString(offsetInRegion) + "]";
    }
}
