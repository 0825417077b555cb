package dev.addrspace.targets.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import org.junit.jupiter.api.Test;

/** RISC-V: one address space, as QEMU's default gives it (case 59's layout). */
class RiscvCpuTest {

    @Test
    void oneAddressSpaceNamedCpuMemory() {
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        CpuState cpu = RiscvCpu.realize(system, 5, sysmem);

        assertEquals(1, RiscvAddressSpaceSlots.MAX);
        assertEquals(1, cpu.numAses());
        assertEquals("cpu-memory-5", RiscvAddressSpaceSlots.memory(cpu).name());
        assertSame(cpu.as(), RiscvAddressSpaceSlots.memory(cpu));
        assertEquals(0, cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertThrows(NullPointerException.class, () -> RiscvCpu.realize(system, 6, null));
    }
}
