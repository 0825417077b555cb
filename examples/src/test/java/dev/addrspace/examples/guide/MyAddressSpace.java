package dev.addrspace.examples.guide;

import dev.addrspace.annotations.AddressSpace;

/** The address spaces of my CPU: the processor generates MyAddressSpaceSlots from this. */
public enum MyAddressSpace {
    /** Normal memory: every CPU has it. */
    @AddressSpace(index = 0, prefix = "cpu-memory")
    MEMORY,
    /** The secure world's view, on CPUs with the security extension. */
    @AddressSpace(index = 1, prefix = "cpu-secure-memory")
    SECURE
}
