package dev.addrspace.memory;

/**
 * An IOMMU region's translate callback, as QEMU's {@code IOMMUMemoryRegionClass.translate}.
 *
 * <p>PLACEHOLDER of the integration skeleton: the access-path work defines its methods.
 */
public interface IommuOps {
}
