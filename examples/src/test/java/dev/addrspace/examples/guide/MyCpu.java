package dev.addrspace.examples.guide;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;

/** Realizes my CPU's address spaces, as a QEMU target's realize function does. */
public final class MyCpu {

    private MyCpu() {
    }

    /**
     * @param secureMemory the secure world's root, or null for a CPU without the security extension
     */
    public static CpuState realize(MemorySystem system, int cpuIndex, MemoryRegion memory,
            MemoryRegion secureMemory) {
        MyAddressSpaceSlots.Roots roots = MyAddressSpaceSlots.roots().memory(memory);
        if (secureMemory != null) {
            roots.secure(secureMemory);
        }
        CpuState cpu = new CpuState(system, cpuIndex);
        roots.init(cpu);                        // cpuAddressSpaceInit(cpu, MAX), then cpuAddressSpaceAdd, AS 0 first
        cpu.setAsIndexMapper(MyCpu::asIndexFromAttrs);
        return cpu;
    }

    /** My target's attrs-to-index mapping, QEMU's asidx_from_attrs. */
    public static int asIndexFromAttrs(MemTxAttrs attrs) {
        return attrs.secure() ? MyAddressSpaceSlots.SECURE : MyAddressSpaceSlots.MEMORY;
    }
}
