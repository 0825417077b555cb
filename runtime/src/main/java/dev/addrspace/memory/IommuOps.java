package dev.addrspace.memory;

/**
 * An IOMMU region's callbacks, as QEMU's {@code IOMMUMemoryRegionClass}: translate an address of the
 * region into an address of a target {@link AddressSpace}, with permissions and a page mask.
 *
 * <p>Callbacks run on the accessing thread with no lock held; {@link #translate} must fill the entry it
 * is given and must not keep it. The defaults block every access (permission
 * {@link IommuTlbEntry#PERM_NONE}) and map every attrs to index 0.
 */
public interface IommuOps {

    /**
     * Translates {@code addr}, as QEMU's {@code translate(iommu, addr, flag, iommu_idx)}: fills
     * {@code entry} with the target address space, the translated address, the address mask (the page
     * size minus one) and the permissions. The dispatcher clears the entry before the call; an entry left
     * at {@link IommuTlbEntry#PERM_NONE} blocks the access.
     *
     * @param entry the caller-owned entry to fill
     * @param addr the offset in the IOMMU region
     * @param access {@link IommuTlbEntry#PERM_READ} for a read, {@link IommuTlbEntry#PERM_WRITE} for a write
     * @param iommuIndex the index from {@link #attrsToIndex(MemTxAttrs)}
     */
    default void translate(IommuTlbEntry entry, long addr, int access, int iommuIndex) {
    }

    /**
     * QEMU's {@code attrs_to_index}: which translation regime the attrs select.
     *
     * @param attrs the transaction's attrs
     * @return the IOMMU index, 0 to {@link #numIndexes()} - 1; the default is 0
     */
    default int attrsToIndex(MemTxAttrs attrs) {
        return 0;
    }

    /** @return the number of IOMMU indexes; the default is 1 */
    default int numIndexes() {
        return 1;
    }
}
