package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The device entries on their own: what they take, what they refuse, and what they answer. */
class IoEntriesTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion root = MemoryRegion.container(system, "root", MemoryRegion.SIZE_2_64);
    private final AddressSpace as = system.newAddressSpace(root, "as");
    private final long[] regs = new long[4];
    private final MmioOps ops = new MmioOps() {
        @Override
        public long read(long addr, int size) {
            return regs[(int) (addr >>> 3) & 3] + addr;
        }

        @Override
        public void write(long addr, long value, int size) {
            regs[(int) (addr >>> 3) & 3] = value;
        }
    };

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new IoEntries(0, 12));
        assertThrows(IllegalArgumentException.class, () -> new IoEntries(3, 12));
        assertThrows(IllegalArgumentException.class, () -> new IoEntries(256, 6));
        assertThrows(IllegalArgumentException.class, () -> new IoEntries(256, 31));
        assertThrows(NullPointerException.class, () -> new IoEntries(256, 12).fill(null, 0, 0));
    }

    @Test
    void cachesDevicesOnlyAndAnswersAsTheAddressSpace() {
        root.addSubregion(0x1000, MemoryRegion.ram(system, "ram", 0x1000));
        root.addSubregion(0x2000, MemoryRegion.rom(system, "rom", 0x1000));
        root.addSubregion(0x3040, MemoryRegion.io(system, "dev", 0x20, ops));
        final MemoryRegion flash = MemoryRegion.romDevice(system, "flash", 0x1000, ops);
        root.addSubregion(0x4000, flash);
        final IoEntries io = new IoEntries(16, 12);
        final FlatView v = as.flatView();
        assertFalse(io.fill(v, 0x1000, 1), "RAM");
        assertFalse(io.fill(v, 0x2000, 2), "ROM");
        assertFalse(io.fill(v, 0x3000, 3), "a hole before the device");
        assertFalse(io.fill(v, 0x4000, 4), "a ROM device in romd mode");
        assertTrue(io.fill(v, 0x3048, 3));
        final int i = 3;
        assertTrue(io.servesLoad(i, 0x3040));
        assertTrue(io.servesLoad(i, 0x305f));
        assertFalse(io.servesLoad(i, 0x303f), "below the range");
        assertFalse(io.servesLoad(i, 0x3060), "past the range");
        assertFalse(io.servesLoad(i, 0x13048), "another page with the same index");
        assertTrue(io.servesStore(i, 0x3050));
        assertEquals(MemTxResult.OK, io.store(i, 0x3050, 8, 0x1122334455667788L, false, A));
        final AccessResult r = new AccessResult();
        assertEquals(as.ldqLe(0x3050, A, null), io.load(i, 0x3050, 8, false, A, r));
        assertEquals(MemTxResult.OK, r.get());
        assertEquals(as.ldlBe(0x3050, A, null), io.load(i, 0x3050, 4, true, A, r) & 0xffff_ffffL);
        // the full size, past the range's end, as the address space's fixed-size path
        assertEquals(as.ldqLe(0x305c, A, null), io.load(i, 0x305c, 8, false, A, r));
        flash.setRomdMode(false);
        assertTrue(io.fill(as.flatView(), 0x4010, 4), "a ROM device out of romd mode");
        assertEquals(as.ldlLe(0x4010, A, null), (int) io.load(4, 0x4010, 4, false, A, r));
        io.clear();
        assertFalse(io.servesLoad(i, 0x3040));
        assertFalse(io.servesStore(4, 0x4010));
        assertEquals("IoEntries[0 of 16 used]", io.toString());
    }
}
