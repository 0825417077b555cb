package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.ranges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publication through shared view cells, deterministically: the address spaces that show one view read
 * it through one cell, a commit writes that cell and leaves the address spaces alone, and a cell that a
 * group left is never written again (its readers would otherwise see another root's view) while the
 * groups that stay move to a fresh cell.
 */
class ViewCellPublicationTest {

    private static final int CPUS = 16;
    private static final long SMRAM_BASE = 0xa0000L;

    private MemorySystem ms;
    private MemoryRegion sys;
    private MemoryRegion smram;
    private final List<AddressSpace> memory = new ArrayList<>();
    private final List<AddressSpace> smm = new ArrayList<>();
    /** Each CPU's SMRAM alias (priority 1 in its SMM root). */
    private final List<MemoryRegion> smramAlias = new ArrayList<>();
    private int extra;

    /** x86's layout with sharing on: per CPU an AS over system memory and one over its own SMM root. */
    @BeforeEach
    void machine() {
        ms = new MemorySystem();
        ms.setShareEqualViews(true);
        sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        sys.addSubregion(0, MemoryRegion.ram(ms, "pc.ram", 0x8000000));
        // two children: the root resolves to itself, as a board's system memory does
        sys.addSubregion(0xfec00000L, TestSupport.io(ms, "ioapic", 0x1000));
        smram = MemoryRegion.container(ms, "smram", 0x100000000L);
        smram.addSubregion(SMRAM_BASE, MemoryRegion.ram(ms, "smram-low", 0x20000));
        smram.addSubregion(0x200000, MemoryRegion.ram(ms, "smram-other", 0x20000));
        for (int i = 0; i < CPUS; i++) {
            memory.add(ms.newAddressSpace(sys, "cpu-memory-" + i));
            MemoryRegion root = MemoryRegion.container(ms, "memory", SIZE_2_64);
            root.addSubregion(0, MemoryRegion.alias(ms, "memory", sys, 0, SIZE_2_64));
            MemoryRegion alias = MemoryRegion.alias(ms, "smram", smram, SMRAM_BASE, 0x20000);
            root.addSubregionOverlap(SMRAM_BASE, alias, 1);
            smramAlias.add(alias);
            smm.add(ms.newAddressSpace(root, "cpu-smm-" + i));
        }
    }

    /** A change to system memory: every view changes. */
    private void changeSystemMemory() {
        sys.addSubregion(0x10000000L + 0x1000L * extra, MemoryRegion.ram(ms, "extra" + extra, 0x1000));
        extra++;
    }

    /**
     * Where {@code as} reads its view: the cell it shares, or the address space itself when its view is
     * published to it alone.
     */
    private static Object slot(AddressSpace as) {
        return as.direct() != null ? as : as.cell();
    }

    /** The cell {@code as} shares; fails when its view is published to it alone. */
    private static ViewCell cell(AddressSpace as) {
        assertNull(as.direct(), as.name() + " reads its view directly, not through a cell");
        return as.cell();
    }

    private static Set<Object> cells(List<AddressSpace> spaces) {
        Set<Object> s = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AddressSpace as : spaces) {
            s.add(slot(as));
        }
        return s;
    }

    @Test
    void oneCellPerViewAndACommitWritesTheCellsOnly() {
        ViewCell memCell = cell(memory.get(0));
        ViewCell smmCell = cell(smm.get(0));
        assertEquals(Set.of(memCell), cells(memory));
        assertEquals(Set.of(smmCell), cells(smm));
        FlatView memBefore = memCell.view;
        FlatView smmBefore = smmCell.view;
        long renders = ms.renderCount();
        int generation = ms.viewGeneration();

        changeSystemMemory();

        assertEquals(2, ms.renderCount() - renders);
        assertEquals(generation + 1, ms.viewGeneration());
        // the same cells, holding the new views: no address space was written
        assertEquals(Set.of(memCell), cells(memory));
        assertEquals(Set.of(smmCell), cells(smm));
        assertNotSame(memBefore, memCell.view);
        assertNotSame(smmBefore, smmCell.view);
        for (int i = 0; i < CPUS; i++) {
            assertSame(memCell.view, memory.get(i).flatView());
            assertSame(smmCell.view, smm.get(i).flatView());
        }
        assertTrue(ranges(smm.get(3)).contains("10000000-10000fff extra0 ram"), ranges(smm.get(3)));
    }

    @Test
    void aGroupThatLeavesRetiresTheCellAndTheOthersMoveToAFreshOne() {
        ViewCell shared = cell(smm.get(0));
        FlatView atSplit = shared.view;

        // CPU 7's SMRAM window now shows other SMRAM: its root no longer equals the others'
        smramAlias.get(7).setAliasOffset(0x200000);

        Object seven = slot(smm.get(7));
        ViewCell others = cell(smm.get(0));
        assertSame(smm.get(7), seven, "the only reader of its view reads it directly");
        assertNotSame(shared, seven);
        assertNotSame(shared, others, "the groups that stay must not keep the cell the leaver may still hold");
        assertNotSame(seven, others);
        List<AddressSpace> rest = new ArrayList<>(smm);
        rest.remove(7);
        assertEquals(Set.of(others), cells(rest));
        assertTrue(ranges(smm.get(7)).contains("a0000-bffff smram-other"), ranges(smm.get(7)));
        assertTrue(ranges(smm.get(0)).contains("a0000-bffff smram-low"), ranges(smm.get(0)));
        // the retired cell still shows what CPU 7 saw before the split, and is never written again
        assertSame(atSplit, shared.view);
        for (int i = 0; i < 3; i++) {
            changeSystemMemory();
            assertSame(atSplit, shared.view);
        }
        assertSame(others, slot(smm.get(0)));
        assertSame(seven, slot(smm.get(7)));
        assertTrue(ranges(smm.get(7)).contains("10002000-10002fff extra2"), ranges(smm.get(7)));
        assertTrue(ranges(smm.get(0)).contains("10002000-10002fff extra2"), ranges(smm.get(0)));
    }

    @Test
    void aGroupThatJoinsUsesTheCellOfTheGroupItJoinsAndTheGroupItLeftMovesOn() {
        smramAlias.get(7).setAliasOffset(0x200000);
        smramAlias.get(8).setAliasOffset(0x200000);
        assertSame(slot(smm.get(7)), slot(smm.get(8)));
        ViewCell seven = cell(smm.get(7));
        ViewCell others = cell(smm.get(0));
        FlatView othersView = others.view;

        // CPU 3 now equals CPUs 7 and 8: it joins their view, and leaves the others'
        smramAlias.get(3).setAliasOffset(0x200000);

        // joining is safe (the cell's readers see the joiner's view too): CPUs 7 and 8 keep their cell
        assertSame(seven, slot(smm.get(7)));
        assertSame(seven, slot(smm.get(8)));
        assertSame(seven, slot(smm.get(3)));
        assertEquals(ranges(smm.get(7)), ranges(smm.get(3)));
        // the others' cell was left: retired, the others on a fresh one
        ViewCell rest = cell(smm.get(0));
        assertNotSame(others, rest);
        assertSame(rest, slot(smm.get(15)));
        changeSystemMemory();
        assertSame(othersView, others.view, "a cell CPU 3 left is never written again");
        assertSame(seven, slot(smm.get(3)));
        assertSame(rest, slot(smm.get(0)));
        assertTrue(ranges(smm.get(3)).contains("a0000-bffff smram-other") && ranges(smm.get(3)).contains("extra0"),
                ranges(smm.get(3)));
        assertTrue(ranges(smm.get(0)).contains("a0000-bffff smram-low") && ranges(smm.get(0)).contains("extra0"),
                ranges(smm.get(0)));
    }

    @Test
    void aGroupMovedTwiceInOneTransactionEndsOnTheRightCell() {
        ViewCell shared = cell(smm.get(0));
        ms.transaction(() -> {
            smramAlias.get(7).setAliasOffset(0x200000);
            changeSystemMemory();
            smramAlias.get(7).setAliasOffset(SMRAM_BASE);
        });
        assertSame(shared, slot(smm.get(7)));
        assertEquals(Set.of(shared), cells(smm));
        assertTrue(ranges(smm.get(7)).contains("extra0"), ranges(smm.get(7)));
    }

    @Test
    void destroyingTheLastAddressSpaceOfASharingRootRetiresTheCell() {
        ViewCell shared = cell(smm.get(0));
        FlatView before = shared.view;
        int generation = ms.viewGeneration();
        smm.get(5).destroy();
        assertSame(ms.emptyView(), smm.get(5).flatView());
        assertEquals(generation + 1, ms.viewGeneration());
        // the others still read the retired cell (its view is theirs) until the next publication
        assertSame(before, smm.get(0).flatView());
        changeSystemMemory();
        assertSame(before, shared.view, "the destroyed CPU's readers may hold the retired cell");
        List<AddressSpace> rest = new ArrayList<>(smm);
        rest.remove(5);
        assertEquals(1, cells(rest).size());
        assertNotSame(shared, slot(rest.get(0)));
        assertTrue(ranges(rest.get(0)).contains("extra0"), ranges(rest.get(0)));
        assertSame(ms.emptyView(), smm.get(5).flatView());
    }

    @Test
    void destroyingOneOfSeveralAddressSpacesOverOneRootKeepsTheCell() {
        ViewCell mem = cell(memory.get(0));
        memory.get(3).destroy();
        changeSystemMemory();
        assertSame(mem, slot(memory.get(0)));
        assertSame(ms.emptyView(), memory.get(3).flatView());
        assertTrue(ranges(memory.get(4)).contains("extra0"), ranges(memory.get(4)));
    }

    @Test
    void anAddressSpaceWithListenersHasItsOwnCellAndReturnsWhenTheyLeave() {
        AddressSpace cpu2 = smm.get(2);
        ViewCell shared = cell(cpu2);
        TestSupport.Recorder rec = new TestSupport.Recorder();
        int generation = ms.viewGeneration();
        cpu2.registerListener(rec);
        assertNotSame(shared, slot(cpu2));
        assertSame(shared.view, cpu2.flatView(), "a cell of its own, the same view");
        assertEquals(generation, ms.viewGeneration());
        rec.log.clear();

        changeSystemMemory();

        assertSame(shared.view, cpu2.flatView());
        assertNotSame(shared, slot(cpu2));
        assertEquals(List.of("begin", "add 10000000-10000fff extra0", "commit"), filterNops(rec.log));
        cpu2.unregisterListener(rec);
        // back on the shared cell at the next publication
        changeSystemMemory();
        assertSame(shared, slot(cpu2));
        assertSame(shared.view, cpu2.flatView());
    }

    @Test
    void anAddressSpaceCreatedInsideAnOpenTransactionMovesToItsGroupsCellAtTheCommit() {
        ViewCell mem = cell(memory.get(0));
        ms.beginTransaction();
        changeSystemMemory();
        AddressSpace late = ms.newAddressSpace(sys, "late");
        assertNotSame(mem, slot(late));
        assertTrue(ranges(late).contains("extra0"), "a private render of the current tree");
        assertFalse(ranges(memory.get(0)).contains("extra0"));
        ms.commitTransaction();
        assertSame(mem, slot(late));
        assertSame(memory.get(0).flatView(), late.flatView());
    }

    @Test
    void turningSharingOffAndOnMovesEveryAddressSpaceToFreshCells() {
        ViewCell shared = cell(smm.get(0));
        FlatView before = shared.view;
        ms.setShareEqualViews(false);
        changeSystemMemory();
        assertEquals(CPUS, cells(smm).size(), "one view, and one cell, per SMM root");
        assertSame(before, shared.view);
        ms.setShareEqualViews(true);
        changeSystemMemory();
        assertEquals(1, cells(smm).size());
        assertFalse(cells(smm).contains(shared));
        assertSame(before, shared.view);
        assertTrue(ranges(smm.get(CPUS - 1)).contains("extra1"), ranges(smm.get(CPUS - 1)));
    }

    @Test
    void withoutSharingTheAddressSpacesOverOneRootStillShareOneCell() {
        MemorySystem plain = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(plain, "system", SIZE_2_64);
        root.addSubregion(0, MemoryRegion.ram(plain, "ram", 0x1000));
        root.addSubregion(0x8000, MemoryRegion.ram(plain, "high", 0x1000));
        List<AddressSpace> spaces = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            spaces.add(plain.newAddressSpace(root, "cpu-memory-" + i));
        }
        ViewCell cell = cell(spaces.get(0));
        assertEquals(Set.of(cell), cells(spaces));
        root.addSubregion(0x1000, MemoryRegion.ram(plain, "more", 0x1000));
        assertEquals(Set.of(cell), cells(spaces));
        assertEquals("0-fff ram ram 0, 1000-1fff more ram 0, 8000-8fff high ram 0", ranges(spaces.get(7)));
        // nothing mapped: the empty cell, never written
        MemoryRegion empty = MemoryRegion.container(plain, "nothing", 0x1000);
        AddressSpace none = plain.newAddressSpace(empty, "none");
        assertSame(plain.emptyCell(), slot(none));
        assertSame(plain.emptyView(), none.flatView());
        empty.addSubregion(0, MemoryRegion.ram(plain, "now", 0x1000));
        assertNotSame(plain.emptyCell(), slot(none));
        assertSame(plain.emptyView(), plain.emptyCell().view);
        assertEquals("0-fff now ram 0", ranges(none));
    }

    private static List<String> filterNops(List<String> log) {
        List<String> out = new ArrayList<>();
        for (String s : log) {
            if (!s.startsWith("nop")) {
                out.add(s);
            }
        }
        return out;
    }
}
