package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.io;
import static dev.addrspace.memory.TestSupport.ranges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.TestSupport.Recorder;
import dev.addrspace.mtree.Mtree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases 27-29 (sharing) and 49-54 (transactions and listeners) of section 6. */
class SharingAndListenerCasesTest {

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);

    @Test
    void case27_sameRootSharesOneView() {
        sys.addSubregion(0x1000, MemoryRegion.ram(ms, "ram", 0x1000));
        AddressSpace a = ms.newAddressSpace(sys, "memory");
        AddressSpace b = ms.newAddressSpace(sys, "cpu-memory-0");
        assertSame(a.flatView(), b.flatView());
        assertEquals(1, ms.renderCount());
        assertEquals("FlatView #0\n"
                + " AS \"memory\", root: system\n"
                + " AS \"cpu-memory-0\", root: system\n"
                + " Root memory region: system\n"
                + "  0000000000001000-0000000000001fff (prio 0, ram): ram\n\n", Mtree.flat(ms));
        sys.addSubregion(0x3000, MemoryRegion.ram(ms, "ram2", 0x1000));
        assertSame(a.flatView(), b.flatView());
        assertEquals(2, ms.renderCount());
    }

    @Test
    void case28_rootAliasWithOffsetZeroShares() {
        sys.addSubregion(0x1000, MemoryRegion.ram(ms, "ram", 0x1000));
        sys.addSubregion(0x3000, MemoryRegion.ram(ms, "ram2", 0x1000));
        AddressSpace memory = ms.newAddressSpace(sys, "memory");
        AddressSpace viaAlias = ms.newAddressSpace(MemoryRegion.alias(ms, "a", sys, 0, SIZE_2_64), "dma");
        assertSame(memory.flatView(), viaAlias.flatView());
        assertTrue(Mtree.flat(ms).contains(" AS \"dma\", root: a, alias system\n"));

        AddressSpace shifted = ms.newAddressSpace(MemoryRegion.alias(ms, "b", sys, 0x1000, SIZE_2_64), "shifted");
        assertNotSame(memory.flatView(), shifted.flatView());
        assertEquals("0-fff ram ram 0, 2000-2fff ram2 ram 0", ranges(shifted));
        String flat = Mtree.flat(ms);
        assertTrue(flat.contains("FlatView #1\n AS \"shifted\", root: b, alias system\n Root memory region: b\n"),
                flat);
        // The tree prints the alias window wrapping at 2^64, as QEMU's hwaddr arithmetic does.
        assertTrue(Mtree.tree(ms).contains(
                "  0000000000000000-ffffffffffffffff (prio 0, i/o): alias b @system 0000000000001000-0000000000000fff\n"));
    }

    @Test
    void case29_smramOverlayDefeatsSharingUntilDisabled() {
        sys.addSubregion(0x1000, MemoryRegion.ram(ms, "ram", 0x1000));
        sys.addSubregion(0x3000, MemoryRegion.ram(ms, "ram2", 0x1000));
        AddressSpace memory = ms.newAddressSpace(sys, "memory");
        MemoryRegion c = MemoryRegion.container(ms, "c", SIZE_2_64);
        c.addSubregion(0, MemoryRegion.alias(ms, "a", sys, 0, SIZE_2_64));
        AddressSpace smm = ms.newAddressSpace(c, "cpu-smm-0");
        assertSame(memory.flatView(), smm.flatView());

        MemoryRegion smram = MemoryRegion.ram(ms, "smram", 0x1000);
        MemoryRegion overlay = MemoryRegion.alias(ms, "smram-alias", smram, 0, 0x1000);
        c.addSubregionOverlap(0x1000, overlay, 1);
        assertNotSame(memory.flatView(), smm.flatView());
        assertSame(c, smm.flatView().root());
        // The printed priority is the terminal region's own (smram sits in no container), not the alias's.
        assertEquals("1000-1fff smram ram 0, 3000-3fff ram2 ram 0", ranges(smm));

        overlay.setEnabled(false);
        assertSame(memory.flatView(), smm.flatView());
    }

    @Test
    void case49_registeringReplaysTheView() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        sys.addSubregion(0x2000, ram);
        sys.addSubregion(0x1000, io(ms, "dev", 0x100));
        ram.setLog(true, MemoryRegion.DIRTY_MEMORY_CODE);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        Recorder r = new Recorder();
        as.registerListener(r);
        assertEquals(List.of("begin", "add 1000-10ff dev", "add 2000-2fff ram", "log_start 2000-2fff ram 0->2",
                "commit"), r.log);
        r.log.clear();
        as.unregisterListener(r);
        assertEquals(List.of("begin", "del 1000-10ff dev", "log_stop 2000-2fff ram 2->0", "del 2000-2fff ram",
                "commit"), r.log);
    }

    @Test
    void case50_oneRebuildPerOutermostCommit() {
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        Recorder r = new Recorder();
        as.registerListener(r);
        r.log.clear();
        long renders = ms.renderCount();
        MemoryRegion a = MemoryRegion.ram(ms, "A", 0x1000);
        MemoryRegion b = MemoryRegion.ram(ms, "B", 0x1000);
        ms.beginTransaction();
        ms.transaction(() -> {
            sys.addSubregion(0x1000, a);
            sys.addSubregion(0x3000, b);
        });
        assertEquals(List.of(), r.log);
        sys.removeSubregion(a);
        ms.commitTransaction();
        assertEquals(renders + 1, ms.renderCount());
        assertEquals(List.of("begin", "add 3000-3fff B", "commit"), r.log);
        assertThrows(IllegalStateException.class, ms::commitTransaction);
    }

    @Test
    void case51_attributeChangeDeletesBeforeAdding() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x2000);
        sys.addSubregion(0x1000, ram);
        sys.addSubregion(0x4000, io(ms, "dev", 0x1000));
        MemoryRegion other = MemoryRegion.ram(ms, "other", 0x1000);
        sys.addSubregion(0x8000, MemoryRegion.alias(ms, "al", ram, 0, 0x1000));
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        Recorder r = new Recorder();
        as.registerListener(r);
        r.log.clear();
        ram.setReadonly(true);
        // Every deletion of the address space first; then nops and adds interleaved in address order.
        assertEquals(List.of("begin", "del 1000-2fff ram", "del 8000-8fff ram", "add 1000-2fff ram ro",
                "nop 4000-4fff dev", "add 8000-8fff ram ro", "commit"), r.log);

        r.log.clear();
        other.setEnabled(false);
        sys.addSubregion(0x10000, other);
        r.log.clear();
        other.setReadonly(true);
        assertEquals(List.of(), r.log);
    }

    @Test
    void case52_everyListenerHearsEveryCommit() {
        MemoryRegion otherRoot = MemoryRegion.container(ms, "other", SIZE_2_64);
        otherRoot.addSubregion(0x1000, MemoryRegion.ram(ms, "o", 0x1000));
        otherRoot.addSubregion(0x3000, MemoryRegion.ram(ms, "o2", 0x1000));
        AddressSpace memory = ms.newAddressSpace(sys, "memory");
        AddressSpace otherAs = ms.newAddressSpace(otherRoot, "other");
        AddressSpace empty = ms.newAddressSpace(MemoryRegion.container(ms, "nothing", SIZE_2_64), "empty");
        List<String> log = new ArrayList<>();
        memory.registerListener(new Recorder("m", 0, log));
        otherAs.registerListener(new Recorder("o", 0, log));
        empty.registerListener(new Recorder("e", 0, log));
        log.clear();
        long renders = ms.renderCount();
        sys.addSubregion(0x1000, MemoryRegion.ram(ms, "s", 0x1000));
        assertEquals(List.of("m:begin", "o:begin", "e:begin", "m:add 1000-1fff s", "o:nop 1000-1fff o",
                "o:nop 3000-3fff o2", "m:commit", "o:commit", "e:commit"), log);
        assertEquals(renders + 1, ms.renderCount(), "only the changed view is re-rendered");
    }

    @Test
    void case53_listenerPriorityOrder() {
        MemoryRegion a = MemoryRegion.ram(ms, "a", 0x1000);
        sys.addSubregion(0x1000, a);
        sys.addSubregion(0x3000, MemoryRegion.ram(ms, "b", 0x1000));
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        List<String> log = new ArrayList<>();
        as.registerListener(new Recorder("p10", 10, log));
        as.registerListener(new Recorder("p0", 0, log));
        as.registerListener(new Recorder("p10b", 10, log));
        log.clear();
        sys.removeSubregion(a);
        sys.addSubregion(0x5000, MemoryRegion.ram(ms, "c", 0x1000));
        log.clear();
        a.setAddress(0x7000);
        ms.transaction(() -> sys.addSubregion(0x7000, a));
        assertEquals(List.of("p0:begin", "p10:begin", "p10b:begin",
                "p0:nop 3000-3fff b", "p10:nop 3000-3fff b", "p10b:nop 3000-3fff b",
                "p0:nop 5000-5fff c", "p10:nop 5000-5fff c", "p10b:nop 5000-5fff c",
                "p0:add 7000-7fff a", "p10:add 7000-7fff a", "p10b:add 7000-7fff a",
                "p0:commit", "p10:commit", "p10b:commit"), log);
        log.clear();
        sys.removeSubregion(a);
        assertEquals(List.of("p0:begin", "p10:begin", "p10b:begin",
                "p10b:del 7000-7fff a", "p10:del 7000-7fff a", "p0:del 7000-7fff a",
                "p0:nop 3000-3fff b", "p10:nop 3000-3fff b", "p10b:nop 3000-3fff b",
                "p0:nop 5000-5fff c", "p10:nop 5000-5fff c", "p10b:nop 5000-5fff c",
                "p0:commit", "p10:commit", "p10b:commit"), log);
    }

    @Test
    void case54_setLogGivesNopAndLogStartOnly() {
        MemoryRegion vga = MemoryRegion.ram(ms, "vga", 0x1000);
        sys.addSubregion(0xa0000, vga);
        sys.addSubregion(0, MemoryRegion.ram(ms, "ram", 0x1000));
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        Recorder r = new Recorder();
        as.registerListener(r);
        r.log.clear();
        vga.setLog(true, MemoryRegion.DIRTY_MEMORY_VGA);
        assertEquals(List.of("begin", "nop 0-fff ram", "nop a0000-a0fff vga", "log_start a0000-a0fff vga 0->1",
                "commit"), r.log);
        r.log.clear();
        vga.setLog(false, MemoryRegion.DIRTY_MEMORY_VGA);
        assertEquals(List.of("begin", "nop 0-fff ram", "nop a0000-a0fff vga", "log_stop a0000-a0fff vga 1->0",
                "commit"), r.log);
        assertEquals(0, as.flatView().range(1).dirtyLogMask());
    }
}
