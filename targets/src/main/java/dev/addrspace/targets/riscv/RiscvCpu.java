package dev.addrspace.targets.riscv;

import dev.addrspace.cpu.AsIndexMapper;
import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;

/**
 * Realizes the one address space of a RISC-V CPU, {@code cpu-memory-N} on the CPU's memory, through the
 * generated {@link RiscvAddressSpaceSlots}. QEMU's RISC-V CPU declares none itself and gets the same
 * address space from {@code qemu_init_vcpu}'s default.
 */
public final class RiscvCpu {

    private RiscvCpu() {
    }

    /**
     * Creates the CPU and its address space. Allocates.
     *
     * @param system the machine's memory system
     * @param cpuIndex the CPU's index
     * @param memory the root of the CPU's address space
     * @return the CPU; every access maps to its one address space
     * @throws NullPointerException if {@code memory} is null
     */
    public static CpuState realize(MemorySystem system, int cpuIndex, MemoryRegion memory) {
        if (memory == null) {
            throw new NullPointerException("memory");
        }
        CpuState cpu = new CpuState(system, cpuIndex);
        RiscvAddressSpaceSlots.roots().memory(memory).init(cpu);
        cpu.setAsIndexMapper(AsIndexMapper.ALWAYS_ZERO);
        return cpu;
    }
}
