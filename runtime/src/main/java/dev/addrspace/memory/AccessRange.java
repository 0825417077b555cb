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
    /** {@code last - start}: the coverage test is one unsigned comparison. */
    final long span;
    /** The region offset of {@link #start}. */
    final long offsetInRegion;
    /** {@code offsetInRegion - start}: the region (and block) offset of an address is {@code addr + delta}. */
    final long delta;
    /**
     * {@link #start}, {@link #span} and {@link #offsetInRegion} plus {@code Long.MIN_VALUE}, for the view
     * hint's coverage test as one subtraction and one signed compare: {@code b = addr - biasedStart} is
     * {@code (addr - start) + MIN_VALUE}, so {@code b <= biasedSpan - k} exactly when
     * {@code addr - start <= span - k} unsigned (for {@code 0 <= k <= span}), and
     * {@code b + biasedOffsetInRegion} is the region offset {@code addr - start + offsetInRegion} (the two
     * biases cancel).
     */
    final long biasedStart;
    /** See {@link #biasedStart}. */
    final long biasedSpan;
    /** See {@link #biasedStart}. */
    final long biasedOffsetInRegion;
    /**
     * The flat page table of {@link #ram} ({@link RamBlock#flatPages()}) when the block has one, so that a
     * RAM access reaches its page in one array load from the range; null otherwise (devices, and blocks
     * above {@link RamBlock#FLAT_MAX}, which go through {@link RamBlock#loadInRange}).
     */
    final byte[][] pages;
    /**
     * {@link #pages} when this is a {@link #ramLoad} range of at least 8 bytes, else null: the address-space
     * path's first test. Non-null means that a fixed-size load of {@code size} bytes at {@code addr} with
     * {@code addr - start <= span - (size - 1)} (unsigned; no wrap, as {@code span >= 7}) lies in this range
     * and reads {@code pages}.
     */
    final byte[][] loadPages;
    /** As {@link #loadPages}, for {@link #ramStore}. */
    final byte[][] storePages;
    /**
     * The one array of a preallocated {@link #ram} ({@link RamBlock#preallocatedBytes()}) when this is a
     * {@link #ramLoad} range of at least 8 bytes, else null: tested before {@link #loadPages}. Non-null means
     * that a load passing the same coverage test reads element {@code addr - start + offsetInRegion}.
     */
    final byte[] loadDense;
    /** As {@link #loadDense}, for {@link #ramStore}. */
    final byte[] storeDense;
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

    // The fixed-size fast paths, decided here once (FlatViewAccess.load/store test one flag each).
    /**
     * A fixed-size load that fits in the range is a direct load from {@link #ram}, whatever the attrs:
     * direct reads of a region that is RAM or ROM ({@code memory_region_is_ram}, so {@code attrs.memory}
     * allows it), not an IOMMU.
     */
    final boolean ramLoad;
    /**
     * A fixed-size store that fits is a direct store to {@link #ram}, whatever the attrs: direct writes
     * imply RAM that is not readonly, so {@code attrs.memory} allows it and {@code attrs.debug} changes
     * nothing.
     */
    final boolean ramStore;
    /**
     * A fixed-size load without {@code attrs.memory} is one dispatch to {@link #mmio}: not RAM or ROM, not
     * a direct read (a ROM device out of romd mode, or a device), not an IOMMU.
     */
    final boolean mmioLoad;
    /**
     * A fixed-size store without {@code attrs.memory} is one dispatch to {@link #mmio}: not RAM or ROM, no
     * direct write even with {@code attrs.debug} (a device, not a romd ROM device), not an IOMMU.
     */
    final boolean mmioStore;

    // The straight MMIO path, copied from mmio so that a device access reads this range only (one
    // dependent load less): the ops, the guard and one test word per byte order (straightLoadLe & co.),
    // which folds MmioProfile.straightRead/straightWrite, mmioLoad/mmioStore, attrs.memory and the byte
    // swap into one field, so that the straight path's whole test is one load, one AND and one branch.

    /** Where the access size's bit (1, 2, 4 or 8) lies in a {@link #straightKey} and a straight word. */
    static final int STRAIGHT_SIZE_SHIFT = 40;
    /** Where the access's misalignment ({@code x & (size - 1)}, 3 bits) lies in a key and a word. */
    static final int STRAIGHT_ALIGN_SHIFT = 48;
    /**
     * The bit of a straight word that says "the device's byte order is not the access's: swap the value".
     * No key has it, so it never fails the test; the straight path reads it from the word it already has.
     */
    static final long STRAIGHT_SWAP = Long.MIN_VALUE;
    /** {@code attrs.memory} as a bit of {@link MemTxAttrs#bits()} (the low 32 bits of a key). */
    static final long MEMORY_BIT = MemTxAttrs.NONE.withMemory(true).bits();

    /** {@code mmio.ops}. */
    final MmioOps ops;
    /** {@code mmio.guard}: null when the re-entrancy guard does not apply. */
    final ReentrancyGuard guard;
    /**
     * The straight-path word of a fixed-size little-endian load: a load of {@code size} bytes at region
     * offset {@code x} with {@code attrs} is one plain call of the device's {@code read} (QEMU's whole
     * dispatch for it: valid, one callback of the full size, no {@code attrs.memory} refusal) if and only
     * if {@code (straightKey(x, size, attrs) & straightLoadLe) == 0}. Its bits: {@link #MEMORY_BIT}
     * always; at {@link #STRAIGHT_SIZE_SHIFT} {@code mmio.notStraightReads} when {@link #mmioLoad} and the
     * straight call is the plain {@code read} (not {@link MmioProfile#straightReadCallbacks}), else every
     * size (never straight here); at {@link #STRAIGHT_ALIGN_SHIFT} 7 unless {@code valid.unaligned};
     * {@link #STRAIGHT_SWAP} when the device is big-endian.
     */
    final long straightLoadLe;
    /** As {@link #straightLoadLe}, for a big-endian load ({@link #STRAIGHT_SWAP} for a little-endian device). */
    final long straightLoadBe;
    /**
     * As {@link #straightLoadLe}, for a little-endian store ({@link #mmioStore}, {@code mmio.notStraightWrites},
     * {@link MmioProfile#straightWriteCallbacks}).
     */
    final long straightStoreLe;
    /** As {@link #straightStoreLe}, for a big-endian store. */
    final long straightStoreBe;

    AccessRange(long start, long last, long offsetInRegion, Object source, String name, RamBlock ram,
            boolean ramRegion, boolean directRead, boolean directWrite, boolean debugDirectWrite, MmioProfile mmio,
            IommuOps iommu) {
        if (Long.compareUnsigned(start, last) > 0) {
            throw new IllegalArgumentException("range start=0x" + Long.toHexString(start) + " is above last=0x"
                    + Long.toHexString(last));
        }
        this.start = start;
        this.last = last;
        this.span = last - start;
        this.offsetInRegion = offsetInRegion;
        this.delta = offsetInRegion - start;
        this.biasedStart = start + Long.MIN_VALUE;
        this.biasedSpan = span + Long.MIN_VALUE;
        this.biasedOffsetInRegion = offsetInRegion + Long.MIN_VALUE;
        this.source = source;
        this.name = name;
        this.ram = ram;
        this.ramRegion = ramRegion;
        this.directRead = directRead && ram != null;
        this.directWrite = directWrite && ram != null;
        this.debugDirectWrite = debugDirectWrite && ram != null;
        this.mmio = mmio;
        this.iommu = iommu;
        this.ramLoad = this.directRead && ramRegion && iommu == null;
        this.ramStore = this.directWrite && ramRegion && iommu == null;
        this.mmioLoad = !this.directRead && !ramRegion && iommu == null && mmio != null;
        this.mmioStore = !this.directWrite && !this.debugDirectWrite && !ramRegion && iommu == null && mmio != null;
        this.pages = ram != null ? ram.flatPages() : null;
        this.loadPages = ramLoad && Long.compareUnsigned(span, 7) >= 0 ? pages : null;
        this.storePages = ramStore && Long.compareUnsigned(span, 7) >= 0 ? pages : null;
        final byte[] dense = ram != null ? ram.preallocatedBytes() : null;
        this.loadDense = ramLoad && Long.compareUnsigned(span, 7) >= 0 ? dense : null;
        this.storeDense = ramStore && Long.compareUnsigned(span, 7) >= 0 ? dense : null;
        this.ops = mmio != null ? mmio.ops : null;
        this.guard = mmio != null ? mmio.guard : null;
        final boolean deviceBig = mmio != null && mmio.bigEndian;
        // a device whose straight call is more than the plain callback never passes the word: the
        // dispatch's fallback takes it (MmioDispatch.read), so the plain path tests nothing for it
        final long load = straightWord(mmioLoad && !mmio.straightReadCallbacks ? mmio.notStraightReads
                : MmioProfile.ALL_SIZES, mmio);
        final long store = straightWord(mmioStore && !mmio.straightWriteCallbacks ? mmio.notStraightWrites
                : MmioProfile.ALL_SIZES, mmio);
        this.straightLoadLe = deviceBig ? load | STRAIGHT_SWAP : load;
        this.straightLoadBe = deviceBig ? load : load | STRAIGHT_SWAP;
        this.straightStoreLe = deviceBig ? store | STRAIGHT_SWAP : store;
        this.straightStoreBe = deviceBig ? store : store | STRAIGHT_SWAP;
    }

    /** The byte-order-free part of a straight word: see {@link #straightLoadLe}. */
    private static long straightWord(int notStraightSizes, MmioProfile mmio) {
        final boolean unaligned = mmio != null && mmio.validUnaligned;
        return MEMORY_BIT | ((long) notStraightSizes << STRAIGHT_SIZE_SHIFT)
                | (unaligned ? 0 : 7L << STRAIGHT_ALIGN_SHIFT);
    }

    /**
     * The key a straight word is tested with (see {@link #straightLoadLe}): the attrs' bits (32 bits),
     * the access size's bit at {@link #STRAIGHT_SIZE_SHIFT} and the misalignment at
     * {@link #STRAIGHT_ALIGN_SHIFT}. For a constant size the JIT folds all but one OR and one AND.
     *
     * @param x the region offset
     * @param size 1, 2, 4 or 8
     * @param attrs the attrs
     * @return the key
     */
    static long straightKey(long x, int size, MemTxAttrs attrs) {
        return attrs.bits() | ((long) size << STRAIGHT_SIZE_SHIFT) | ((x & (size - 1)) << STRAIGHT_ALIGN_SHIFT);
    }

    /**
     * @param bigEndian the byte order of the load
     * @return {@link #straightLoadBe} or {@link #straightLoadLe}
     */
    long straightLoad(boolean bigEndian) {
        return bigEndian ? straightLoadBe : straightLoadLe;
    }

    /**
     * @param bigEndian the byte order of the store
     * @return {@link #straightStoreBe} or {@link #straightStoreLe}
     */
    long straightStore(boolean bigEndian) {
        return bigEndian ? straightStoreBe : straightStoreLe;
    }

    /**
     * A direct load of {@code size} bytes at block offset {@code offset}, which the caller has checked
     * lies in this RAM range ({@link #ramLoad}). A flat block is read through {@link #pages}: one array
     * load for the page, nothing for an untouched page. Allocation free.
     */
    long loadRam(long offset, int size, boolean bigEndian) {
        final byte[][] p = pages;
        final int in = (int) offset & (RamBlock.PAGE_SIZE - 1);
        if (p != null && in <= RamBlock.PAGE_SIZE - size) {
            final byte[] page = p[(int) (offset >>> RamBlock.PAGE_BITS)];
            return page == null ? 0 : RamBlock.loadFromPage(page, in, size, bigEndian);
        }
        return ram.loadInRange(offset, size, bigEndian);
    }

    /**
     * A direct store of the low {@code size} bytes of {@code value} at block offset {@code offset}, which
     * the caller has checked lies in this RAM range ({@link #ramStore}). The first store to a page
     * allocates it (through the block, by compare-and-set).
     */
    void storeRam(long offset, int size, long value, boolean bigEndian) {
        final byte[][] p = pages;
        final int in = (int) offset & (RamBlock.PAGE_SIZE - 1);
        if (p != null && in <= RamBlock.PAGE_SIZE - size) {
            final byte[] page = p[(int) (offset >>> RamBlock.PAGE_BITS)];
            if (page != null) {
                RamBlock.storeToPage(page, in, size, value, bigEndian);
                return;
            }
        }
        ram.storeInRange(offset, size, value, bigEndian);
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
        return Long.compareUnsigned(addr - start, span) <= 0;
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
