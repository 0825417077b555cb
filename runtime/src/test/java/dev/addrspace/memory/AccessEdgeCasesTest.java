package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Edges of the access path: the top of the 64-bit space, IOMMU indexes and loops, throwing devices. */
class AccessEdgeCasesTest {

    private static final MemTxAttrs U = MemTxAttrs.UNSPECIFIED;

    @Test
    void ramOfTheWholeSpaceAndAccessesThatWrapAtTheTop() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        MemoryRegion all = MemoryRegion.ram(ms, "all", MemoryRegion.SIZE_2_64);
        sys.addSubregion(0, all);
        assertEquals(MemTxResult.OK, as.stqLe(-8, 0x1122334455667788L, U));
        assertEquals(MemTxResult.OK, as.stqLe(0, 0x0102030405060708L, U));
        AccessResult r = new AccessResult();
        assertEquals(0x1122334455667788L, as.ldqLe(-8, U, r));
        assertEquals(MemTxResult.OK, r.get());
        byte[] buf = new byte[16];
        assertEquals(MemTxResult.OK, as.read(-8, U, buf));
        assertArrayEquals(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 8, 7, 6, 5, 4, 3, 2, 1},
                buf, "a bulk access wraps at 2^64 as QEMU's hwaddr does");
        assertEquals(2, all.ramBlock().allocatedPages(), "a 2^64 region costs the two pages written");
        Translation t = as.translate(-8, 0x100, false, U);
        assertEquals(8, t.plen(), "clamped to the end of the RAM range at 2^64");
        assertEquals(-8L, t.xlat());
    }

    @Test
    void ramAtTheTopNextToAHole() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        MemoryRegion top = MemoryRegion.ram(ms, "top", 0x1000);
        sys.addSubregion(-0x1000L, top);
        top.ramBlock().stlLe(0xffc, 0xdeadbeef);
        assertEquals(0xdeadbeef, as.ldlLe(-4, U));
        AccessResult r = new AccessResult();
        assertEquals(0, as.ldqLe(-4, U, r), "runs past 2^64: RAM's unassigned ops refuse it");
        assertEquals(MemTxResult.DECODE_ERROR, r.get());
        byte[] buf = new byte[8];
        assertEquals(MemTxResult.DECODE_ERROR, as.read(-4, U, buf), "wraps into the hole at 0");
        assertArrayEquals(new byte[] {(byte) 0xef, (byte) 0xbe, (byte) 0xad, (byte) 0xde, 0, 0, 0, 0}, buf);
    }

    @Test
    void iommuIndexComesFromTheAttrs() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion mem = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace target = ms.newAddressSpace(mem, "memory");
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        mem.addSubregion(0, ram);
        IommuOps ops = new IommuOps() {
            @Override
            public void translate(IommuTlbEntry entry, long addr, int access, int iommuIndex) {
                // index 1 (secure) may write; index 0 may only read
                entry.set(target, addr, addr, 0xfff, iommuIndex == 1 ? IommuTlbEntry.PERM_RW : IommuTlbEntry.PERM_READ);
            }

            @Override
            public int attrsToIndex(MemTxAttrs attrs) {
                return attrs.secure() ? 1 : 0;
            }

            @Override
            public int numIndexes() {
                return 2;
            }
        };
        MemoryRegion root = MemoryRegion.container(ms, "dma-root", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, MemoryRegion.iommu(ms, "iommu", 0x10000, ops));
        AddressSpace dma = ms.newAddressSpace(root, "dma");
        assertEquals(MemTxResult.DECODE_ERROR, dma.stlLe(0x100, 1, MemTxAttrs.NONE));
        assertEquals(MemTxResult.OK, dma.stlLe(0x100, 0x77, MemTxAttrs.SECURE_ACCESS));
        assertEquals(0x77, dma.ldlLe(0x100, MemTxAttrs.NONE));
        assertEquals(MemTxResult.OK, dma.writeRom(0x200, MemTxAttrs.SECURE_ACCESS, new byte[] {5}, 0, 1));
        assertEquals(5, ram.ramBlock().ldub(0x200));
    }

    @Test
    void iommuLoopIsAClearException() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        AddressSpace[] self = new AddressSpace[1];
        root.addSubregion(0, MemoryRegion.iommu(ms, "loop", 0x10000, new IommuOps() {
            @Override
            public void translate(IommuTlbEntry entry, long addr, int access, int iommuIndex) {
                entry.set(self[0], addr, addr, 0xfff, IommuTlbEntry.PERM_RW);
            }
        }));
        self[0] = ms.newAddressSpace(root, "loop");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> self[0].ldlLe(0x10, U));
        assertTrue(e.getMessage().contains("addr=0x10") && e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void aThrowingDeviceLeavesTheGuardAndResultsClean() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        boolean[] fail = {true};
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "flaky", 0x100, new MmioOps() {
            @Override
            public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
                if (fail[0]) {
                    throw new IllegalStateException("device bug");
                }
                return 9;
            }
        }));
        assertThrows(IllegalStateException.class, () -> as.ldlLe(0x1000, U));
        fail[0] = false;
        AccessResult r = new AccessResult();
        assertEquals(9, as.ldlLe(0x1000, U, r));
        assertEquals(MemTxResult.OK, r.get(), "the guard was released when the callback threw");
    }
}
