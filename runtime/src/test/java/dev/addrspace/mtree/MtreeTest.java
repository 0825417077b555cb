package dev.addrspace.mtree;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.io;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.TestSupport;
import org.junit.jupiter.api.Test;

/** Golden text of {@code info mtree}, {@code -f} and {@code -D}; case 60 of section 6. */
class MtreeTest {

    private final MemorySystem ms = new MemorySystem();

    @Test
    void modelDocumentExample() {
        MemoryRegion system = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion boardRam = MemoryRegion.ram(ms, "board.ram", 0x10000000);
        system.addSubregion(0, MemoryRegion.alias(ms, "ram-lo", boardRam, 0, 0x8000000));
        system.addSubregionOverlap(0x8000000, io(ms, "uart", 0x1000), 1);
        ms.newAddressSpace(system, "memory");
        ms.newAddressSpace(io(ms, "io", 0x10000), "I/O");
        ms.newAddressSpace(system, "cpu-memory-0");
        assertEquals("address-space: cpu-memory-0\n"
                + "address-space: memory\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "    0000000000000000-0000000007ffffff (prio 0, ram): alias ram-lo @board.ram 0000000000000000-0000000007ffffff\n"
                + "    0000000008000000-0000000008000fff (prio 1, i/o): uart\n"
                + "\n"
                + "address-space: I/O\n"
                + "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
                + "\n"
                + "memory-region: board.ram\n"
                + "  0000000000000000-000000000fffffff (prio 0, ram): board.ram\n"
                + "\n", Mtree.tree(ms));
        assertEquals("FlatView #0\n"
                + " AS \"memory\", root: system\n"
                + " AS \"cpu-memory-0\", root: system\n"
                + " Root memory region: system\n"
                + "  0000000000000000-0000000007ffffff (prio 0, ram): board.ram\n"
                + "  0000000008000000-0000000008000fff (prio 1, i/o): uart\n"
                + "\n"
                + "FlatView #1\n"
                + " AS \"I/O\", root: io\n"
                + " Root memory region: io\n"
                + "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
                + "\n", Mtree.flat(ms));
        assertEquals(Mtree.tree(ms), Mtree.info(ms, false, false));
        assertEquals(Mtree.flat(ms), Mtree.info(ms, true, true));
    }

    @Test
    void case60_childOrderDisabledContainersAndTheAliasQueue() {
        MemoryRegion system = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion target = MemoryRegion.ram(ms, "target", 0x4000);
        MemoryRegion box = MemoryRegion.container(ms, "box", 0x10000);
        box.addSubregion(0x100, io(ms, "inner", 0x100));
        box.setEnabled(false);
        system.addSubregionOverlap(0x2000, io(ms, "p-1", 0x1000), -1);
        system.addSubregionOverlap(0x2000, io(ms, "p5", 0x1000), 5);
        system.addSubregion(0x1000, MemoryRegion.alias(ms, "a1", target, 0, 0x1000));
        system.addSubregion(0x8000, MemoryRegion.alias(ms, "a2", target, 0x1000, 0x1000));
        system.addSubregion(0x20000, box);
        MemoryRegion nv = MemoryRegion.rom(ms, "nvrom", 0x100);
        nv.setNonvolatile(true);
        system.addSubregion(0x30000, nv);
        ms.newAddressSpace(system, "memory");
        String enabledPart = "address-space: memory\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "    0000000000001000-0000000000001fff (prio 0, ram): alias a1 @target 0000000000000000-0000000000000fff\n"
                + "    0000000000002000-0000000000002fff (prio 5, i/o): p5\n"
                + "    0000000000002000-0000000000002fff (prio -1, i/o): p-1\n"
                + "    0000000000008000-0000000000008fff (prio 0, ram): alias a2 @target 0000000000001000-0000000000001fff\n";
        String tail = "    0000000000030000-00000000000300ff (prio 0, nv-rom): nvrom\n"
                + "\n"
                + "memory-region: target\n"
                + "  0000000000000000-0000000000003fff (prio 0, ram): target\n"
                + "\n";
        assertEquals(enabledPart
                + "      0000000000020100-00000000000201ff (prio 0, i/o): inner\n"
                + tail, Mtree.tree(ms));
        assertEquals(enabledPart
                + "    0000000000020000-000000000002ffff (prio 0, i/o): box [disabled]\n"
                + "      0000000000020100-00000000000201ff (prio 0, i/o): inner\n"
                + tail, Mtree.treeWithDisabled(ms));
        assertEquals("FlatView #0\n"
                + " AS \"memory\", root: system\n"
                + " Root memory region: system\n"
                + "  0000000000001000-0000000000001fff (prio 0, ram): target\n"
                + "  0000000000002000-0000000000002fff (prio 5, i/o): p5\n"
                + "  0000000000008000-0000000000008fff (prio 0, ram): target @0000000000001000\n"
                + "  0000000000030000-00000000000300ff (prio 0, nv-rom): nvrom\n"
                + "\n", Mtree.flat(ms));
    }

    /** QEMU prints the overflow prefix even for a disabled region whose line it then hides. */
    @Test
    void overflowPrefixOfAHiddenDisabledRegionLandsOnTheNextLine() {
        MemoryRegion system = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion top = MemoryRegion.ram(ms, "top", 0x2000);
        top.setEnabled(false);
        system.addSubregion(0xfffffffffffff000L, top);
        ms.newAddressSpace(system, "memory");
        ms.newAddressSpace(MemoryRegion.container(ms, "other", 0x1000), "other");
        assertEquals("address-space: memory\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "[DETECTED OVERFLOW!] \n"
                + "address-space: other\n"
                + "  0000000000000000-0000000000000fff (prio 0, i/o): other\n\n", Mtree.tree(ms));
    }

    @Test
    void disabledAliasStillQueuesItsTargetAndRomdLabels() {
        MemoryRegion system = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion flash = MemoryRegion.romDevice(ms, "flash", 0x1000, TestSupport.NO_OPS);
        system.addSubregion(0, flash);
        MemoryRegion bm = MemoryRegion.container(ms, "bus master container", SIZE_2_64);
        MemoryRegion alias = MemoryRegion.alias(ms, "bus master", system, 0, SIZE_2_64);
        alias.setEnabled(false);
        bm.addSubregion(0, alias);
        ms.newAddressSpace(system, "memory");
        ms.newAddressSpace(bm, "gpex-root");
        assertEquals("address-space: memory\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "    0000000000000000-0000000000000fff (prio 0, romd): flash\n"
                + "\n"
                + "address-space: gpex-root\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container\n"
                + "\n"
                + "memory-region: system\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "    0000000000000000-0000000000000fff (prio 0, romd): flash\n"
                + "\n", Mtree.tree(ms));
        assertEquals("FlatView #0\n"
                + " AS \"memory\", root: system\n"
                + " Root memory region: flash\n"
                + "  0000000000000000-0000000000000fff (prio 0, romd): flash\n"
                + "\n"
                + "FlatView #1\n"
                + " AS \"gpex-root\", root: bus master container\n"
                + " Root memory region: (none)\n"
                + "  No rendered FlatView\n"
                + "\n", Mtree.flat(ms));
        flash.setRomdMode(false);
        assertEquals("  0000000000000000-0000000000000fff (prio 0, i/o): flash\n",
                Mtree.flat(ms).lines().filter(l -> l.contains("flash")).skip(1).findFirst().orElse("") + "\n");
    }
}
