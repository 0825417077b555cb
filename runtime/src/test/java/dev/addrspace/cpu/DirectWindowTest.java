package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grant, use and revocation of direct-memory windows. */
class DirectWindowTest {

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
    private final MemoryRegion ram = MemoryRegion.ram(system, "ram", 0x10_0000L);
    private final MemoryRegion rom = MemoryRegion.rom(system, "rom", 0x1000L);
    private final AddressSpace as;
    private final List<DirectWindow> revoked = new ArrayList<>();

    DirectWindowTest() {
        sysmem.addSubregion(0x1000_0000L, ram);
        sysmem.addSubregion(0, rom);
        as = system.newAddressSpace(sysmem, "memory");
    }

    private DirectWindow grant(long addr, long len, int access) {
        return DirectWindow.grant(as, addr, len, access, revoked::add);
    }

    @Test
    void grantClipsToTheRangeAndAccessesTheBlock() {
        DirectWindow w = grant(0x1000_0100L, 0x1000_0000L, DirectWindow.READ_WRITE);
        assertNotNull(w);
        assertEquals(0x1000_0100L, w.start());
        assertEquals(0x100f_ffffL, w.last(), "clipped to the RAM range");
        assertSame(ram.ramBlock(), w.ramBlock());
        assertEquals(0x100, w.blockOffset());
        assertEquals(0x300, w.offsetOf(0x1000_0300L));

        w.store(0x1000_0200L, 4, 0xa1b2c3d4L, false);
        assertEquals(0xa1b2c3d4L, as.ldlLe(0x1000_0200L, MemTxAttrs.UNSPECIFIED) & 0xffff_ffffL);
        as.stqBe(0x1000_0400L, 0x1122334455667788L, MemTxAttrs.UNSPECIFIED);
        assertEquals(0x1122334455667788L, w.load(0x1000_0400L, 8, true));
        byte[] buf = {1, 2, 3, 4, 5};
        w.write(0x100f_fffbL, buf, 0, 5);
        byte[] back = new byte[5];
        w.read(0x100f_fffbL, back, 0, 5);
        assertEquals(List.of(1, 2, 3, 4, 5), List.of((int) back[0], (int) back[1], (int) back[2], (int) back[3],
                (int) back[4]));
        assertThrows(IndexOutOfBoundsException.class, () -> w.load(0x100f_fffcL, 8, false), "crosses the end");
        assertThrows(IndexOutOfBoundsException.class, () -> w.load(0x1000_00ffL, 1, false), "below the start");
        assertTrue(w.isValid());
    }

    @Test
    void permissionsFollowTheRange() {
        assertNull(grant(0, 16, DirectWindow.WRITE), "ROM grants no write");
        DirectWindow r = grant(0, 16, DirectWindow.READ);
        assertNotNull(r);
        assertThrows(IllegalStateException.class, () -> r.store(0, 1, 0, false));
        assertNull(grant(0x2000_0000L, 16, DirectWindow.READ), "a hole grants nothing");
        sysmem.addSubregion(0x3000_0000L, MemoryRegion.io(system, "dev", 0x1000, MmioOps.of((a, s) -> 0,
                (a, v, s) -> { })));
        assertNull(grant(0x3000_0000L, 4, DirectWindow.READ), "MMIO grants nothing");
        MemoryRegion alias = MemoryRegion.alias(system, "ro", ram, 0, 0x1000);
        alias.setReadonly(true);
        sysmem.addSubregion(0x4000_0000L, alias);
        assertNull(grant(0x4000_0000L, 4, DirectWindow.READ_WRITE), "inherited readonly grants no write");
        assertNotNull(grant(0x4000_0000L, 4, DirectWindow.READ));
        assertThrows(IllegalArgumentException.class, () -> grant(0x1000_0000L, 0, DirectWindow.READ));
        assertThrows(IllegalArgumentException.class, () -> grant(0x1000_0000L, 1, 4));
    }

    @Test
    void unmappingRevokesBeforeTheCommitReturnsAndARevokedWindowRefusesUse() {
        DirectWindow w = grant(0x1000_0000L, 0x1000, DirectWindow.READ_WRITE);
        sysmem.removeSubregion(ram);
        assertFalse(w.isValid());
        assertEquals(List.of(w), revoked);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.load(0x1000_0000L, 4, false));
        assertTrue(e.getMessage().contains("revoked"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> w.store(0x1000_0000L, 4, 0, false));
        assertThrows(IllegalStateException.class, () -> w.read(0x1000_0000L, new byte[4], 0, 4));
        assertThrows(IllegalStateException.class, () -> w.write(0x1000_0000L, new byte[4], 0, 4));
        w.revoke();
        assertEquals(1, revoked.size(), "revocation is told once");
    }

    @Test
    void anOverlayOnTheWindowRevokesItButNotOnItsNeighbours() {
        DirectWindow w = grant(0x1000_0000L, 0x1000, DirectWindow.READ_WRITE);
        MemoryRegion far = MemoryRegion.io(system, "far", 0x1000, MmioOps.of((a, s) -> 0, (a, v, s) -> { }));
        sysmem.addSubregionOverlap(0x1008_0000L, far, 1);
        assertTrue(w.isValid(), "the RAM range was split far from the window; its bytes stay mapped");
        system.transaction(() -> {
            MemoryRegion other = MemoryRegion.ram(system, "other", 0x1000);
            sysmem.addSubregion(0x5000_0000L, other);
        });
        assertTrue(w.isValid(), "an unrelated commit keeps it");
        MemoryRegion near = MemoryRegion.io(system, "near", 0x10, MmioOps.of((a, s) -> 0, (a, v, s) -> { }));
        sysmem.addSubregionOverlap(0x1000_0800L, near, 1);
        assertFalse(w.isValid(), "an overlay on the window revokes it");
        assertEquals(List.of(w), revoked);
    }

    @Test
    void readonlyUnderAWriteWindowRevokesItAndReadWindowsSurvive() {
        DirectWindow rw = grant(0x1000_0000L, 0x100, DirectWindow.READ_WRITE);
        DirectWindow r = grant(0x1000_0000L, 0x100, DirectWindow.READ);
        ram.setReadonly(true);
        assertFalse(rw.isValid());
        assertTrue(r.isValid());
        assertEquals(List.of(rw), revoked);
    }

    @Test
    void destroyingTheAddressSpaceRevokesAndRevokeGivesBack() {
        DirectWindow a = grant(0x1000_0000L, 0x100, DirectWindow.READ);
        DirectWindow b = grant(0x1000_1000L, 0x100, DirectWindow.READ);
        b.revoke();
        assertFalse(b.isValid());
        assertEquals(List.of(b), revoked);
        as.destroy();
        assertFalse(a.isValid());
        assertEquals(List.of(b, a), revoked);
        assertNull(grant(0x1000_0000L, 0x100, DirectWindow.READ), "no window on a destroyed address space");
    }
}
