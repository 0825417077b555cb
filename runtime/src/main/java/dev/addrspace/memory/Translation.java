package dev.addrspace.memory;

/**
 * The outcome of {@link AddressSpace#translate}, as the return value and out-parameters of QEMU's
 * {@code address_space_translate}: the address space the access finally lands in (after IOMMUs), the
 * view range and region there, the region offset ({@code xlat}) and the length the answer is valid for
 * ({@code plen}: clamped to the range for RAM only, as in QEMU; clipped to IOMMU pages).
 *
 * <p>Mutable and reusable so that translating allocates nothing. Not thread safe: owned by one thread.
 */
public final class Translation {

    private AddressSpace addressSpace;
    private FlatView view;
    private FlatRange range;
    private long addr;
    private long xlat;
    private long plen;

    /** Creates an empty translation. */
    public Translation() {
    }

    void set(AddressSpace addressSpace, FlatView view, FlatRange range, long addr, long xlat, long plen) {
        this.addressSpace = addressSpace;
        this.view = view;
        this.range = range;
        this.addr = addr;
        this.xlat = xlat;
        this.plen = plen;
    }

    /** @return the address space the access lands in: the one asked, or an IOMMU's target */
    public AddressSpace addressSpace() {
        return addressSpace;
    }

    /** @return the view range the access lands in, or null when nothing answers (QEMU's unassigned) */
    public FlatRange range() {
        return range;
    }

    /**
     * The whole section the access lands in, as the {@code MemoryRegionSection} QEMU's
     * {@code flatview_do_translate} returns (not clipped to {@link #plen()}). Allocates.
     *
     * @return the section, or null when nothing answers
     */
    public MemoryRegionSection section() {
        return range == null ? null : MemoryRegionSection.of(range, view);
    }

    /** @return the region that answers, or null when nothing does (QEMU's {@code io_mem_unassigned}) */
    public MemoryRegion region() {
        return range == null ? null : range.region();
    }

    /** @return true when nothing answers: a hole, or an IOMMU refused the access */
    public boolean isUnassigned() {
        return range == null;
    }

    /** @return the address in {@link #addressSpace()} */
    public long addr() {
        return addr;
    }

    /** @return the offset in {@link #region()}; for an unassigned access, the address itself */
    public long xlat() {
        return xlat;
    }

    /** @return the number of bytes the translation is valid for, unsigned */
    public long plen() {
        return plen;
    }

    @Override
    public String toString() {
        return "Translation[" + (range == null ? "unassigned" : range.region().name()) + " addr=0x"
                + Long.toHexString(addr) + " xlat=0x" + Long.toHexString(xlat) + " plen=0x" + Long.toHexString(plen)
                + "]";
    }
}
