package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behavioural cases 30-48 of the model document, section 6 ("Access and dispatch"). */
class AccessCasesTest {

    private static final MemTxAttrs U = MemTxAttrs.UNSPECIFIED;
    private static final long SIZE_2_64 = MemoryRegion.SIZE_2_64;

    /** A device that records its callbacks and answers from a function of the address. */
    static class Recorder implements MmioOps {
        final List<String> calls = new ArrayList<>();
        AccessConstraints valid = AccessConstraints.VALID_DEFAULT;
        AccessConstraints impl = AccessConstraints.IMPL_DEFAULT;
        DeviceEndianness endianness = DeviceEndianness.LITTLE;
        long readValue = 0x1122334455667788L;

        @Override
        public long read(long addr, int size) {
            calls.add("r " + Long.toHexString(addr) + " " + size);
            return readValue;
        }

        @Override
        public void write(long addr, long value, int size) {
            calls.add("w " + Long.toHexString(addr) + " " + Long.toHexString(value) + " " + size);
        }

        @Override
        public AccessConstraints valid() {
            return valid;
        }

        @Override
        public AccessConstraints impl() {
            return impl;
        }

        @Override
        public DeviceEndianness endianness() {
            return endianness;
        }
    }

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
    private final AddressSpace as = ms.newAddressSpace(sys, "memory");
    private final AccessResult res = new AccessResult();

    @Test
    void case30UnmappedAddressInMemory() {
        byte[] buf = {1, 2, 3, 4};
        assertEquals(MemTxResult.DECODE_ERROR, as.read(0x1000, U, buf));
        assertArrayEquals(new byte[4], buf);
        assertEquals(0, as.ldlLe(0x1000, U, res));
        assertEquals(MemTxResult.DECODE_ERROR, res.get());
        assertEquals(MemTxResult.DECODE_ERROR, as.write(0x1000, U, new byte[] {9, 9}));
        assertEquals(MemTxResult.DECODE_ERROR, as.stlLe(0x1000, 5, U));
        assertEquals(MemTxResult.DECODE_ERROR, as.stqBe(-8, 5, U));
    }

    @Test
    void case31IoSpaceUnclaimedPortsReadAllOnes() {
        MemoryRegion io = MemoryRegion.io(ms, "io", 0x10000, MmioOps.UNASSIGNED_IO);
        AddressSpace ioAs = ms.newAddressSpace(io, "I/O");
        assertEquals(0xff, ioAs.ldub(0x80, U, res));
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(0xffffffff, ioAs.ldlLe(0xcf8, U, res));
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(0xffff, ioAs.lduwLe(0xfffe, U, res));
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(0, ioAs.ldub(0x10000, U, res));
        assertEquals(MemTxResult.DECODE_ERROR, res.get());
        assertEquals(MemTxResult.OK, ioAs.stb(0x80, 1, U));
        byte[] buf = new byte[2];
        assertEquals(MemTxResult.OK, ioAs.read(0x60, U, buf));
        assertArrayEquals(new byte[] {-1, -1}, buf);
    }

