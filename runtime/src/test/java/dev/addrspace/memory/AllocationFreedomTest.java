package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The access path allocates nothing: RAM, devices (plain, with attrs, guarded), holes, ROM writes, bulk
 * and fixed-size accesses, IOMMU translation. Measured with the thread's allocation counter over a
 * million accesses of each kind after warm-up; exact zero is not asserted (the JIT and the counter
 * itself may allocate a little), only a bound far below one object per access.
 */
class AllocationFreedomTest {

    private static final MemTxAttrs U = MemTxAttrs.UNSPECIFIED;
    private static final int ROUNDS = 1_000_000;
    /** Far below one 16-byte object per access: 1,000,000 accesses may allocate at most 64 KiB. */
    private static final long BOUND = 64 * 1024;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void accessesAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        MemorySystem ms = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(root, "memory");
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x100000);
        root.addSubregion(0, ram);
        root.addSubregion(0x200000, MemoryRegion.rom(ms, "rom", 0x1000));
        root.addSubregion(0x400000, MemoryRegion.ramPreallocated(ms, "prealloc", 0x4000));
        long[] reg = new long[1];
        root.addSubregion(0x300000, MemoryRegion.io(ms, "plain", 0x1000, new MmioOps() {
            @Override
            public long read(long addr, int size) {
                return reg[0];
            }

            @Override
            public void write(long addr, long value, int size) {
                reg[0] = value;
            }

            @Override
            public DeviceEndianness endianness() {
                return DeviceEndianness.BIG;
            }
        }));
        root.addSubregion(0x301000, MemoryRegion.io(ms, "attrs", 0x1000, new MmioOps() {
            @Override
            public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
                if (addr == 0x10) {
                    result.raise(MemTxResult.ERROR);
                }
                return addr;
            }

            @Override
            public AccessConstraints impl() {
                return AccessConstraints.of(1, 1);
            }
        }));
        MemoryRegion dmaRoot = MemoryRegion.container(ms, "dma", MemoryRegion.SIZE_2_64);
        dmaRoot.addSubregion(0, MemoryRegion.iommu(ms, "iommu", 0x100000, new IommuOps() {
            @Override
            public void translate(IommuTlbEntry entry, long addr, int access, int iommuIndex) {
                entry.set(as, addr, addr & ~0xfffL, 0xfff, IommuTlbEntry.PERM_RW);
            }
        }));
        AddressSpace dma = ms.newAddressSpace(dmaRoot, "dma");
        AccessResult res = new AccessResult();
        byte[] buf = new byte[64];

        Runnable[] kinds = {
            () -> as.stlLe(0x1000, 7, U),
            () -> sink(as.ldlLe(0x1000, U, res)),
            () -> sink(as.ldqBe(0x1004, U)),
            () -> sink(as.read(0xff0, U, buf, 0, 64)),
            () -> sink(as.write(0xff0, U, buf, 0, 64)),
            () -> sink(as.ldlLe(0x300000, U, res)),
            () -> sink(as.stlBe(0x300000, 5, U)),
            () -> sink(as.ldlLe(0x301010, U, res)),
            () -> sink(as.read(0x300ff8, U, buf, 0, 16)),
            () -> sink(as.ldlLe(0x900000, U, res)),
            () -> sink(as.read(0x8ffff0, U, buf, 0, 64)),
            () -> sink(as.write(0x200000, U, buf, 0, 8)),
            () -> sink(dma.ldlLe(0x1000, U, res)),
            () -> sink(dma.read(0xff8, U, buf, 0, 16)),
            () -> sink(as.stlLe(0x400010, 7, U)),
            () -> sink(as.ldqLe(0x400ffc, U, res)),
            () -> sink(as.read(0x400ff0, U, buf, 0, 64)),
            () -> sink(as.write(0x400ff0, U, buf, 0, 64)),
        };
        for (Runnable k : kinds) {
            for (int i = 0; i < 20_000; i++) {
                k.run();
            }
        }
        for (int k = 0; k < kinds.length; k++) {
            Runnable kind = kinds[k];
            long before = allocated();
            for (int i = 0; i < ROUNDS; i++) {
                kind.run();
            }
            long grew = allocated() - before;
            assertTrue(grew < BOUND, "kind #" + k + " allocated " + grew + " bytes over " + ROUNDS + " accesses");
        }
        assertEquals(MemTxResult.OK, as.ldlLe(0x1000, U, res) == 7 ? res.get() : -1);
    }

    private static volatile long blackhole;

    private static void sink(long v) {
        blackhole = v;
    }
}
