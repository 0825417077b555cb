package dev.addrspace.memory;

/**
 * The answer of an IOMMU translation, as QEMU's {@code IOMMUTLBEntry}: the address space to continue
 * in, the input address, the translated address, the address mask (page size minus one; the low bits of
 * the input address pass through) and the permissions.
 *
 * <p>Mutable and reusable: the dispatcher owns one per thread and hands it to {@link IommuOps#translate}
 * so that translation allocates nothing. Not thread safe: owned by one thread.
 */
public final class IommuTlbEntry {

    /** No access allowed ({@code IOMMU_NONE}). */
    public static final int PERM_NONE = 0;
    /** Read allowed ({@code IOMMU_RO}); also the access flag of a read. */
    public static final int PERM_READ = 1;
    /** Write allowed ({@code IOMMU_WO}); also the access flag of a write. */
    public static final int PERM_WRITE = 2;
    /** Read and write allowed ({@code IOMMU_RW}). */
    public static final int PERM_RW = PERM_READ | PERM_WRITE;

    private AddressSpace targetAs;
    private long iova;
    private long translatedAddr;
    private long addrMask;
    private int perm;

    /** Creates an empty entry (no target, permission {@link #PERM_NONE}). */
    public IommuTlbEntry() {
    }

    /**
     * Fills the entry.
     *
     * @param targetAs the address space to continue the access in
     * @param iova the input address, as given to the IOMMU
     * @param translatedAddr the translated address of the page
     * @param addrMask the page size minus one, for example {@code 0xfff}; must be of the form 2^n - 1
     * @param perm {@link #PERM_NONE}, {@link #PERM_READ}, {@link #PERM_WRITE} or {@link #PERM_RW}
     * @return this entry
     * @throws IllegalArgumentException if {@code addrMask} is not 2^n - 1 or {@code perm} is not 0 to 3
     */
    public IommuTlbEntry set(AddressSpace targetAs, long iova, long translatedAddr, long addrMask, int perm) {
        if ((addrMask & (addrMask + 1)) != 0) {
            throw new IllegalArgumentException("addrMask=0x" + Long.toHexString(addrMask) + " is not 2^n - 1");
        }
        if ((perm & ~PERM_RW) != 0) {
            throw new IllegalArgumentException("perm=" + perm + " is not 0 to 3");
        }
        this.targetAs = targetAs;
        this.iova = iova;
        this.translatedAddr = translatedAddr;
        this.addrMask = addrMask;
        this.perm = perm;
        return this;
    }

    /** Resets the entry to no target and permission {@link #PERM_NONE}. */
    public void clear() {
        targetAs = null;
        iova = 0;
        translatedAddr = 0;
        addrMask = 0;
        perm = PERM_NONE;
    }

    /** @return the address space the access continues in, or null */
    public AddressSpace targetAs() {
        return targetAs;
    }

    /** @return the input address */
    public long iova() {
        return iova;
    }

    /** @return the translated address */
    public long translatedAddr() {
        return translatedAddr;
    }

    /** @return the page size minus one */
    public long addrMask() {
        return addrMask;
    }

    /** @return the permissions */
    public int perm() {
        return perm;
    }

    @Override
    public String toString() {
        return "IommuTlbEntry[target=" + (targetAs == null ? "none" : targetAs.name()) + " iova=0x"
                + Long.toHexString(iova) + " translated=0x" + Long.toHexString(translatedAddr) + " mask=0x"
                + Long.toHexString(addrMask) + " perm=" + perm + "]";
    }
}
