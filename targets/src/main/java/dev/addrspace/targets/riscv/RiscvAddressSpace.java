package dev.addrspace.targets.riscv;

import dev.addrspace.annotations.AddressSpace;

/**
 * The one address space of a RISC-V CPU: the processor generates {@link RiscvAddressSpaceSlots}
 * ({@code MAX} = 1).
 */
public enum RiscvAddressSpace {
    /** The CPU's memory, named {@code cpu-memory-N} as QEMU's default address space. */
    @AddressSpace(index = 0, prefix = "cpu-memory")
    MEMORY
}
