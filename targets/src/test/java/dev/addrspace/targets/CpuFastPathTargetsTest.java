package dev.addrspace.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.cpu.PageCache;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.arm.ArmAddressSpaceSlots;
import dev.addrspace.targets.arm.ArmCpu;
import dev.addrspace.targets.i386.X86AddressSpaceSlots;
import dev.addrspace.targets.i386.X86Cpu;
import org.junit.jupiter.api.Test;

/** The CPU fast path through real targets: attrs pick the slot (ARM secure, x86 SMM) and its cache. */
class CpuFastPathTargetsTest {

    private static final MemTxAttrs NS = MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_NON_SECURE);
    private static final MemTxAttrs ROOT = MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_ROOT);

    @Test
    void armSecureAndNonSecureAccessesUseTheirOwnSlotAndCache() {
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        sysmem.addSubregion(0x4000_0000L, MemoryRegion.ram(system, "mach-virt.ram", 0x100_0000L));
        MemoryRegion secure = MemoryRegion.container(system, "secure-memory", MemoryRegion.SIZE_2_64);
        secure.addSubregionOverlap(0, MemoryRegion.alias(system, "secure-sysmem", sysmem, 0, MemoryRegion.SIZE_2_64),
                -1);
        secure.addSubregion(0x0e00_0000L, MemoryRegion.ram(system, "virt.secure-ram", 0x100_0000L));
        CpuState cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(sysmem).el3(true).secureMemory(secure));
        cpu.setHitCounting(true);
        PageCache nsCache = cpu.slot(ArmAddressSpaceSlots.NS).pageCache();
        PageCache sCache = cpu.slot(ArmAddressSpaceSlots.S).pageCache();
        assertSame(nsCache, cpu.pageCacheFor(NS));
        assertSame(sCache, cpu.pageCacheFor(MemTxAttrs.SECURE_ACCESS));
        assertSame(sCache, cpu.pageCacheFor(ROOT), "Root counts as secure");

        AccessResult r = new AccessResult();
        assertEquals(MemTxResult.OK, cpu.stlLe(0x0e00_0000L, 0x5ec0de, MemTxAttrs.SECURE_ACCESS));
        assertEquals(0x5ec0de, cpu.ldlLe(0x0e00_0000L, MemTxAttrs.SECURE_ACCESS, r));
        assertEquals(0, cpu.ldlLe(0x0e00_0000L, NS, r), "secure RAM is invisible to the non-secure world");
        assertEquals(MemTxResult.DECODE_ERROR, r.get());

        cpu.stqLe(0x4000_0000L, 0x1122334455667788L, NS);
        assertEquals(0x1122334455667788L, cpu.ldqLe(0x4000_0000L, MemTxAttrs.SECURE_ACCESS, r),
                "system RAM seen from the secure world through its alias");
        assertEquals(0x1122334455667788L, cpu.ldqLe(0x4000_0000L, NS, r));
        assertEquals(3, sCache.hits() + sCache.misses(), "the secure slot served its accesses");
        long nsHits = nsCache.hits();
        cpu.ldqLe(0x4000_0000L, NS, r);
        assertEquals(nsHits + 1, nsCache.hits());
    }

    @Test
    void x86SmmSeesSmramOnlyWithSecureAttrs() {
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        sysmem.addSubregion(0, MemoryRegion.ram(system, "pc.ram", 0x100_0000L));
        MemoryRegion smram = MemoryRegion.container(system, "smram", 1L << 32);
        smram.addSubregion(0xa_0000L, MemoryRegion.ram(system, "smram-low", 0x2_0000L));
        CpuState cpu = X86Cpu.realizeTcg(system, 0, sysmem);
        AccessResult r = new AccessResult();
        cpu.stlLe(0xa_0000L, 0x0b0b0b0b, MemTxAttrs.UNSPECIFIED);
        assertEquals(0x0b0b0b0b, cpu.ldlLe(0xa_0000L, MemTxAttrs.SECURE_ACCESS, r), "before machine-done");
        PageCache smm = cpu.slot(X86AddressSpaceSlots.SMM).pageCache();
        long flushes = smm.flushes();

        X86Cpu.machineDoneTcg(cpu, smram);
        cpu.stlLe(0xa_0000L, 0x5a5a5a5a, MemTxAttrs.SECURE_ACCESS);
        assertEquals(flushes + 1, smm.flushes(), "the SMM view changed: its cache was flushed");
        assertEquals(0x5a5a5a5a, cpu.ldlLe(0xa_0000L, MemTxAttrs.SECURE_ACCESS, r), "SMRAM in SMM");
        assertEquals(0x0b0b0b0b, cpu.ldlLe(0xa_0000L, MemTxAttrs.UNSPECIFIED, r), "VGA-window RAM outside SMM");
        assertEquals(0x0b0b0b0b, cpu.ldlLe(0xa_0000L, NS, r));
        assertSame(smm, cpu.pageCacheFor(MemTxAttrs.SECURE_ACCESS));
        assertSame(cpu.slot(X86AddressSpaceSlots.MEM).pageCache(), cpu.pageCacheFor(MemTxAttrs.UNSPECIFIED));
    }
}
