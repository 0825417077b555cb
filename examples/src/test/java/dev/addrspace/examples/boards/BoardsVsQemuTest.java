package dev.addrspace.examples.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.addrspace.examples.cli.Cli;
import dev.addrspace.mtree.Mtree;
import dev.addrspace.mtree.MtreeDump.FlatRangeLine;
import dev.addrspace.mtree.MtreeDump.FlatViewDump;
import dev.addrspace.mtree.MtreeDump;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The boards' flat views against what real QEMU 7.2 printed for the machines they imitate
 * ({@code runtime/src/test/resources/qemu}). Both sides are parsed with {@link MtreeDump}; a view is
 * matched by its address spaces and root, and its ranges are compared exactly, line for line, over the
 * regions the board has (QEMU's machines have more devices).
 */
class BoardsVsQemuTest {

    /** The view of QEMU's dump whose address-space lines equal ours (QEMU prints views in hash order). */
    private static FlatViewDump sameView(MtreeDump qemu, FlatViewDump ours) {
        List<FlatViewDump> matches = qemu.flatViews().stream()
                .filter(v -> v.addressSpaces().equals(ours.addressSpaces()))
                .toList();
        assertEquals(1, matches.size(), "QEMU views with the address spaces " + ours.addressSpaces());
        FlatViewDump qv = matches.get(0);
        assertEquals(qv.rootRegion(), ours.rootRegion(), "root of " + ours.addressSpaces());
        return qv;
    }

    private static List<FlatRangeLine> named(FlatViewDump view, Set<String> names) {
        return view.ranges().stream().filter(r -> names.contains(r.name())).collect(Collectors.toList());
    }

    @Test
    void armVirtSecureMteMatchesQemuOnEveryRegionItHas() {
        MtreeDump qemu = MtreeDump.parse(Cli.fixture("aarch64-virt-secure-mte", "mtree-f.txt"));
        MtreeDump ours = MtreeDump.parse(Mtree.flat(new ArmVirtBoard().system()));
        Set<String> names = Set.of("virt.flash0", "virt.flash1", "pl011", "virt.secure-ram", "mach-virt.ram",
                "mach-virt.tag", "mach-virt.secure-tag", "io");
        // Every view of the board: memory + cpu-memory-N, I/O, cpu-secure-memory-N, both tag views.
        assertEquals(5, ours.flatViews().size());
        for (FlatViewDump view : ours.flatViews()) {
            FlatViewDump qv = sameView(qemu, view);
            assertEquals(named(qv, names), view.ranges(), "ranges of " + view.addressSpaces());
        }
        // QEMU's secure view: flash0, then everything of system through the priority -1 subregion, secure
        // UART and RAM on top; the tag views: the secure one shows the non-secure tags below its own.
        assertEquals(List.of("virt.flash0", "virt.flash1", "pl011", "pl011", "virt.secure-ram", "mach-virt.ram"),
                ours.flatViewsOf("cpu-secure-memory-0").get(0).ranges().stream().map(FlatRangeLine::name).toList());
        assertEquals(2, ours.flatViewsOf("cpu-tag-memory-1").size());
    }

    @Test
    void armVirtTreeSectionsMatchQemu() {
        MtreeDump qemu = MtreeDump.parse(Cli.fixture("aarch64-virt-secure-mte", "mtree-D.txt"));
        MtreeDump ours = MtreeDump.parse(Mtree.treeWithDisabled(new ArmVirtBoard().system()));
        // The tag groups are QEMU's exactly: same address spaces, same entries.
        for (String root : List.of("tag-memory", "secure-tag-memory")) {
            assertEquals(group(qemu, root), group(ours, root), root);
        }
        // secure-memory and system: QEMU's lines for every region the board has, in QEMU's order.
        Set<String> names = Set.of("secure-memory", "system", "virt.flash0", "virt.flash1", "pl011",
                "virt.secure-ram", "mach-virt.ram");
        for (String root : List.of("secure-memory", "system")) {
            MtreeDump.AddressSpaceGroup q = group(qemu, root);
            MtreeDump.AddressSpaceGroup o = group(ours, root);
            assertEquals(q.addressSpaces(), o.addressSpaces(), root);
            assertEquals(q.stream().filter(e -> names.contains(e.name())).map(BoardsVsQemuTest::line).toList(),
                    o.stream().map(BoardsVsQemuTest::line).toList(), root);
        }
    }

    private static MtreeDump.AddressSpaceGroup group(MtreeDump dump, String root) {
        return dump.addressSpaceGroups().stream()
                .filter(g -> g.root().map(e -> e.name().equals(root)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no group with root " + root));
    }

    @Test
    void x86PcMatchesQemuExceptTheVgaWindow() {
        MtreeDump qemu = MtreeDump.parse(Cli.fixture("x86_64-pc", "mtree-f.txt"));
        MtreeDump ours = MtreeDump.parse(Mtree.flat(new X86PcBoard().system()));
        for (String as : List.of("cpu-memory-0", "cpu-smm-0")) {
            FlatViewDump view = ours.flatViewsOf(as).get(0);
            FlatViewDump qv = sameView(qemu, view);
            // QEMU's dump was taken with -nodefaults: no VGA, so RAM shows through at 0xa0000-0xbffff.
            List<FlatRangeLine> expected = new ArrayList<>(qv.ranges());
            FlatRangeLine lowRam = expected.remove(0);
            assertEquals(new FlatRangeLine(0, 0xbffff, 0, false, MtreeDump.RegionType.RAM, "pc.ram", 0), lowRam);
            expected.add(0, new FlatRangeLine(0, 0x9ffff, 0, false, MtreeDump.RegionType.RAM, "pc.ram", 0));
            expected.add(1, new FlatRangeLine(0xa0000, 0xbffff, 1, false, MtreeDump.RegionType.IO, "vga-lowmem", 0));
            assertEquals(expected, view.ranges(), as);
        }
        // The I/O space: the two ports the board has are where QEMU has them, and unclaimed ports are io.
        FlatViewDump io = ours.flatViewsOf("I/O").get(0);
        FlatViewDump qio = sameView(qemu, io);
        assertEquals(named(qio, Set.of("ioport80", "port92")), named(io, Set.of("ioport80", "port92")));
        assertFalse(named(io, Set.of("io")).isEmpty());
    }

    @Test
    void x86PcTreeOfSmramAndPamMatchesQemu() {
        MtreeDump qemu = MtreeDump.parse(Cli.fixture("x86_64-pc", "mtree-D.txt"));
        MtreeDump ours = MtreeDump.parse(Mtree.treeWithDisabled(new X86PcBoard().system()));
        // smram (disabled at reset) and its smram-low alias; pc.ram and pc.bios, exactly.
        for (String section : List.of("smram", "pc.ram", "pc.bios")) {
            assertEquals(qemu.memoryRegion(section).orElseThrow(), ours.memoryRegion(section).orElseThrow(), section);
        }
        // system: every line QEMU prints (ram-below-4g, pci, smram-region, the 52 PAM aliases, ioapic, hpet,
        // apic-msi) in the same order; ours adds only vga-lowmem inside pci.
        List<String> qemuSystem = lines(qemu.memoryRegion("system").orElseThrow());
        List<String> oursSystem = lines(ours.memoryRegion("system").orElseThrow());
        oursSystem.removeIf(l -> l.contains(" vga-lowmem "));
        assertEquals(qemuSystem, oursSystem);
        // The SMM root: QEMU's TCG shape, exactly.
        assertEquals(group(qemu, "memory"), group(ours, "memory"));
    }

    private static List<String> lines(MtreeDump.RegionSection section) {
        return section.stream().map(BoardsVsQemuTest::line).collect(Collectors.toList());
    }

    /** One printed tree line, without its children. */
    private static String line(MtreeDump.Entry e) {
        return e.level() + " " + Long.toHexString(e.start()) + "-" + Long.toHexString(e.end()) + " " + e.priority()
                + " " + e.type() + " " + e.name() + " " + e.alias() + " " + e.disabled();
    }

    @Test
    void riscvVirtHasOneAddressSpaceAndOneView() {
        String flat = Mtree.flat(new RiscvVirtBoard().system());
        assertEquals("""
                FlatView #0
                 AS "cpu-memory-0", root: system
                 Root memory region: system
                  0000000000001000-000000000000ffff (prio 0, rom): riscv_virt_board.mrom
                  0000000000100000-0000000000100fff (prio 0, i/o): riscv.sifive.test
                  0000000010000000-0000000010000007 (prio 0, i/o): serial
                  0000000020000000-0000000021ffffff (prio 0, romd): virt.flash0
                  0000000022000000-0000000023ffffff (prio 0, romd): virt.flash1
                  0000000080000000-0000000087ffffff (prio 0, ram): riscv_virt_board.ram

                """, flat);
    }
}
