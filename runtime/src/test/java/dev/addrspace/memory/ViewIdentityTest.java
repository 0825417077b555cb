package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.addrspace.memory.TestSupport.Recorder;
import org.junit.jupiter.api.Test;

/**
 * The published view object changes exactly when a view's content changes (the per-CPU page caches of
 * {@code dev.addrspace.cpu} compare view identity), and listeners hear the same as before.
 */
class ViewIdentityTest {

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
    private final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);

    {
        sys.addSubregion(0, ram);
        // a second child, so that the flat-view root is "system" throughout (a single child at 0 would
        // be the root itself, and a root change is a view change)
        sys.addSubregion(0x10_0000, MemoryRegion.ram(ms, "high", 0x1000));
    }

    @Test
    void anEqualReRenderKeepsThePublishedView() {
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        FlatView before = as.flatView();
        MemoryRegion hidden = MemoryRegion.ram(ms, "hidden", 0x1000);
        long renders = ms.renderCount();
        sys.addSubregionOverlap(0x2000, hidden, -1);
        hidden.setEnabled(false);
        hidden.setEnabled(true);
        assertEquals(renders + 3, ms.renderCount(), "the view was re-rendered each time");
        assertSame(before, as.flatView(), "to the same ranges: the published object is kept");
        sys.addSubregionOverlap(0x2000, io(), 1);
        assertNotSame(before, as.flatView(), "a changed view is a new object");
    }

    @Test
    void dirtyLogChangesPublishANewView() {
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        FlatView before = as.flatView();
        ram.setLog(true, MemoryRegion.DIRTY_MEMORY_MIGRATION);
        assertNotSame(before, as.flatView());
    }

    @Test
    void listenersHearOnlyNopsForAnEqualReRender() {
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        Recorder rec = new Recorder();
        as.registerListener(rec);
        rec.log.clear();
        MemoryRegion hidden = MemoryRegion.ram(ms, "hidden", 0x1000);
        sys.addSubregionOverlap(0x2000, hidden, -1);
        assertEquals(java.util.List.of("begin", "nop 0-ffff ram", "nop 100000-100fff high", "commit"), rec.log);
    }

    private MemoryRegion io() {
        return TestSupport.io(ms, "dev", 0x100);
    }
}
