package dev.addrspace.memory;

/**
 * A device's callbacks and access constraints, as QEMU's {@code MemoryRegionOps}.
 *
 * <p>PLACEHOLDER of the integration skeleton: the access-path work defines its methods.
 */
public interface MmioOps {
}
