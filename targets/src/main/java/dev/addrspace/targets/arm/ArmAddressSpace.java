package dev.addrspace.targets.arm;

import dev.addrspace.annotations.AddressSpace;

/**
 * The address spaces of an ARM CPU, as QEMU's {@code ARMASIdx}: the processor generates
 * {@link ArmAddressSpaceSlots} from these declarations ({@code MAX} = 4, the init entry point, typed
 * accessors). The prefixes are QEMU's exact ones, including the shared {@code cpu-tag-memory} of both tag
 * spaces.
 */
public enum ArmAddressSpace {
    /** The non-secure address space, QEMU's {@code ARMASIdx_NS}: present on every ARM CPU. */
    @AddressSpace(index = 0, prefix = "cpu-memory")
    NS,
    /** The secure address space, {@code ARMASIdx_S}: with EL3 or M-profile security. */
    @AddressSpace(index = 1, prefix = "cpu-secure-memory")
    S,
    /** The non-secure MTE tag space, {@code ARMASIdx_TagNS}: with tag memory. */
    @AddressSpace(index = 2, prefix = "cpu-tag-memory")
    TAG_NS,
    /** The secure MTE tag space, {@code ARMASIdx_TagS}: with tag memory and security. */
    @AddressSpace(index = 3, prefix = "cpu-tag-memory", requires = {"S", "TAG_NS"})
    TAG_S
}
