package dev.addrspace.targets.i386;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Case 58 of the model document: x86 TCG and KVM SMM address spaces. */
class X86CpuTest {

    private static final long SMRAM_BASE = 0xa0000L;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
    private final MemoryRegion smram = MemoryRegion.container(system, "smram", 0x1_0000_0000L);

    {
        sysmem.addSubregion(0, MemoryRegion.ram(system, "pc.ram", 0x800_0000L));
        smram.addSubregion(SMRAM_BASE, MemoryRegion.ram(system, "smram-low", 0x2_0000L));
    }

    private static boolean shows(AddressSpace as, String regionName, long addr) {
        for (FlatRange r : as.flatView().ranges()) {
            if (Long.compareUnsigned(addr, r.start()) >= 0 && Long.compareUnsigned(addr, r.last()) <= 0) {
                return r.region().name().equals(regionName);
            }
        }
        return false;
    }

    @Test
    void generatedSlotCountIsQemusX86AsIdxMaxPlusOne() {
        assertEquals(2, X86AddressSpaceSlots.MAX);
        assertEquals(1, X86AddressSpaceSlots.SMM);
    }

    @Test
    void case58_tcgSmmRootIsAPerCpuContainerThatSharesSystemsViewUntilSmramIsAdded() {
        CpuState cpu = X86Cpu.realizeTcg(system, 0, sysmem);
        AddressSpace mem = X86AddressSpaceSlots.mem(cpu);
        AddressSpace smm = X86AddressSpaceSlots.smm(cpu);

        assertEquals("cpu-memory-0", mem.name());
        assertEquals("cpu-smm-0", smm.name());
        assertEquals("memory", smm.root().name());
        assertSame(sysmem, mem.root());
        assertSame(mem.flatView(), smm.flatView(), "without an SMRAM overlay SMM shares system's view");

        X86Cpu.machineDoneTcg(cpu, smram);

        assertNotSame(mem.flatView(), smm.flatView());
        assertTrue(shows(smm, "smram-low", SMRAM_BASE), "SMRAM visible in SMM");
        assertFalse(shows(mem, "smram-low", SMRAM_BASE), "SMRAM hidden from normal accesses");
        assertTrue(shows(smm, "pc.ram", 0x10_0000L), "system memory shows through the SMM root's holes");
    }

    @Test
    void case58_indexSelection() {
        CpuState cpu = X86Cpu.realizeTcg(system, 0, sysmem);
        assertEquals(X86AddressSpaceSlots.SMM, cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertEquals(X86AddressSpaceSlots.MEM, cpu.asIndexFromAttrs(MemTxAttrs.NONE));
        assertSame(X86AddressSpaceSlots.smm(cpu), cpu.addressSpace(cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS)));
    }

    @Test
    void tcgGivesEachCpuItsOwnSmmRoot() {
        CpuState a = X86Cpu.realizeTcg(system, 0, sysmem);
        CpuState b = X86Cpu.realizeTcg(system, 1, sysmem);
        assertNotSame(X86AddressSpaceSlots.smm(a).root(), X86AddressSpaceSlots.smm(b).root());
        assertEquals("cpu-smm-1", X86AddressSpaceSlots.smm(b).name());
    }

    @Test
    void kvmAddsSmmOnlyAtMachineDoneOnOneSharedRoot() {
        CpuState a = X86Cpu.realizeKvm(system, 0, sysmem);
        CpuState b = X86Cpu.realizeKvm(system, 1, sysmem);
        assertFalse(X86AddressSpaceSlots.hasSmm(a));
        assertEquals(2, a.numAses(), "every slot is allocated up front");

        AddressSpace kvmSmram = X86Cpu.machineDoneKvm(system, List.of(a, b), sysmem, smram);

        assertEquals("KVM-SMRAM", kvmSmram.name());
        assertEquals("mem-container-smram", kvmSmram.root().name());
        assertSame(kvmSmram.root(), X86AddressSpaceSlots.smm(a).root());
        assertSame(kvmSmram.root(), X86AddressSpaceSlots.smm(b).root());
        assertEquals("cpu-smm-1", X86AddressSpaceSlots.smm(b).name());
        assertTrue(shows(X86AddressSpaceSlots.smm(a), "smram-low", SMRAM_BASE));
        assertSame(X86AddressSpaceSlots.smm(a).flatView(), X86AddressSpaceSlots.smm(b).flatView());
        assertThrows(IllegalStateException.class,
                () -> X86Cpu.machineDoneKvm(system, List.of(a), sysmem, smram));
    }
}
