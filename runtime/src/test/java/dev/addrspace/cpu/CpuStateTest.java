package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuStateTest {

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);

    @Test
    void case55_addCreatesPrefixDashCpuIndexAndSetsConvenienceAs() {
        CpuState cpu = new CpuState(system, 3);
        CpuState.cpuAddressSpaceInit(cpu, 4);
        AddressSpace as = CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem);

        assertEquals("cpu-memory-3", as.name());
        assertSame(sysmem, as.root());
        assertSame(as, cpu.as());
        assertSame(as, cpu.addressSpace(0));
        assertEquals(4, cpu.numAses());
        assertNull(cpu.addressSpace(1), "an unset slot is null");
        assertNull(cpu.addressSpace(3));
        assertEquals(List.of(as), system.addressSpaces());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> cpu.addressSpace(4));
        assertTrue(e.getMessage().contains("CPU 3") && e.getMessage().contains("asidx=4"), e.getMessage());
    }

    @Test
    void case59_defaultAddressSpaceForATargetThatSetUpNone() {
        CpuState cpu = new CpuState(system, 2);
        AddressSpace as = CpuState.ensureDefaultAddressSpace(cpu, sysmem);

        assertEquals("cpu-memory-2", as.name());
        assertEquals(1, cpu.numAses());
        assertSame(as, cpu.as());
        assertSame(as, CpuState.ensureDefaultAddressSpace(cpu, sysmem), "a CPU with slot 0 is left as it is");
        assertEquals(1, system.addressSpaces().size());
    }

    @Test
    void defaultAddressSpaceUsesSlotsTheTargetAllocated() {
        CpuState cpu = new CpuState(system, 0);
        CpuState.cpuAddressSpaceInit(cpu, 2);
        CpuState.ensureDefaultAddressSpace(cpu, sysmem);
        assertEquals(2, cpu.numAses());
        assertEquals("cpu-memory-0", cpu.addressSpace(0).name());
    }

    @Test
    void initRejectsZeroOrNegativeCountsAndASecondCall() {
        CpuState cpu = new CpuState(system, 1);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> CpuState.cpuAddressSpaceInit(cpu, 0));
        assertTrue(zero.getMessage().contains("CPU 1") && zero.getMessage().contains("numAses=0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuState.cpuAddressSpaceInit(cpu, -1));
        assertFalse(cpu.isInitialized());

        CpuState.cpuAddressSpaceInit(cpu, 2);
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> CpuState.cpuAddressSpaceInit(cpu, 2));
        assertTrue(twice.getMessage().contains("already initialized"), twice.getMessage());
        assertEquals(2, cpu.numAses());
    }

    @Test
    void addRejectsEachBrokenRuleAndLeavesTheCpuAsItWas() {
        CpuState cpu = new CpuState(system, 7);
        IllegalStateException beforeInit = assertThrows(IllegalStateException.class,
                () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem));
        assertTrue(beforeInit.getMessage().contains("before cpuAddressSpaceInit"), beforeInit.getMessage());

        CpuState.cpuAddressSpaceInit(cpu, 2);
        IndexOutOfBoundsException high = assertThrows(IndexOutOfBoundsException.class,
                () -> CpuState.cpuAddressSpaceAdd(cpu, 2, "cpu-smm", sysmem));
        assertTrue(high.getMessage().contains("CPU 7") && high.getMessage().contains("asidx=2")
                && high.getMessage().contains("numAses=2"), high.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, -1, "x", sysmem));

        IllegalStateException zeroFirst = assertThrows(IllegalStateException.class,
                () -> CpuState.cpuAddressSpaceAdd(cpu, 1, "cpu-smm", sysmem));
        assertTrue(zeroFirst.getMessage().contains("slot 0 must be added before slot 1"), zeroFirst.getMessage());
        assertThrows(NullPointerException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", null));
        assertThrows(NullPointerException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, null, sysmem));
        assertTrue(system.addressSpaces().isEmpty(), "no address space was created by a rejected add");

        CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem);
        IllegalStateException taken = assertThrows(IllegalStateException.class,
                () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem));
        assertTrue(taken.getMessage().contains("slot 0 already holds cpu-memory-7"), taken.getMessage());
        assertEquals(1, system.addressSpaces().size());
    }

    @Test
    void addRejectsARootOfAnotherMemorySystem() {
        CpuState cpu = new CpuState(system, 0);
        CpuState.cpuAddressSpaceInit(cpu, 1);
        MemoryRegion foreign = MemoryRegion.container(new MemorySystem(), "other", 0x1000);
        assertThrows(IllegalArgumentException.class, () -> CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", foreign));
        assertNull(cpu.addressSpace(0));
    }

    @Test
    void attrsToIndexUsesTheTargetsMappingAndChecksItsRange() {
        CpuState cpu = new CpuState(system, 0);
        CpuState.cpuAddressSpaceInit(cpu, 2);
        assertEquals(0, cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS), "default mapping is AS 0");

        cpu.setAsIndexMapper(attrs -> attrs.secure() ? 1 : 0);
        assertEquals(1, cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertEquals(0, cpu.asIndexFromAttrs(MemTxAttrs.UNSPECIFIED));

        cpu.setAsIndexMapper(attrs -> 5);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cpu.asIndexFromAttrs(MemTxAttrs.NONE));
        assertTrue(e.getMessage().contains("gave 5"), e.getMessage());
        assertThrows(NullPointerException.class, () -> cpu.setAsIndexMapper(null));
    }

    @Test
    void destroyEmptiesEverySlotAndRemovesTheAddressSpaces() {
        CpuState cpu = new CpuState(system, 0);
        CpuState.cpuAddressSpaceInit(cpu, 2);
        AddressSpace mem = CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem);
        AddressSpace smm = CpuState.cpuAddressSpaceAdd(cpu, 1, "cpu-smm", sysmem);

        cpu.destroyAddressSpaces();

        assertNull(cpu.as());
        assertNull(cpu.addressSpace(0));
        assertNull(cpu.addressSpace(1));
        assertTrue(mem.isDestroyed() && smm.isDestroyed());
        assertTrue(system.addressSpaces().isEmpty());
        assertEquals(2, cpu.numAses(), "the slot array keeps its size");
        CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem);
        assertEquals("cpu-memory-0", cpu.as().name());
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(NullPointerException.class, () -> new CpuState(null, 0));
        assertThrows(IllegalArgumentException.class, () -> new CpuState(system, -1));
    }
}
