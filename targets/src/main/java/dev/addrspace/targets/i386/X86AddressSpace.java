package dev.addrspace.targets.i386;

import dev.addrspace.annotations.AddressSpace;

/**
 * The address spaces of an x86 CPU, as QEMU's {@code X86ASIdx}: the processor generates
 * {@link X86AddressSpaceSlots} from these declarations ({@code MAX} = 2).
 */
public enum X86AddressSpace {
    /** Normal memory, QEMU's {@code X86ASIdx_MEM}. */
    @AddressSpace(index = 0, prefix = "cpu-memory")
    MEM,
    /** System-management mode, {@code X86ASIdx_SMM}: where SMRAM is visible. */
    @AddressSpace(index = 1, prefix = "cpu-smm")
    SMM
}