    @Test
    void case32BulkReadRunsFromRamIntoAHole() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        sys.addSubregion(0, ram);
        ram.ramBlock().stlLe(0xffc, 0xddccbbaa);
        byte[] buf = new byte[8];
        java.util.Arrays.fill(buf, (byte) 0x55);
        assertEquals(MemTxResult.DECODE_ERROR, as.read(0xffc, U, buf));
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, 0, 0, 0, 0}, buf);
    }

    @Test
    void case33BulkReadSplitByValidMax() {
        Recorder dev = new Recorder();
        dev.valid = AccessConstraints.of(1, 4);
        sys.addSubregion(0x10000, MemoryRegion.io(ms, "dev", 0x100, dev));
        byte[] buf = new byte[8];
        assertEquals(MemTxResult.OK, as.read(0x10008, U, buf));
        assertEquals(List.of("r 8 4", "r c 4"), dev.calls);
        assertArrayEquals(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, (byte) 0x88, 0x77, 0x66, 0x55}, buf);
    }

    @Test
    void case34ValidMaxZeroSplitsAtFourAndAcceptsAnySize() {
        Recorder dev = new Recorder();
        dev.impl = AccessConstraints.of(1, 8);
        sys.addSubregion(0x10000, MemoryRegion.io(ms, "dev", 0x100, dev));
        assertEquals(MemTxResult.OK, as.read(0x10000, U, new byte[8]));
        assertEquals(List.of("r 0 4", "r 4 4"), dev.calls);
        dev.calls.clear();
        assertEquals(0x1122334455667788L, as.ldqLe(0x10000, U, res));
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(List.of("r 0 8"), dev.calls);
    }

    @Test
    void case35ImplMaxOneSplitsAStoreIntoByteLanes() {
        for (DeviceEndianness e : new DeviceEndianness[] {DeviceEndianness.LITTLE, DeviceEndianness.BIG}) {
            MemorySystem m = new MemorySystem();
            MemoryRegion root = MemoryRegion.container(m, "system", SIZE_2_64);
            AddressSpace a = m.newAddressSpace(root, "memory");
            Recorder dev = new Recorder();
            dev.impl = AccessConstraints.of(0, 1);
            dev.endianness = e;
            root.addSubregion(0x1000, MemoryRegion.io(m, "dev", 0x100, dev));
            assertEquals(MemTxResult.OK, a.stlLe(0x1010, 0x11223344, U));
            assertEquals(List.of("w 10 44 1", "w 11 33 1", "w 12 22 1", "w 13 11 1"), dev.calls, e.toString());
        }
    }

    @Test
    void case36ImplMinFourWidensAOneByteReadWithoutAligning() {
        for (DeviceEndianness e : new DeviceEndianness[] {DeviceEndianness.LITTLE, DeviceEndianness.BIG}) {
            MemorySystem m = new MemorySystem();
            MemoryRegion root = MemoryRegion.container(m, "system", SIZE_2_64);
            AddressSpace a = m.newAddressSpace(root, "memory");
            Recorder dev = new Recorder();
            dev.impl = AccessConstraints.of(4, 4);
            dev.endianness = e;
            dev.readValue = 0xa1b2c3d4L;
            root.addSubregion(0x1000, MemoryRegion.io(m, "dev", 0x100, dev));
            int v = a.ldub(0x1001, U, res);
            assertEquals(List.of("r 1 4"), dev.calls, e.toString());
            assertEquals(e == DeviceEndianness.BIG ? 0xa1 : 0xd4, v, e.toString());
            assertEquals(MemTxResult.OK, res.get());
        }
    }

    @Test
    void case37DefaultsSplitUnalignedBulkAndRefuseUnalignedLoad() {
        Recorder dev = new Recorder();
        dev.valid = AccessConstraints.of(1, 4);
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "dev", 0x100, dev));
        assertEquals(MemTxResult.OK, as.read(0x1002, U, new byte[4]));
        assertEquals(List.of("r 2 2", "r 4 2"), dev.calls);
        dev.calls.clear();
        assertEquals(0, as.ldlLe(0x1002, U, res));
        assertEquals(MemTxResult.DECODE_ERROR, res.get());
        assertEquals(List.of(), dev.calls);
    }

    @Test
    void case38ValidMinFourRefusesByteLoad() {
        Recorder dev = new Recorder();
        dev.valid = AccessConstraints.of(4, 4);
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "dev", 0x100, dev));
        assertEquals(0, as.ldub(0x1000, U, res));
        assertEquals(MemTxResult.DECODE_ERROR, res.get());
        assertEquals(List.of(), dev.calls);
    }

    @Test
    void case39AcceptsFalseRefusesWithoutCallback() {
        Recorder dev = new Recorder() {
            @Override
            public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
                return addr != 0x10;
            }
        };
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "dev", 0x100, dev));
        assertEquals(0, as.ldlLe(0x1010, U, res));
        assertEquals(MemTxResult.DECODE_ERROR, res.get());
        assertEquals(MemTxResult.DECODE_ERROR, as.stlLe(0x1010, 1, U));
        assertEquals(List.of(), dev.calls);
        as.ldlLe(0x1014, U, res);
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(List.of("r 14 4"), dev.calls);
    }

    @Test
    void case40WithAttrsResultsAreOred() {
        List<String> calls = new ArrayList<>();
        MmioOps dev = new MmioOps() {
            @Override
            public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
                calls.add("r " + addr + " " + size);
                if (addr == 4) {
                    result.raise(MemTxResult.ERROR);
                }
                return 0x01020304;
            }

            @Override
            public int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
                calls.add("w " + addr + " " + size);
                return addr == 0 ? MemTxResult.ERROR : MemTxResult.OK;
            }
        };
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "dev", 0x100, dev));
        byte[] buf = new byte[8];
        assertEquals(MemTxResult.ERROR, as.read(0x1000, U, buf));
        assertEquals(List.of("r 0 4", "r 4 4"), calls);
        assertArrayEquals(new byte[] {4, 3, 2, 1, 4, 3, 2, 1}, buf);
        assertEquals(MemTxResult.ERROR, as.write(0x1000, U, buf));
        as.ldlLe(0x1008, U, res);
        assertEquals(MemTxResult.OK, res.get());
        as.ldlLe(0x1004, U, res);
        assertEquals(MemTxResult.ERROR, res.get());
    }

    @Test
    void case41AttrsMemoryRefusesDevicesButNotRam() {
        Recorder dev = new Recorder();
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "dev", 0x100, dev));
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        sys.addSubregion(0x2000, ram);
        MemTxAttrs mem = MemTxAttrs.NONE.withMemory(true);
        assertEquals(MemTxResult.ACCESS_ERROR, as.read(0x1000, mem, new byte[4]));
        assertEquals(MemTxResult.ACCESS_ERROR, as.write(0x1000, mem, new byte[4]));
        assertEquals(0, as.ldlLe(0x1000, mem, res));
        assertEquals(MemTxResult.ACCESS_ERROR, res.get());
        assertEquals(List.of(), dev.calls);
        assertEquals(MemTxResult.OK, as.write(0x2000, mem, new byte[] {7, 8}));
        assertEquals(0x0807, as.lduwLe(0x2000, mem, res));
        assertEquals(MemTxResult.OK, res.get());
    }

    @Test
    void case42RomRefusesWritesUnlessDebugOrWriteRom() {
        MemoryRegion rom = MemoryRegion.rom(ms, "rom", 0x1000);
        sys.addSubregion(0x4000, rom);
        rom.ramBlock().stlLe(0, 0x11223344);
        assertEquals(MemTxResult.DECODE_ERROR, as.write(0x4000, U, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals(MemTxResult.DECODE_ERROR, as.stlLe(0x4000, 0x55, U));
        assertEquals(0x11223344, as.ldlLe(0x4000, U, res));
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(MemTxResult.OK, as.write(0x4000, MemTxAttrs.DEBUG_ACCESS, new byte[] {1}));
        assertEquals(0x11223301, as.ldlLe(0x4000, U));
        assertEquals(MemTxResult.OK, as.stwLe(0x4002, 0xbeef, MemTxAttrs.DEBUG_ACCESS));
        assertEquals(0xbeef3301, as.ldlLe(0x4000, U));
        assertEquals(MemTxResult.OK, as.writeRom(0x4004, U, new byte[] {9, 9}, 0, 2));
        assertEquals(0x0909, as.lduwLe(0x4004, U));
    }

    @Test
    void case43RomDeviceRomdOnAndOff() {
        Recorder dev = new Recorder();
        dev.readValue = 0xcafe;
        MemoryRegion flash = MemoryRegion.romDevice(ms, "flash", 0x1000, dev);
        sys.addSubregion(0x8000, flash);
        flash.ramBlock().stlLe(0x10, 0x12345678);
        assertEquals(0x12345678, as.ldlLe(0x8010, U, res));
        assertEquals(List.of(), dev.calls);
        byte[] buf = new byte[4];
        as.read(0x8010, U, buf);
        assertArrayEquals(new byte[] {0x78, 0x56, 0x34, 0x12}, buf);
        assertEquals(MemTxResult.OK, as.stlLe(0x8010, 0xabcd, U));
        assertEquals(List.of("w 10 abcd 4"), dev.calls);
        assertEquals(0x12345678, as.ldlLe(0x8010, U), "the write went to the device, not the backing");
        flash.setRomdMode(false);
        assertEquals("i/o", flash.typeLabel());
        dev.calls.clear();
        assertEquals(0xcafe, as.ldlLe(0x8010, U));
        assertEquals(List.of("r 10 4"), dev.calls);
        flash.setRomdMode(true);
        assertEquals(0x12345678, as.ldlLe(0x8010, U));
    }

    @Test
    void case44ReservationHidesRam() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        sys.addSubregion(0, ram);
        ram.ramBlock().stlLe(0x2000, 0x77);
        sys.addSubregionOverlap(0x2000, MemoryRegion.reservation(ms, "hole", 0x1000), 1);
        assertEquals(0, as.ldlLe(0x2000, U, res));
        assertEquals(MemTxResult.DECODE_ERROR, res.get());
        assertEquals(MemTxResult.DECODE_ERROR, as.stlLe(0x2000, 1, U));
        assertEquals(MemTxResult.DECODE_ERROR, as.read(0x2000, U, new byte[16]));
        assertEquals(0x77, ram.ramBlock().ldlLe(0x2000));
    }

    @Test
    void case45BigEndianDeviceSeenThroughLeAndBeLoads() {
        Recorder dev = new Recorder();
        dev.endianness = DeviceEndianness.BIG;
        dev.readValue = 0x11223344L;
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "dev", 0x100, dev));
        assertEquals(0x11223344, as.ldlBe(0x1000, U));
        assertEquals(0x44332211, as.ldlLe(0x1000, U));
        byte[] buf = new byte[4];
        as.read(0x1000, U, buf);
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33, 0x44}, buf, "bus byte order is the device's");
        as.stlBe(0x1000, 0x11223344, U);
        as.stlLe(0x1000, 0x11223344, U);
        assertEquals(List.of("r 0 4", "r 0 4", "r 0 4", "w 0 11223344 4", "w 0 44332211 4"), dev.calls);
    }

    /** A device that, on a write, reads its own registers through the address space (a DMA loop). */
    static final class Loopback implements MmioOps {
        AddressSpace as;
        final boolean guardOff;
        final boolean lockless;
        final AccessResult inner = new AccessResult();
        long innerValue = -1;

        Loopback(boolean guardOff, boolean lockless) {
            this.guardOff = guardOff;
            this.lockless = lockless;
        }

        @Override
        public long read(long addr, int size) {
            return 0x5a;
        }

        @Override
        public void write(long addr, long value, int size) {
            innerValue = as.ldlLe(0x1000, MemTxAttrs.UNSPECIFIED, inner);
        }

        @Override
        public boolean reentrancyGuardDisabled() {
            return guardOff;
        }

        @Override
        public boolean lockless() {
            return lockless;
        }
    }

    @Test
    void case46ReentrantAccessIsBlockedUnlessOptedOut() {
        boolean[][] variants = {{false, false}, {true, false}, {false, true}};
        for (boolean[] v : variants) {
            MemorySystem m = new MemorySystem();
            MemoryRegion root = MemoryRegion.container(m, "system", SIZE_2_64);
            AddressSpace a = m.newAddressSpace(root, "memory");
            Loopback dev = new Loopback(v[0], v[1]);
            dev.as = a;
            root.addSubregion(0x1000, MemoryRegion.io(m, "loop", 0x100, dev));
            assertEquals(MemTxResult.OK, a.stlLe(0x1000, 1, U));
            boolean blocked = !v[0] && !v[1];
            assertEquals(blocked ? MemTxResult.ACCESS_ERROR : MemTxResult.OK, dev.inner.get(),
                    "guardOff=" + v[0] + " lockless=" + v[1]);
            assertEquals(blocked ? 0 : 0x5a, dev.innerValue);
            // the guard was released: an ordinary access works again
            assertEquals(0x5a, a.ldlLe(0x1000, U, res));
            assertEquals(MemTxResult.OK, res.get());
        }
    }

    @Test
    void case47SubPageMixOfDeviceAndRam() {
        Recorder dev = new Recorder();
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "io", 0x100, dev));
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0xf00);
        sys.addSubregion(0x1100, ram);
        ram.ramBlock().stlLe(0, 0xfeedf00d);
        assertEquals(0xfeedf00d, as.ldlLe(0x1100, U, res));
        assertEquals(MemTxResult.OK, res.get());
        assertEquals(List.of(), dev.calls);
        byte[] buf = new byte[8];
        assertEquals(MemTxResult.OK, as.read(0x10fc, U, buf));
        assertEquals(List.of("r fc 4"), dev.calls);
        assertArrayEquals(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, 0x0d, (byte) 0xf0, (byte) 0xed, (byte) 0xfe}, buf);
        Translation t = as.translate(0x1100, 0x10000, false, U);
        assertSame(ram, t.region());
        assertEquals(0, t.xlat());
        assertEquals(0xf00, t.plen(), "plen clamped to the RAM range");
        Translation io = as.translate(0x1010, 0x10000, false, U);
        assertEquals("io", io.region().name());
        assertEquals(0x10, io.xlat());
        assertEquals(0x10000, io.plen(), "plen not clamped for MMIO");
    }

    @Test
    void case48IommuReadOnlyMapping() {
        MemorySystem m = new MemorySystem();
        MemoryRegion mem = MemoryRegion.container(m, "system", SIZE_2_64);
        AddressSpace target = m.newAddressSpace(mem, "memory");
        MemoryRegion ram = MemoryRegion.ram(m, "ram", 0x100000);
        mem.addSubregion(0, ram);
        ram.ramBlock().stqLe(0x5ff8, 0x0102030405060708L);
        ram.ramBlock().stqLe(0x6000, 0x1112131415161718L);
        List<String> asked = new ArrayList<>();
        IommuOps ops = new IommuOps() {
            @Override
            public void translate(IommuTlbEntry entry, long addr, int access, int iommuIndex) {
                asked.add(Long.toHexString(addr) + " " + access);
                // every 4 KiB page p of the IOMMU maps read-only to page p + 5 of the target
                entry.set(target, addr, (addr & ~0xfffL) + 0x5000, 0xfff, IommuTlbEntry.PERM_READ);
            }
        };
        MemoryRegion dmaRoot = MemoryRegion.container(m, "dma-root", SIZE_2_64);
        dmaRoot.addSubregion(0, MemoryRegion.iommu(m, "iommu", 0x100000, ops));
        AddressSpace dma = m.newAddressSpace(dmaRoot, "dma");

        assertEquals(MemTxResult.DECODE_ERROR, dma.stlLe(0xff8, 1, U), "write to a read-only mapping");
        assertEquals(0x0102030405060708L, dma.ldqLe(0xff8, U, res));
        assertEquals(MemTxResult.OK, res.get());

        Translation t = dma.translate(0xff8, 0x100, false, U);
        assertSame(target, t.addressSpace());
        assertSame(ram, t.region());
        assertEquals(0x5ff8, t.xlat());
        assertEquals(8, t.plen(), "plen clipped to the IOMMU page");
        assertSame(ram, t.section().region());
        assertSame(target.flatView(), t.section().flatView());
        assertEquals(0, t.section().offsetWithinAddressSpace());
        Translation w = dma.translate(0xff8, 0x100, true, U);
        assertTrue(w.isUnassigned());
        assertNull(w.region());

        // a bulk read across the IOMMU page boundary is translated page by page
        byte[] buf = new byte[16];
        assertEquals(MemTxResult.OK, dma.read(0xff8, U, buf));
        assertEquals(0x0102030405060708L, java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0));
        assertEquals(0x1112131415161718L, java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8));
        assertTrue(asked.contains("ff8 1") && asked.contains("1000 1"), asked.toString());
        assertEquals(MemTxResult.DECODE_ERROR, dma.write(0xff8, U, buf));
        assertEquals(0x0102030405060708L, ram.ramBlock().ldqLe(0x5ff8));
    }
}
