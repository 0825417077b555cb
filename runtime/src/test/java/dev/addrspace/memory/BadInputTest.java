package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.mtree.Mtree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every rejected input: a clear exception with every number, and nothing changed. */
class BadInputTest {

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
    private final MemoryRegion box = MemoryRegion.container(ms, "box", 0x1000);
    private final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x800);
    private AddressSpace as;

    @BeforeEach
    void build() {
        box.addSubregion(0x100, ram);
        sys.addSubregion(0x10000, box);
        sys.addSubregion(0x20000, io(ms, "dev", 0x100));
        as = ms.newAddressSpace(sys, "memory");
    }

    private <T extends Throwable> String rejects(Class<T> type, Executable change) {
        String tree = Mtree.treeWithDisabled(ms);
        String flat = Mtree.flat(ms);
        FlatView view = as.flatView();
        long renders = ms.renderCount();
        T e = assertThrows(type, change);
        assertEquals(tree, Mtree.treeWithDisabled(ms), "tree unchanged");
        assertEquals(flat, Mtree.flat(ms), "flat views unchanged");
        assertSame(view, as.flatView(), "published view unchanged");
        assertEquals(renders, ms.renderCount());
        assertEquals(0, ms.transactionDepth());
        return e.getMessage();
    }

    @Test
    void subregionStartingBeyondItsContainer() {
        String m = rejects(IllegalArgumentException.class, () -> box.addSubregion(0x1001, io(ms, "x", 0x10)));
        assertEquals("subregion does not fit its container: addr=0x1001 region=x container=box containerSize=0x1000"
                + " (a subregion must start inside its container or at its end; it may extend past the end and is"
                + " clipped)", m);
        m = rejects(IllegalArgumentException.class, () -> ram.setAddress(0xffffffffffffff00L));
        assertTrue(m.contains("addr=0xffffffffffffff00 region=ram container=box containerSize=0x1000"), m);
        m = rejects(IllegalArgumentException.class, () -> box.setSize(0xff));
        assertTrue(m.contains("addr=0x100 region=ram container=box containerSize=0xff"), m);
    }

    @Test
    void regionWithTwoParents() {
        String m = rejects(IllegalStateException.class, () -> sys.addSubregion(0x40000, ram));
        assertTrue(m.contains("region 'ram' already has a parent 'box' (addr=0x100); cannot add it to 'system'"
                + " at addr=0x40000"), m);
    }

    @Test
    void cycles() {
        MemoryRegion lone = MemoryRegion.container(ms, "lone", 0x100);
        String m = rejects(IllegalArgumentException.class, () -> lone.addSubregion(0, lone));
        assertTrue(m.contains("adding 'lone' to 'lone' would make a cycle of subregions"), m);
        MemoryRegion inner = MemoryRegion.container(ms, "inner", 0x100);
        box.addSubregion(0x900, inner);
        m = rejects(IllegalArgumentException.class, () -> inner.addSubregion(0, sys));
        assertTrue(m.contains("adding 'system' to 'inner' would make a cycle of subregions"), m);
        // loose holds an alias of box's ancestor that shows the window where loose is going: adding loose
        // below box closes a loop that maps the window onto itself, at the same place, forever.
        MemoryRegion loose = MemoryRegion.container(ms, "loose", 0x100);
        loose.addSubregion(0, MemoryRegion.alias(ms, "up", sys, 0x10900, 0x100));
        m = rejects(IllegalArgumentException.class, () -> inner.addSubregion(0, loose));
        assertTrue(m.startsWith("adding 'loose' to 'inner' at addr=0x0 would make the render of address space"
                + " 'memory' (root 'system') endless: alias 'up' re-enters 'system', which the render is already"
                + " inside (loop: 'system' @0x0 -> 'box' @0x10000 -> 'inner' @0x10900 -> 'loose' @0x10900 -> 'up'"
                + " @0x10900 (alias of 'system' from offset 0x10900) -> 'system' @0x0), at the same address"), m);
    }

    @Test
    void aliasLoops() {
        // An alias of its own container at another place renders as QEMU renders it: one turn.
        MemoryRegion self = MemoryRegion.alias(ms, "self", box, 0x100, 0x100);
        box.addSubregion(0xa00, self);
        FlatRange fr = as.flatView().lookup(0x10a00);
        assertSame(ram, fr.region());
        assertEquals(0, fr.offsetInRegion() + (0x10a00 - fr.start()));
        // Moving the window onto itself would loop forever: refused, whichever mutation does it.
        String m = rejects(IllegalArgumentException.class, () -> self.setAliasOffset(0xa00));
        assertTrue(m.startsWith("setting the alias offset of 'self' to 0xa00 would make the render of address"
                + " space 'memory' (root 'system') endless: alias 'self' re-enters 'box'"), m);
        m = rejects(IllegalArgumentException.class, () -> self.setAddress(0x100));
        assertTrue(m.startsWith("moving 'self' to addr=0x100 would make"), m);
        m = rejects(IllegalArgumentException.class, () -> ms.transaction(() -> self.setAddress(0x100)));
        assertTrue(m.startsWith("moving 'self' to addr=0x100 would make"), m);
        // A shift of one byte a turn over a window of 0x100: 255 turns, fine (the window shows only box's
        // own hole and the loop itself: nothing); over 2^64: refused.
        int ranges = as.flatView().rangeCount();
        self.setAliasOffset(0xa01);
        assertNull(as.flatView().lookup(0x10a00));
        assertEquals(ranges - 1, as.flatView().rangeCount());
        MemoryRegion wide = MemoryRegion.container(ms, "wide", SIZE_2_64);
        MemoryRegion creep = MemoryRegion.alias(ms, "creep", wide, 0, SIZE_2_64);
        m = rejects(IllegalArgumentException.class, () -> ms.transaction(() -> {
            wide.addSubregion(1, creep);
            sys.addSubregionOverlap(0, wide, -1);
        }));
        assertTrue(m.contains("alias 'creep' re-enters 'wide'") && m.contains("shifted by 0x1 a turn")
                && m.contains("more than 1024 alias re-entries on one render path"), m);
    }

    @Test
    void aliasLoopsRefusedByEveryMutationThatMakesThem() {
        // A window of 0x100 creeping by one byte a turn: 255 turns. Growing the window to 2^64 would not end.
        MemoryRegion wide = MemoryRegion.container(ms, "wide", 0x100);
        wide.addSubregion(1, MemoryRegion.alias(ms, "creep", wide, 0, SIZE_2_64));
        sys.addSubregionOverlap(0x40000, wide, -1);
        String m = rejects(IllegalArgumentException.class, () -> wide.setSize(SIZE_2_64));
        assertTrue(m.startsWith("resizing 'wide' to 2^64 would make the render of address space 'memory'"), m);
        // Two loops through one container branch: every sequence of their turns is a render path.
        MemoryRegion fork = MemoryRegion.container(ms, "fork", 0x10000);
        fork.addSubregion(0x100, MemoryRegion.alias(ms, "step1", fork, 0, 0x10000));
        sys.addSubregionOverlap(0x80000, fork, -1);
        MemoryRegion step2 = MemoryRegion.alias(ms, "step2", fork, 0, 0x10000);
        m = rejects(IllegalArgumentException.class, () -> fork.addSubregion(0x200, step2));
        assertTrue(m.contains("more than 65536 alias re-entries in one render (the loops branch"), m);
        // A disabled loop is accepted; enabling it is the mutation that would make the render endless.
        MemoryRegion same = MemoryRegion.alias(ms, "same", fork, 0x300, 0x100);
        same.setEnabled(false);
        fork.addSubregion(0x300, same);
        m = rejects(IllegalArgumentException.class, () -> same.setEnabled(true));
        assertTrue(m.startsWith("enabling 'same' would make"), m);
        // A loop that no address space renders is accepted; an address space over it is refused.
        MemoryRegion lone = MemoryRegion.container(ms, "lone", 0x1000);
        lone.addSubregion(0x800, MemoryRegion.alias(ms, "mirror", lone, 0x800, 0x800));
        m = rejects(IllegalArgumentException.class, () -> ms.newAddressSpace(lone, "lone"));
        assertTrue(m.startsWith("creating address space 'lone' would make the render of address space 'lone'"
                + " (root 'lone') endless: alias 'mirror' re-enters 'lone'"), m);
        assertEquals(1, ms.addressSpaces().size());
    }

    @Test
    void rootWalksThatGoRound() {
        // Empty regions render nothing, but QEMU's root walk goes round a full-window, offset-0 alias of
        // the container it is the only child of, forever.
        MemoryRegion t = MemoryRegion.container(ms, "t", 0);
        MemoryRegion other = MemoryRegion.container(ms, "other", 0);
        t.addSubregion(0, other);
        t.addSubregion(0, MemoryRegion.alias(ms, "whole", t, 0, 0));
        AddressSpace over = ms.newAddressSpace(t, "t");
        assertSame(t, over.flatView().root());
        assertEquals(0, over.flatView().rangeCount());
        String m = rejects(IllegalArgumentException.class, () -> t.removeSubregion(other));
        assertTrue(m.startsWith("removing 'other' from 't' would make the render of address space 't' (root 't')"
                + " endless: the flat-view root walk goes round 't' -> 'whole' -> 't' forever"), m);
        m = rejects(IllegalArgumentException.class, () -> other.setEnabled(false));
        assertTrue(m.startsWith("disabling 'other' would make"), m);
        assertSame(t, other.container());
    }

    @Test
    void removingARegionThatIsNotAChild() {
        String m = rejects(IllegalArgumentException.class, () -> sys.removeSubregion(ram));
        assertEquals("region 'ram' is not a subregion of 'system' (its parent is 'box')", m);
        rejects(NullPointerException.class, () -> sys.removeSubregion(null));
    }

    @Test
    void aliasOffsetOutsideItsTarget() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> MemoryRegion.alias(ms, "al", ram, 0x801, 0x10)).getMessage();
        assertEquals("alias offset lies outside its target: offset=0x801 region=al target=ram targetSize=0x800"
                + " (an alias window must start inside its target or at its end; it may extend past the end and is"
                + " clipped)", m);
        MemoryRegion al = MemoryRegion.alias(ms, "al", ram, 0x10, 0x10);
        sys.addSubregion(0x30000, al);
        m = rejects(IllegalArgumentException.class, () -> al.setAliasOffset(0xfffffffffffffff0L));
        assertTrue(m.contains("offset=0xfffffffffffffff0 region=al target=ram targetSize=0x800"), m);
    }

    @Test
    void regionsOfAnotherMemorySystem() {
        MemorySystem other = new MemorySystem();
        MemoryRegion foreign = MemoryRegion.ram(other, "foreign", 0x10);
        String m = rejects(IllegalArgumentException.class, () -> sys.addSubregion(0x50000, foreign));
        assertEquals("subregion of 'system': region 'foreign' belongs to another memory system", m);
        assertThrows(IllegalArgumentException.class, () -> MemoryRegion.alias(ms, "x", foreign, 0, 0x10));
        assertThrows(IllegalArgumentException.class, () -> ms.newAddressSpace(foreign, "x"));
        assertEquals(1, ms.addressSpaces().size());
    }

    @Test
    void wrongKindAndNulls() {
        assertTrue(rejects(IllegalStateException.class, () -> ram.setRomdMode(false)).contains("not a ROM device"));
        assertTrue(rejects(IllegalStateException.class, () -> ram.setAliasOffset(4)).contains("not an alias"));
        assertTrue(rejects(IllegalArgumentException.class, () -> ram.setLog(true, 3)).contains("client=3"));
        assertThrows(NullPointerException.class, () -> MemoryRegion.io(ms, "x", 4, null));
        assertThrows(NullPointerException.class, () -> MemoryRegion.romDevice(ms, "x", 4, null));
        assertThrows(NullPointerException.class, () -> MemoryRegion.iommu(ms, "x", 4, null));
        assertThrows(NullPointerException.class, () -> MemoryRegion.ram(ms, null, 4));
        assertThrows(NullPointerException.class, () -> MemoryRegion.ram(null, "x", 4));
        assertThrows(IllegalStateException.class, ms::commitTransaction);
    }

    @Test
    void listenerMisuse() {
        MemoryListener l = new MemoryListener() {
        };
        as.registerListener(l);
        AddressSpace other = ms.newAddressSpace(box, "box");
        assertThrows(IllegalStateException.class, () -> other.registerListener(l));
        assertThrows(IllegalArgumentException.class, () -> other.unregisterListener(l));
        other.destroy();
        assertThrows(IllegalStateException.class, () -> other.registerListener(new MemoryListener() {
        }));
        assertSame(ms.emptyView(), other.flatView());
    }

    @Test
    void extremesAreAccepted() {
        // Offsets and sizes are unsigned: "negative" longs are large addresses, and 2^64 is SIZE_2_64.
        MemoryRegion top = MemoryRegion.ram(ms, "top", 0x1000);
        sys.addSubregion(0xfffffffffffff000L, top);
        MemoryRegion whole = MemoryRegion.alias(ms, "whole", sys, 0, SIZE_2_64);
        AddressSpace all = ms.newAddressSpace(whole, "all");
        assertSame(as.flatView(), all.flatView());
        assertEquals(0xfffffffffffff000L, as.flatView().lookup(-1L).start());
        assertEquals(-1L, as.flatView().lookup(-1L).last());
    }
}
