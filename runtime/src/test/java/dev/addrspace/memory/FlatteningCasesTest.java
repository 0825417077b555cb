package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.io;
import static dev.addrspace.memory.TestSupport.ranges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.mtree.Mtree;
import org.junit.jupiter.api.Test;

/** Cases 1-26 of section 6 of the model document: flattening. */
class FlatteningCasesTest {

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);

    private AddressSpace as() {
        return ms.newAddressSpace(sys, "memory");
    }

    @Test
    void case01_emptySystemUsesSharedEmptyView() {
        AddressSpace as = as();
        assertSame(ms.emptyView(), as.flatView());
        assertNull(as.flatView().root());
        assertEquals("FlatView #0\n AS \"memory\", root: system\n Root memory region: (none)\n"
                + "  No rendered FlatView\n\n", Mtree.flat(ms));
        assertEquals(0, ms.renderCount());
    }

    @Test
    void case02_singleChildAtZeroIsTheFlatViewRoot() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        sys.addSubregion(0, ram);
        AddressSpace as = as();
        assertSame(ram, as.flatView().root());
        assertEquals("0-fff ram ram 0", ranges(as));
    }

    @Test
    void case03_childNotAtZeroKeepsSystemAsRoot() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        sys.addSubregion(0x1000, ram);
        AddressSpace as = as();
        assertSame(sys, as.flatView().root());
        assertNull(as.flatView().lookup(0));
        assertSame(ram, as.flatView().lookup(0x1000).region());
        assertEquals("1000-1fff ram ram 0", ranges(as));
    }

    @Test
    void case04_higherPriorityWinsAndLowerShowsAround() {
        AddressSpace as = as();
        sys.addSubregionOverlap(0, MemoryRegion.ram(ms, "low", 0x4000), 0);
        sys.addSubregionOverlap(0x1000, io(ms, "hi", 0x1000), 1);
        assertEquals("0-fff low ram 0, 1000-1fff hi i/o 1, 2000-3fff low @2000 ram 0", ranges(as));
    }

    @Test
    void case05_equalPriorityLastAddedWins() {
        AddressSpace as = as();
        sys.addSubregion(0, MemoryRegion.ram(ms, "A", 0x2000));
        sys.addSubregion(0x1000, io(ms, "B", 0x2000));
        assertEquals("0-fff A ram 0, 1000-2fff B i/o 0", ranges(as));

        MemorySystem ms2 = new MemorySystem();
        MemoryRegion sys2 = MemoryRegion.container(ms2, "system", SIZE_2_64);
        AddressSpace as2 = ms2.newAddressSpace(sys2, "memory");
        sys2.addSubregion(0x1000, io(ms2, "B", 0x2000));
        sys2.addSubregion(0, MemoryRegion.ram(ms2, "A", 0x2000));
        assertEquals("0-1fff A ram 0, 2000-2fff B @1000 i/o 0", ranges(as2));
    }

    @Test
    void case06_negativePriorityBackground() {
        AddressSpace as = as();
        sys.addSubregionOverlap(0, io(ms, "bg", 0x10000), -1);
        sys.addSubregion(0x8000, MemoryRegion.ram(ms, "r", 0x1000));
        assertEquals("0-7fff bg i/o -1, 8000-8fff r ram 0, 9000-ffff bg @9000 i/o -1", ranges(as));
    }

    private MemoryRegion docExampleB(boolean bIsIo) {
        MemoryRegion b = bIsIo ? io(ms, "B", 0x4000) : MemoryRegion.container(ms, "B", 0x4000);
        b.addSubregion(0, io(ms, "D", 0x1000));
        b.addSubregion(0x2000, io(ms, "E", 0x1000));
        return b;
    }

    @Test
    void case07_docExampleContainerHolesShowLowerPriority() {
        MemoryRegion a = MemoryRegion.container(ms, "A", 0x8000);
        a.addSubregionOverlap(0x2000, docExampleB(false), 2);
        a.addSubregionOverlap(0, io(ms, "C", 0x6000), 1);
        sys.addSubregion(0, a);
        AddressSpace as = as();
        assertEquals("0-1fff C i/o 1, 2000-2fff D i/o 0, 3000-3fff C @3000 i/o 1, 4000-4fff E i/o 0, "
                + "5000-5fff C @5000 i/o 1", ranges(as));
        assertNull(as.flatView().lookup(0x6000));
    }

    @Test
    void case08_terminatingRegionWithChildrenFillsItsOwnHoles() {
        MemoryRegion a = MemoryRegion.container(ms, "A", 0x8000);
        a.addSubregionOverlap(0x2000, docExampleB(true), 2);
        a.addSubregionOverlap(0, io(ms, "C", 0x6000), 1);
        sys.addSubregion(0, a);
        assertEquals("0-1fff C i/o 1, 2000-2fff D i/o 0, 3000-3fff B @1000 i/o 2, 4000-4fff E i/o 0, "
                + "5000-5fff B @3000 i/o 2", ranges(as()));
    }

    @Test
    void case09_priorityIsLocalToItsContainer() {
        MemoryRegion x = MemoryRegion.container(ms, "X", 0x10000);
        x.addSubregionOverlap(0x1000, io(ms, "Y", 0x1000), -100);
        sys.addSubregionOverlap(0, x, 1);
        sys.addSubregionOverlap(0, io(ms, "Z", 0x4000), 0);
        assertEquals("0-fff Z i/o 0, 1000-1fff Y i/o -100, 2000-3fff Z @2000 i/o 0", ranges(as()));
    }

    @Test
    void case10_aliasesShowTheTargetsName() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        sys.addSubregion(0, MemoryRegion.alias(ms, "lo", ram, 0, 0x8000));
        sys.addSubregion(0x100000, MemoryRegion.alias(ms, "hi", ram, 0x8000, 0x8000));
        assertEquals("0-7fff ram ram 0, 100000-107fff ram @8000 ram 0", ranges(as()));
    }

    @Test
    void case11_adjacentAliasesMergeUnlessUnmergeable() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        sys.addSubregion(0, MemoryRegion.alias(ms, "a1", ram, 0, 0x1000));
        MemoryRegion a2 = MemoryRegion.alias(ms, "a2", ram, 0x1000, 0x1000);
        sys.addSubregion(0x1000, a2);
        AddressSpace as = as();
        assertEquals("0-1fff ram ram 0", ranges(as));
        a2.setUnmergeable(true);
        assertEquals("0-fff ram ram 0, 1000-1fff ram @1000 ram 0", ranges(as));
        assertTrue(as.flatView().range(1).unmergeable());
    }

    @Test
    void case12_aliasOfAContainerWindow() {
        MemoryRegion t = MemoryRegion.container(ms, "T", 0x1000);
        t.addSubregion(0x100, MemoryRegion.ram(ms, "r", 0x100));
        sys.addSubregion(0x1000, MemoryRegion.alias(ms, "A", t, 0x80, 0x200));
        assertEquals("1080-117f r ram 0", ranges(as()));
    }

    @Test
    void case13_aliasHolesFallThrough() {
        sys.addSubregionOverlap(0, MemoryRegion.ram(ms, "ram", 0x10000), 0);
        MemoryRegion t = MemoryRegion.container(ms, "T", 0x10000);
        t.addSubregion(0x2000, io(ms, "dev", 0x1000));
        sys.addSubregionOverlap(0, MemoryRegion.alias(ms, "win", t, 0, 0x10000), 1);
        assertEquals("0-1fff ram ram 0, 2000-2fff dev i/o 0, 3000-ffff ram @3000 ram 0", ranges(as()));
    }

    @Test
    void case14_aliasTargetsOwnMappingIsIgnored() {
        MemoryRegion t = MemoryRegion.ram(ms, "T", 0x1000);
        MemoryRegion other = MemoryRegion.container(ms, "other", SIZE_2_64);
        other.addSubregion(0x5000, t);
        sys.addSubregion(0, MemoryRegion.alias(ms, "al", t, 0, 0x1000));
        sys.addSubregion(0x10000, MemoryRegion.ram(ms, "second", 0x1000));
        AddressSpace as = as();
        AddressSpace otherAs = ms.newAddressSpace(other, "other");
        assertEquals("0-fff T ram 0, 10000-10fff second ram 0", ranges(as));
        assertEquals("5000-5fff T ram 0", ranges(otherAs));
    }

    /**
     * The document's case 14 has the alias as the only child of {@code sys}. Then QEMU's flat-view root
     * walk (memory_region_get_flatview_root, unchanged from 2017 through 7.2 to 2026) goes from sys
     * through the alias to T itself, and generate_memory_topology renders T at its own address: the view
     * is T at 0x5000, and it is shared with "other". Real QEMU wins over the document here.
     */
    @Test
    void case14_qemuQuirk_soleAliasChildSharesTheTargetsViewAtItsOwnAddress() {
        MemoryRegion t = MemoryRegion.ram(ms, "T", 0x1000);
        MemoryRegion other = MemoryRegion.container(ms, "other", SIZE_2_64);
        other.addSubregion(0x5000, t);
        sys.addSubregion(0, MemoryRegion.alias(ms, "al", t, 0, 0x1000));
        AddressSpace as = as();
        assertSame(t, as.flatView().root());
        assertEquals("5000-5fff T ram 0", ranges(as));
    }

    @Test
    void case15_aliasOffsetBeyondItsAddressGivesNegativeBase() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        sys.addSubregion(0, MemoryRegion.alias(ms, "al", ram, 0x8000, 0x1000));
        assertEquals("0-fff ram @8000 ram 0", ranges(as()));
    }

    @Test
    void case16_aliasLargerThanItsTarget() {
        sys.addSubregionOverlap(0, io(ms, "bg", 0x10000), -1);
        sys.addSubregion(0, MemoryRegion.alias(ms, "al", MemoryRegion.ram(ms, "ram", 0x1000), 0, 0x2000));
        assertEquals("0-fff ram ram 0, 1000-ffff bg @1000 i/o -1", ranges(as()));
    }

    @Test
    void case17_enabledAliasOfDisabledTargetRendersNothing() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        ram.setEnabled(false);
        sys.addSubregion(0x1000, MemoryRegion.alias(ms, "al", ram, 0, 0x1000));
        AddressSpace as = as();
        assertEquals("", ranges(as));
        ram.setEnabled(true);
        assertEquals("1000-1fff ram ram 0", ranges(as));
    }

    @Test
    void case18_disabledContainerHidesChildrenButNotSiblings() {
        sys.addSubregionOverlap(0, io(ms, "low", 0x4000), 0);
        MemoryRegion c = MemoryRegion.container(ms, "c", 0x4000);
        c.addSubregion(0x1000, MemoryRegion.ram(ms, "r", 0x1000));
        sys.addSubregionOverlap(0, c, 1);
        AddressSpace as = as();
        String enabled = "0-fff low i/o 0, 1000-1fff r ram 0, 2000-3fff low @2000 i/o 0";
        assertEquals(enabled, ranges(as));
        c.setEnabled(false);
        assertEquals("0-3fff low i/o 0", ranges(as));
        c.setEnabled(true);
        assertEquals(enabled, ranges(as));
    }

    @Test
    void case19_subregionsOfAnAliasAreIgnored() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x2000);
        MemoryRegion al = MemoryRegion.alias(ms, "al", ram, 0, 0x2000);
        al.addSubregionOverlap(0, io(ms, "ignored", 0x1000), 10);
        sys.addSubregion(0x10000, al);
        assertEquals("10000-11fff ram ram 0", ranges(as()));
    }

    @Test
    void case20_zeroSizeRegionRendersNothingAndPrintsAddrToAddr() {
        sys.addSubregion(0x3000, MemoryRegion.ram(ms, "zero", 0));
        sys.addSubregion(0x5000, MemoryRegion.ram(ms, "r", 0x10));
        assertEquals("5000-500f r ram 0", ranges(as()));
        assertTrue(Mtree.tree(ms).contains("    0000000000003000-0000000000003000 (prio 0, ram): zero\n"));
    }

    @Test
    void case21_childClippedByItsContainer() {
        MemoryRegion c = MemoryRegion.container(ms, "c", 0x1000);
        c.addSubregion(0x800, MemoryRegion.ram(ms, "r", 0x1000));
        sys.addSubregion(0x10000, c);
        assertEquals("10800-10fff r ram 0", ranges(as()));
    }

    @Test
    void case22_regionRunningPastTheTopIsClippedAndFlagged() {
        sys.addSubregion(0xfffffffffffff000L, MemoryRegion.ram(ms, "r", 0x2000));
        assertEquals("fffffffffffff000-ffffffffffffffff r ram 0", ranges(as()));
        assertEquals("address-space: memory\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "[DETECTED OVERFLOW!]     fffffffffffff000-0000000000000fff (prio 0, ram): r\n\n", Mtree.tree(ms));
    }

    @Test
    void case23_size2to64() {
        MemoryRegion x = MemoryRegion.ram(ms, "x", SIZE_2_64);
        assertEquals(-1L, x.size());
        sys.addSubregion(0, x);
        AddressSpace as = as();
        FlatRange fr = as.flatView().range(0);
        assertEquals(0, fr.start());
        assertEquals(-1L, fr.last());
        assertEquals(0, fr.size());
        assertTrue(Mtree.tree(ms).contains("0000000000000000-ffffffffffffffff (prio 0, ram): x\n"));
    }

    @Test
    void case24_readonlyAliasRendersAsRom() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x2000);
        MemoryRegion al = MemoryRegion.alias(ms, "al", ram, 0x1000, 0x1000);
        al.setReadonly(true);
        sys.addSubregion(0, al);
        AddressSpace as = as();
        assertEquals("0-fff ram @1000 rom 0", ranges(as));
        assertTrue(Mtree.flat(ms).contains("  0000000000000000-0000000000000fff (prio 0, rom): ram @0000000000001000\n"));
    }

    @Test
    void case25_setAddressReinsertsInFrontOfItsPriorityGroup() {
        MemoryRegion a = MemoryRegion.ram(ms, "A", 0x2000);
        sys.addSubregion(0, a);
        sys.addSubregion(0x1000, io(ms, "B", 0x2000));
        AddressSpace as = as();
        a.setAddress(0x800);
        assertEquals("800-27ff A ram 0, 2800-2fff B @1800 i/o 0", ranges(as));
        long renders = ms.renderCount();
        FlatView before = as.flatView();
        a.setAddress(0x800);
        assertSame(before, as.flatView());
        assertEquals(renders, ms.renderCount());
    }

    @Test
    void case26_findReturnsTheFirstOverlappingRangeClipped() {
        MemoryRegion r1 = MemoryRegion.ram(ms, "r1", 0x1000);
        MemoryRegion r2 = MemoryRegion.ram(ms, "r2", 0x1000);
        sys.addSubregion(0x1000, r1);
        sys.addSubregion(0x2000, r2);
        AddressSpace as = as();
        MemoryRegionSection s = sys.find(0x1800, 0x1000);
        assertNotNull(s);
        assertSame(r1, s.region());
        assertEquals(0x1800, s.offsetWithinAddressSpace());
        assertEquals(0x800, s.offsetWithinRegion());
        assertEquals(0x800, s.size());
        assertSame(as.flatView(), s.flatView());
        assertNull(sys.find(0x8000, 0x100));
        // Relative to a subregion: offsets add up to the root.
        MemoryRegionSection s2 = r2.find(0x10, 4);
        assertSame(r2, s2.region());
        assertEquals(0x2010, s2.offsetWithinAddressSpace());
        // Not under any address space root.
        assertNull(MemoryRegion.ram(ms, "loose", 0x10).find(0, 4));
    }

    @Test
    void viewsAreRepublishedOnlyWhenTheirRegionsChange() {
        MemoryRegion other = MemoryRegion.container(ms, "other", SIZE_2_64);
        other.addSubregion(0x1000, MemoryRegion.ram(ms, "o", 0x1000));
        AddressSpace otherAs = ms.newAddressSpace(other, "other");
        AddressSpace as = as();
        FlatView otherView = otherAs.flatView();
        sys.addSubregion(0x1000, MemoryRegion.ram(ms, "s", 0x1000));
        assertSame(otherView, otherAs.flatView());
        assertNotSame(ms.emptyView(), as.flatView());
    }
}
