package dev.addrspace.targets.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Case 56 and 57 of the model document: ARM slot layouts and index selection. */
class ArmCpuTest {

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);

    {
        sysmem.addSubregion(0x4000_0000L, MemoryRegion.ram(system, "mach-virt.ram", 0x800_0000L));
    }

    /** The slot layout as names, "-" for an empty slot. */
    private static List<String> layout(CpuState cpu) {
        String[] names = new String[cpu.numAses()];
        for (int i = 0; i < names.length; i++) {
            names[i] = cpu.addressSpace(i) == null ? "-" : cpu.addressSpace(i).name();
        }
        return Arrays.asList(names);
    }

    @Test
    void generatedSlotCountIsQemusArmAsIdxMaxPlusOne() {
        assertEquals(4, ArmAddressSpaceSlots.MAX);
        assertEquals(0, ArmAddressSpaceSlots.NS);
        assertEquals(3, ArmAddressSpaceSlots.TAG_S);
        assertEquals("cpu-tag-memory", ArmAddressSpaceSlots.prefixOf(ArmAddressSpace.TAG_S));
        assertSame(ArmAddressSpace.TAG_NS, ArmAddressSpaceSlots.constantAt(2));
    }

    @Test
    void case56_noEl3NoMte() {
        CpuState cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem));
        assertEquals(List.of("cpu-memory-0", "-", "-", "-"), layout(cpu));
        assertFalse(ArmAddressSpaceSlots.hasS(cpu));
        assertSame(cpu.as(), ArmAddressSpaceSlots.ns(cpu));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArmAddressSpaceSlots.s(cpu));
        assertTrue(e.getMessage().contains("ArmAddressSpace.S"), e.getMessage());
    }

    @Test
    void case56_el3WithoutSecureMemoryLinkSharesTheNonSecureRootAndView() {
        CpuState cpu = ArmCpu.realize(system, 1, ArmCpu.Config.of(sysmem).el3(true));
        assertEquals(List.of("cpu-memory-1", "cpu-secure-memory-1", "-", "-"), layout(cpu));
        assertSame(sysmem, ArmAddressSpaceSlots.s(cpu).root());
        assertSame(ArmAddressSpaceSlots.ns(cpu).flatView(), ArmAddressSpaceSlots.s(cpu).flatView());
    }

    @Test
    void case56_mteWithoutEl3UsesSlotsZeroAndTwo() {
        MemoryRegion tag = MemoryRegion.container(system, "tag-memory", MemoryRegion.SIZE_2_64);
        CpuState cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).tagMemory(tag));
        assertEquals(List.of("cpu-memory-0", "-", "cpu-tag-memory-0", "-"), layout(cpu));
        assertSame(tag, ArmAddressSpaceSlots.tagNs(cpu).root());
    }

    @Test
    void case56_virtSecureOnMteOnHasAllFourWithBothTagSpacesNamedAlike() {
        MemoryRegion secure = MemoryRegion.container(system, "secure-memory", MemoryRegion.SIZE_2_64);
        secure.addSubregionOverlap(0, MemoryRegion.alias(system, "secure-sysmem", sysmem, 0, MemoryRegion.SIZE_2_64), -1);
        secure.addSubregion(0x0e00_0000L, MemoryRegion.ram(system, "virt.secure-ram", 0x100_0000L));
        MemoryRegion tag = MemoryRegion.container(system, "tag-memory", MemoryRegion.SIZE_2_64);
        MemoryRegion secureTag = MemoryRegion.container(system, "secure-tag-memory", MemoryRegion.SIZE_2_64);

        for (int n = 0; n < 2; n++) {
            CpuState cpu = ArmCpu.realize(system, n, ArmCpu.Config.of(sysmem).el3(true)
                    .secureMemory(secure).tagMemory(tag).secureTagMemory(secureTag));
            assertEquals(List.of("cpu-memory-" + n, "cpu-secure-memory-" + n, "cpu-tag-memory-" + n,
                    "cpu-tag-memory-" + n), layout(cpu));
            assertSame(secure, ArmAddressSpaceSlots.s(cpu).root());
            assertSame(secureTag, ArmAddressSpaceSlots.tagS(cpu).root());
            assertNotSame(ArmAddressSpaceSlots.ns(cpu).flatView(), ArmAddressSpaceSlots.s(cpu).flatView(),
                    "secure-only RAM gives the secure space its own view");
        }
        assertEquals(8, system.addressSpaces().size());
    }

    @Test
    void case56_kvmRefusesEl3MProfileAndMteWithQemusMessages() {
        IllegalArgumentException el3 = assertThrows(IllegalArgumentException.class, () -> ArmCpu.realize(system, 0,
                ArmCpu.Config.of(sysmem).accel(ArmCpu.Accel.KVM).el3(true)));
        assertEquals("Cannot enable KVM when guest CPU has EL3 enabled", el3.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> ArmCpu.realize(system, 0,
                ArmCpu.Config.of(sysmem).accel(ArmCpu.Accel.KVM).mProfile(false)));
        assertEquals("Cannot enable KVM when using an M-profile guest CPU", m.getMessage());
        MemoryRegion tag = MemoryRegion.container(system, "tag-memory", MemoryRegion.SIZE_2_64);
        assertThrows(IllegalArgumentException.class, () -> ArmCpu.realize(system, 0,
                ArmCpu.Config.of(sysmem).accel(ArmCpu.Accel.KVM).tagMemory(tag)));
        assertTrue(system.addressSpaces().isEmpty(), "a refused realize creates nothing");

        CpuState kvm = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).accel(ArmCpu.Accel.KVM));
        assertEquals(List.of("cpu-memory-0", "-", "-", "-"), layout(kvm));
    }

    @Test
    void mProfileSecurityAddsTheSecureSpace() {
        CpuState cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).mProfile(true));
        assertEquals(List.of("cpu-memory-0", "cpu-secure-memory-0", "-", "-"), layout(cpu));
        CpuState plain = ArmCpu.realize(system, 1, ArmCpu.Config.of(sysmem).mProfile(false));
        assertEquals(List.of("cpu-memory-1", "-", "-", "-"), layout(plain));
    }

    @Test
    void linksThatQemuWouldNotOfferAreRejected() {
        MemoryRegion secure = MemoryRegion.container(system, "secure-memory", MemoryRegion.SIZE_2_64);
        MemoryRegion tag = MemoryRegion.container(system, "tag-memory", MemoryRegion.SIZE_2_64);
        assertThrows(IllegalArgumentException.class,
                () -> ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).secureMemory(secure)));
        assertThrows(IllegalArgumentException.class,
                () -> ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).el3(true).tagMemory(tag)));
        assertThrows(IllegalArgumentException.class,
                () -> ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).el3(true).secureTagMemory(tag)));
        assertTrue(system.addressSpaces().isEmpty());
    }

    @Test
    void case57_indexSelection() {
        CpuState cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).el3(true));
        assertEquals(ArmAddressSpaceSlots.S, cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertEquals(ArmAddressSpaceSlots.NS, cpu.asIndexFromAttrs(MemTxAttrs.NONE));
        assertEquals(ArmAddressSpaceSlots.NS, cpu.asIndexFromAttrs(MemTxAttrs.UNSPECIFIED));
        assertEquals(ArmAddressSpaceSlots.S, cpu.asIndexFromAttrs(MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_ROOT)),
                "Root counts as secure");
        assertEquals(ArmAddressSpaceSlots.NS,
                cpu.asIndexFromAttrs(MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_NON_SECURE)));
        assertEquals(ArmAddressSpaceSlots.NS, cpu.asIndexFromAttrs(MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_REALM)));
        assertEquals(ArmAddressSpaceSlots.TAG_S, ArmCpu.tagAsIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertEquals(ArmAddressSpaceSlots.TAG_NS, ArmCpu.tagAsIndexFromAttrs(MemTxAttrs.NONE));
        assertSame(ArmAddressSpaceSlots.s(cpu), cpu.addressSpace(cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS)));
    }

    @Test
    void cpuAddressSpacesAreNotAddedTwice() {
        CpuState cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem));
        assertThrows(IllegalStateException.class, () -> ArmAddressSpaceSlots.roots().ns(sysmem).init(cpu));
        assertNull(cpu.addressSpace(1));
    }
}
