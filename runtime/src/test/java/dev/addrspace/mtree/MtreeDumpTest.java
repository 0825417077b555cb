package dev.addrspace.mtree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.FlatView;
import dev.addrspace.mtree.MtreeDump.AddressSpaceGroup;
import dev.addrspace.mtree.MtreeDump.Alias;
import dev.addrspace.mtree.MtreeDump.DispatchSection;
import dev.addrspace.mtree.MtreeDump.Entry;
import dev.addrspace.mtree.MtreeDump.FlatRangeLine;
import dev.addrspace.mtree.MtreeDump.FlatViewDump;
import dev.addrspace.mtree.MtreeDump.RegionSection;
import dev.addrspace.mtree.MtreeDump.RegionType;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MtreeDumpTest {

    private static final List<String> MACHINES = List.of("aarch64-virt", "aarch64-virt-secure-mte",
            "aarch64-raspi3b", "arm-vexpress-a9", "x86_64-pc", "x86_64-q35", "x86_64-pc-smp2", "x86_64-isapc",
            "x86_64-microvm");

    // ---- fixtures -----------------------------------------------------------------------------------

    private static Path fixtureRoot() {
        try {
            return Path.of(MtreeDumpTest.class.getResource("/qemu/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> fixtures() throws IOException {
        Path root = fixtureRoot();
        try (Stream<Path> files = Files.walk(root)) {
            List<String> all = files.filter(p -> p.toString().endsWith(".txt"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
            return all.stream();
        }
    }

    static Stream<String> machines() {
        return MACHINES.stream();
    }

    private static String read(String fixture) {
        try {
            return Files.readString(fixtureRoot().resolve(fixture), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MtreeDump dump(String fixture) {
        return MtreeDump.parse(read(fixture));
    }

    private static Entry entryNamed(Stream<Entry> entries, String name) {
        List<Entry> found = entries.filter(e -> e.name().equals(name)).toList();
        assertEquals(1, found.size(), () -> "entries named " + name + ": " + found);
        return found.get(0);
    }

    private static AddressSpaceGroup onlyGroup(MtreeDump d, String addressSpace) {
        List<AddressSpaceGroup> groups = d.groupsOf(addressSpace);
        assertEquals(1, groups.size(), () -> "groups of " + addressSpace);
        return groups.get(0);
    }

    private static FlatViewDump onlyView(MtreeDump d, String addressSpace) {
        List<FlatViewDump> views = d.flatViewsOf(addressSpace);
        assertEquals(1, views.size(), () -> "views of " + addressSpace);
        return views.get(0);
    }

    @Test
    void everyMachineHasItsFixtures() throws IOException {
        Set<String> files = fixtures().collect(Collectors.toSet());
        for (String m : MACHINES) {
            for (String f : List.of("mtree.txt", "mtree-f.txt", "mtree-D.txt")) {
                assertTrue(files.contains(m + "/" + f), m + "/" + f);
            }
        }
        assertTrue(files.contains("aarch64-virt/mtree-f-d.txt"));
        assertTrue(files.contains("x86_64-pc/mtree-f-d.txt"));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureParses(String fixture) {
        MtreeDump d = dump(fixture);
        boolean flat = fixture.contains("/mtree-f");
        assertEquals(!flat, d.hasTree(), fixture);
        assertEquals(flat, d.hasFlatViews(), fixture);
        if (flat) {
            assertEquals(fixture.endsWith("-d.txt"),
                    d.flatViews().stream().anyMatch(FlatViewDump::hasDispatch), fixture);
            for (int i = 0; i < d.flatViews().size(); i++) {
                assertEquals(i, d.flatViews().get(i).number(), fixture);
            }
        } else {
            assertFalse(d.addressSpaceGroups().isEmpty(), fixture);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureRoundTripsByteForByte(String fixture) {
        String text = read(fixture);
        assertEquals(text, MtreePrinter.print(MtreeDump.parse(text)), fixture);
    }

    @ParameterizedTest
    @MethodSource("machines")
    void hidingDisabledEntriesOfTheDashDDumpGivesThePlainDump(String machine) {
        // Both were printed by one QEMU process, so groups and sections come in the same order.
        MtreeDump withDisabled = dump(machine + "/mtree-D.txt");
        assertEquals(read(machine + "/mtree.txt"), MtreePrinter.print(withDisabled, e -> !e.disabled()));
    }

    @ParameterizedTest
    @MethodSource("machines")
    void treeAndFlatViewNameTheSameAddressSpaces(String machine) {
        Set<String> inTree = dump(machine + "/mtree.txt").addressSpaceGroups().stream()
                .flatMap(g -> g.addressSpaces().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inFlat = dump(machine + "/mtree-f.txt").flatViews().stream()
                .flatMap(v -> v.addressSpaces().stream().map(a -> a.name()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inTree, inFlat);
    }

    @ParameterizedTest
    @MethodSource("machines")
    void everyAliasTargetHasAMemoryRegionSection(String machine) {
        MtreeDump d = dump(machine + "/mtree-D.txt");
        Stream.concat(d.addressSpaceGroups().stream().flatMap(AddressSpaceGroup::stream),
                        d.memoryRegions().stream().flatMap(RegionSection::stream))
                .filter(Entry::isAlias)
                .forEach(e -> assertTrue(d.memoryRegion(e.alias().target()).isPresent(), e.toString()));
    }

    // ---- spot checks against the fixtures -----------------------------------------------------------

    @Test
    void virtRamAndItsFlatRange() {
        MtreeDump d = dump("aarch64-virt/mtree.txt");
        AddressSpaceGroup g = onlyGroup(d, "memory");
        assertEquals(List.of("cpu-memory-0", "memory"), g.addressSpaces());
        Entry system = g.root().orElseThrow();
        assertEquals("system", system.name());
        assertEquals(0L, system.start());
        assertEquals(-1L, system.end());
        assertEquals(-1L, system.size());
        assertEquals(BigInteger.ONE.shiftLeft(64), system.sizeExact());

        Entry ram = entryNamed(g.stream(), "mach-virt.ram");
        assertEquals(2, ram.level());
        assertEquals(0x4000_0000L, ram.start());
        assertEquals(0x47ff_ffffL, ram.end());
        assertEquals(128L << 20, ram.size());
        assertEquals(RegionType.RAM, ram.type());
        assertEquals(0, ram.priority());
        assertFalse(ram.isAlias() || ram.disabled() || ram.overflow() || ram.nonVolatile());
        assertTrue(ram.children().isEmpty());

        Entry ecam = entryNamed(g.stream(), "pcie-ecam");
        assertEquals(new Alias("pcie-mmcfg-mmio", 0, 0x0fff_ffffL), ecam.alias());
        assertEquals(0x40_1000_0000L, ecam.start());

        FlatViewDump view = onlyView(dump("aarch64-virt/mtree-f.txt"), "memory");
        assertEquals("system", view.rootRegion());
        FlatRangeLine flatRam = view.ranges().stream().filter(r -> r.name().equals("mach-virt.ram"))
                .findFirst().orElseThrow();
        assertEquals(new FlatRangeLine(0x4000_0000L, 0x47ff_ffffL, 0, false, RegionType.RAM, "mach-virt.ram", 0),
                flatRam);
        FlatRangeLine mmioHigh = view.ranges().get(view.ranges().size() - 1);
        assertEquals("gpex_mmio_window", mmioHigh.name());
        assertEquals(0x80_0000_0000L, mmioHigh.offsetInRegion());
    }

    @Test
    void x86PcAliasLinesKeepTheirOffsetRange() {
        MtreeDump d = dump("x86_64-pc/mtree.txt");
        AddressSpaceGroup memory = onlyGroup(d, "memory");
        Entry pci = entryNamed(memory.stream(), "pci");
        assertEquals(-1, pci.priority());
        assertEquals(3, pci.children().size());

        Entry isaBios = pci.children().get(1);
        assertEquals("isa-bios", isaBios.name());
        assertEquals(3, isaBios.level());
        assertEquals(0xe_0000L, isaBios.start());
        assertEquals(0xf_ffffL, isaBios.end());
        assertEquals(1, isaBios.priority());
        assertEquals(RegionType.ROM, isaBios.type());
        assertEquals(new Alias("pc.bios", 0x2_0000L, 0x3_ffffL), isaBios.alias());

        Entry ramBelow4g = memory.root().orElseThrow().children().get(0);
        assertEquals("ram-below-4g", ramBelow4g.name());
        assertEquals(RegionType.RAM, ramBelow4g.type());
        assertEquals(new Alias("pc.ram", 0, 0x7ff_ffffL), ramBelow4g.alias());

        long pamPci = memory.stream().filter(e -> e.name().equals("pam-pci")).count();
        assertEquals(13, pamPci);

        Entry apicMsi = entryNamed(memory.stream(), "apic-msi");
        assertEquals(4096, apicMsi.priority());
    }

    @Test
    void memoryRegionSections() {
        MtreeDump d = dump("x86_64-pc/mtree-D.txt");
        assertEquals(List.of("pc.bios", "pc.ram", "pci", "smram", "system"),
                d.memoryRegions().stream().map(RegionSection::name).sorted().toList());

        RegionSection pci = d.memoryRegion("pci").orElseThrow();
        Entry root = pci.root().orElseThrow();
        assertEquals(-1, root.priority());
        assertEquals(List.of("pc.rom", "isa-bios", "pc.bios"), root.children().stream().map(Entry::name).toList());

        // A memory-region section prints the target at its own address, from base 0.
        Entry bios = d.memoryRegion("pc.bios").orElseThrow().root().orElseThrow();
        assertEquals(0xfffc_0000L, bios.start());
        assertEquals(0xffff_ffffL, bios.end());
        assertEquals(RegionType.ROM, bios.type());

        // smram is disabled: with -D it is shown and flagged ...
        Entry smram = d.memoryRegion("smram").orElseThrow().root().orElseThrow();
        assertTrue(smram.disabled());
        assertEquals("smram-low", smram.children().get(0).name());
        // ... and without -D the section starts directly with its child, at level 2.
        RegionSection hidden = dump("x86_64-pc/mtree.txt").memoryRegion("smram").orElseThrow();
        assertTrue(hidden.root().isEmpty());
        assertEquals(1, hidden.entries().size());
        assertEquals(2, hidden.entries().get(0).level());
        assertEquals(new Alias("pc.ram", 0xa_0000L, 0xb_ffffL), hidden.entries().get(0).alias());
    }

    @Test
    void disabledRegionsInTheDashDDump() {
        MtreeDump d = dump("x86_64-pc/mtree-D.txt");
        Entry io = onlyGroup(d, "I/O").root().orElseThrow();
        Entry pm = io.children().get(0);
        assertEquals("piix4-pm", pm.name());
        assertTrue(pm.disabled());
        assertEquals(0x3fL, pm.end());
        assertEquals(List.of("acpi-evt", "acpi-cnt", "acpi-tmr"), pm.children().stream().map(Entry::name).toList());
        assertFalse(pm.children().get(0).disabled());

        Entry busMaster = onlyGroup(d, "PIIX3").root().orElseThrow().children().get(0);
        assertEquals("bus master", busMaster.name());
        assertTrue(busMaster.disabled());
        assertEquals(new Alias("system", 0, -1L), busMaster.alias());

        long disabledPam = onlyGroup(d, "memory").stream().filter(e -> e.disabled() && e.name().startsWith("pam-"))
                .count();
        assertEquals(39, disabledPam);
    }

    @Test
    void withoutDashDChildrenOfAHiddenRegionKeepTheirLevel() {
        Entry io = onlyGroup(dump("x86_64-pc/mtree.txt"), "I/O").root().orElseThrow();
        Entry acpiEvt = io.children().get(0);
        assertEquals("acpi-evt", acpiEvt.name());
        assertEquals(3, acpiEvt.level());
        assertEquals(1, io.level());
        assertTrue(io.stream().noneMatch(Entry::disabled));
    }

    @Test
    void flatViewCountsAndTheEmptyView() {
        assertEquals(3, dump("aarch64-virt/mtree-f.txt").flatViews().size());
        assertEquals(6, dump("aarch64-virt-secure-mte/mtree-f.txt").flatViews().size());
        assertEquals(4, dump("aarch64-raspi3b/mtree-f.txt").flatViews().size());
        assertEquals(2, dump("arm-vexpress-a9/mtree-f.txt").flatViews().size());
        assertEquals(4, dump("x86_64-pc/mtree-f.txt").flatViews().size());
        assertEquals(4, dump("x86_64-q35/mtree-f.txt").flatViews().size());
        assertEquals(5, dump("x86_64-pc-smp2/mtree-f.txt").flatViews().size());
        assertEquals(2, dump("x86_64-isapc/mtree-f.txt").flatViews().size());
        assertEquals(2, dump("x86_64-microvm/mtree-f.txt").flatViews().size());

        FlatViewDump none = onlyView(dump("x86_64-pc/mtree-f.txt"), "PIIX3");
        assertNull(none.rootRegion());
        assertTrue(none.root().isEmpty());
        assertFalse(none.isRendered());
        assertEquals(List.of("i440FX", "PIIX3", "piix3-ide", "PIIX4_PM"),
                none.addressSpaces().stream().map(a -> a.name()).toList());
        assertEquals("bus master container", none.addressSpaces().get(0).root());
        assertNull(none.addressSpaces().get(0).rootAlias());
    }

    @Test
    void flatRangesOfX86Pc() {
        FlatViewDump view = onlyView(dump("x86_64-pc/mtree-f.txt"), "memory");
        assertEquals(List.of("memory", "cpu-memory-0"), view.addressSpaces().stream().map(a -> a.name()).toList());
        assertEquals(8, view.ranges().size());
        assertEquals(new FlatRangeLine(0xe_0000L, 0xf_ffffL, 0, false, RegionType.ROM, "pc.bios", 0x2_0000L),
                view.ranges().get(2));
        assertEquals(new FlatRangeLine(0x10_0000L, 0x7ff_ffffL, 0, false, RegionType.RAM, "pc.ram", 0x10_0000L),
                view.ranges().get(3));

        FlatViewDump smm = onlyView(dump("x86_64-pc/mtree-f.txt"), "cpu-smm-0");
        assertEquals("memory", smm.rootRegion());
    }

    @Test
    void dispatchDumpIsKeptAsRawLines() {
        MtreeDump d = dump("aarch64-virt/mtree-f-d.txt");
        FlatViewDump io = onlyView(d, "I/O");
        assertEquals("    Physical sections", io.dispatch().get(0));
        assertEquals("      #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]", io.dispatch().get(1));
        assertEquals("      #1 @0000000000000000..000000000000ffff io [not dirty] [ROOT]", io.dispatch().get(2));
        assertEquals("\t 16..511  skip=0  ptr=#0", io.dispatch().get(io.dispatch().size() - 1));
        assertFalse(onlyView(d, "gpex-root").hasDispatch());
        assertTrue(onlyView(d, "gpex-root").dispatchSections().isEmpty());
        assertEquals(List.of(new DispatchSection(0, 0, -1L, "(noname)", List.of("[unassigned]")),
                new DispatchSection(1, 0, 0xffffL, "io", List.of("[not dirty]", "[ROOT]"))),
                io.dispatchSections());

        FlatViewDump memory = onlyView(d, "memory");
        List<DispatchSection> sections = memory.dispatchSections();
        assertEquals(memory.dispatch().stream().filter(l -> l.startsWith("      #")).count(), sections.size());
        for (int i = 0; i < sections.size(); i++) {
            assertEquals(i, sections.get(i).index());
        }
        assertEquals(new DispatchSection(8, 0x902_0000L, 0x902_0fffL, "(noname)", List.of()), sections.get(8));
        assertEquals(new DispatchSection(51, 0x4000_0000L, 0x47ff_ffffL, "mach-virt.ram", List.of("[MRU]")),
                sections.get(51));
        assertEquals(List.of("[ROM]"), sections.get(2).labels());
        // Apart from the dispatch blocks, -f -d is the -f dump.
        MtreeDump plain = dump("aarch64-virt/mtree-f.txt");
        assertEquals(plain.flatViews().size(), d.flatViews().size());
        for (FlatViewDump v : plain.flatViews()) {
            FlatViewDump withDispatch = d.flatViewsOf(v.addressSpaces().get(0).name()).get(0);
            assertEquals(v.ranges(), withDispatch.ranges());
            assertEquals(v.addressSpaces(), withDispatch.addressSpaces());
        }
    }

    @Test
    void namesWithSpacesAndPunctuation() {
        Entry timer = entryNamed(onlyGroup(dump("arm-vexpress-a9/mtree.txt"), "memory").stream(), "a9gtimer shared");
        assertEquals(0x1e00_0200L, timer.start());

        AddressSpaceGroup gpu = onlyGroup(dump("aarch64-raspi3b/mtree.txt"), "dwc2");
        assertEquals(List.of("bcm2835-dma-memory", "bcm2835-fb-memory", "bcm2835-property-memory", "dwc2"),
                gpu.addressSpaces());
        List<Entry> ramAliases = gpu.stream().filter(e -> e.name().equals("bcm2835-gpu-ram-alias[*]")).toList();
        assertEquals(4, ramAliases.size());
        assertTrue(ramAliases.stream().allMatch(e -> e.alias().target().equals("ram")));
    }

    @Test
    void smpAndSecureMachinesRepeatPerCpuSpaces() {
        MtreeDump smp = dump("x86_64-pc-smp2/mtree.txt");
        assertEquals(1, smp.groupsOf("cpu-smm-0").size());
        assertEquals(1, smp.groupsOf("cpu-smm-1").size());
        assertEquals(List.of("cpu-memory-0", "cpu-memory-1", "memory"), onlyGroup(smp, "memory").addressSpaces());

        // QEMU 7.2 names the secure and non-secure tag spaces alike, so the name is in two groups.
        MtreeDump mte = dump("aarch64-virt-secure-mte/mtree.txt");
        List<AddressSpaceGroup> tags = mte.groupsOf("cpu-tag-memory-0");
        assertEquals(2, tags.size());
        Entry tagMemory = tags.stream().map(g -> g.root().orElseThrow()).filter(e -> e.name().equals("tag-memory"))
                .findFirst().orElseThrow();
        assertEquals(0x07ff_ffff_ffff_fffeL, tagMemory.end());
        assertEquals(-1, tagMemory.priority());
        assertEquals(2, dump("aarch64-virt-secure-mte/mtree-f.txt").flatViewsOf("cpu-tag-memory-1").size());
    }

    // ---- tolerance ----------------------------------------------------------------------------------

    private static final String SMALL = String.join("\n",
            "address-space: cpu-memory-0",
            "address-space: memory",
            "  0000000000000000-ffffffffffffffff (prio 0, i/o): system",
            "    0000000000000000-0000000007ffffff (prio 0, ram): alias ram-lo @board.ram 0000000000000000-0000000007ffffff",
            "    0000000008000000-0000000008000fff (prio 1, i/o): uart",
            "",
            "memory-region: board.ram",
            "  0000000000000000-000000000fffffff (prio 0, ram): board.ram",
            "",
            "FlatView #0",
            " AS \"memory\", root: system",
            " AS \"cpu-memory-0\", root: system",
            " Root memory region: system",
            "  0000000000000000-0000000007ffffff (prio 0, ram): board.ram",
            "  0000000008000000-0000000008000fff (prio 1, i/o): uart",
            "",
            "");

    @Test
    void treeAndFlatViewInOneText() {
        MtreeDump d = MtreeDump.parse(SMALL);
        assertTrue(d.hasTree());
        assertTrue(d.hasFlatViews());
        assertEquals(SMALL, MtreePrinter.print(d));
    }

    @Test
    void crlfTrailingWhiteSpaceAndExtraBlankLinesAreTolerated() throws IOException {
        MtreeDump expected = MtreeDump.parse(SMALL);
        String messy = "\r\n\n" + SMALL.replace("\n", " \t\r\n").replace("memory-region:", "\r\n\r\nmemory-region:");
        assertEquals(expected, MtreeDump.parse(messy));
        assertEquals(expected, MtreeDump.parse(new StringReader(messy)));
        assertEquals(expected, MtreeDump.parse(SMALL.stripTrailing()));
    }

    @Test
    void readerAndStringGiveTheSameModel() throws IOException {
        String text = read("x86_64-q35/mtree-D.txt");
        assertEquals(MtreeDump.parse(text), MtreeDump.parse(new StringReader(text)));
    }

    @Test
    void overflowPrefixNonVolatileAndRareTypes() {
        String text = String.join("\n",
                "address-space: memory",
                "  0000000000000000-ffffffffffffffff (prio 0, i/o): system",
                "[DETECTED OVERFLOW!]     0000000140000000-00000000bfffffff (prio 0, i/o): max_ram",
                "    0000000200000000-0000000200000fff (prio -5, nv-ram): nvram (bank 0)/x",
                "[DETECTED OVERFLOW!]       0000000200000000-0000000200000000 (prio 2147483647, ramd): zero",
                "    0000000300000000-0000000300000fff (prio -2147483648, nv-i/o): alias a @b @c 0000000000001000-0000000000001fff [disabled]",
                "",
                "memory-region: b @c",
                "  0000000000000000-0000000000ffffff (prio 0, romd): b @c",
                "",
                "");
        MtreeDump d = MtreeDump.parse(text);
        List<Entry> all = d.addressSpaceGroups().get(0).stream().toList();
        Entry maxRam = all.get(1);
        assertTrue(maxRam.overflow());
        assertEquals(2, maxRam.level());
        assertEquals(0x1_4000_0000L, maxRam.start());
        assertEquals(0xbfff_ffffL, maxRam.end());

        Entry nvram = all.get(2);
        assertEquals("nvram (bank 0)/x", nvram.name());
        assertTrue(nvram.nonVolatile());
        assertEquals(RegionType.RAM, nvram.type());
        assertEquals(-5, nvram.priority());

        Entry zero = all.get(3);
        assertTrue(zero.overflow());
        assertEquals(3, zero.level());
        assertEquals(List.of(zero), nvram.children());
        assertEquals(1, zero.size());
        assertEquals(Integer.MAX_VALUE, zero.priority());
        assertEquals(RegionType.RAMD, zero.type());

        Entry alias = all.get(4);
        assertEquals("a", alias.name());
        assertEquals(new Alias("b @c", 0x1000, 0x1fff), alias.alias());
        assertTrue(alias.disabled());
        assertTrue(alias.nonVolatile());
        assertEquals(Integer.MIN_VALUE, alias.priority());
        assertEquals(RegionType.ROMD, d.memoryRegion("b @c").orElseThrow().root().orElseThrow().type());

        assertEquals(text, MtreePrinter.print(d));
    }

    @Test
    void overflowPrefixAfterTheIndentationIsAlsoRead() {
        String qemu = "address-space: a\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "[DETECTED OVERFLOW!]     0000000140000000-00000000bfffffff (prio 0, i/o): max_ram\n";
        String edited = qemu.replace("[DETECTED OVERFLOW!]     ", "    [DETECTED OVERFLOW!] ");
        assertEquals(MtreeDump.parse(qemu), MtreeDump.parse(edited));
    }

    @Test
    void flatViewWithRootAliasAndZeroOffsetInName() {
        String text = String.join("\n",
                "FlatView #3",
                " AS \"cpu-secure-memory-0\", root: sec, alias secure-memory",
                " Root memory region: secure-memory",
                "  0000000000000000-0000000000000fff (prio 0, nv-rom): weird @0000000000000000",
                "  0000000000001000-0000000000001fff (prio 0, i/o): io @0000000000000010",
                "",
                "");
        FlatViewDump v = MtreeDump.parse(text).flatViews().get(0);
        assertEquals(3, v.number());
        assertEquals("sec", v.addressSpaces().get(0).root());
        assertEquals("secure-memory", v.addressSpaces().get(0).rootAlias());
        assertEquals("weird @0000000000000000", v.ranges().get(0).name());
        assertEquals(0, v.ranges().get(0).offsetInRegion());
        assertTrue(v.ranges().get(0).nonVolatile());
        assertEquals(0x10, v.ranges().get(1).offsetInRegion());
        assertEquals(text, MtreePrinter.print(MtreeDump.parse(text)));
    }

    // ---- malformed input ----------------------------------------------------------------------------

    private static MtreeFormatException reject(String text) {
        return assertThrows(MtreeFormatException.class, () -> MtreeDump.parse(text));
    }

    private static void assertRejectedAt(int line, String offending, String text) {
        MtreeFormatException e = reject(text);
        assertEquals(line, e.lineNumber(), e.getMessage());
        assertEquals(offending, e.lineText());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(offending), e.getMessage());
    }

    @Test
    void oddIndentationIsRejectedWithItsLineNumber() {
        String bad = "   0000000000000000-0000000000000fff (prio 0, ram): three-spaces";
        assertRejectedAt(3, bad, "address-space: memory\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + bad + "\n");
    }

    @Test
    void crlfLinesAreCountedOnce() {
        String bad = "  0000000000000000-fffffffffffffff (prio 0, i/o): fifteen-digit-end";
        assertRejectedAt(4, bad, "\r\naddress-space: memory\r\naddress-space: other\r\n" + bad + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "  000000000000000g-ffffffffffffffff (prio 0, i/o): bad-hex",
        "  0000000000000000-ffffffffffffffff (prio 0, rum): bad-type",
        "  0000000000000000-ffffffffffffffff (prio x, i/o): bad-prio",
        "  0000000000000000-ffffffffffffffff (prio 0,i/o): no-space",
        "  0000000000000000-ffffffffffffffff prio 0, i/o: no-parens",
        "0000000000000000-ffffffffffffffff (prio 0, i/o): not-indented",
        "  some text",
    })
    void malformedTreeLines(String bad) {
        assertRejectedAt(2, bad, "memory-region: x\n" + bad + "\n\n");
    }

    @Test
    void priorityOutOfIntRange() {
        String bad = "  0000000000000000-ffffffffffffffff (prio 2147483648, i/o): big";
        MtreeFormatException e = reject("address-space: a\n" + bad + "\n");
        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("2147483648 does not fit"), e.getMessage());
    }

    @Test
    void linesOutsideAnySection() {
        String bad = "  0000000000000000-ffffffffffffffff (prio 0, i/o): orphan";
        assertRejectedAt(1, bad, bad + "\n");
        // A blank line ends a group; the next line needs a header.
        assertRejectedAt(4, bad, "address-space: a\n" + bad + "\n\n" + bad + "\n");
        assertRejectedAt(2, "(qemu) info mtree", "\n(qemu) info mtree\n");
    }

    @Test
    void malformedFlatViews() {
        assertRejectedAt(1, "FlatView #x", "FlatView #x\n");
        assertRejectedAt(2, "AS \"memory\", root: system", "FlatView #0\nAS \"memory\", root: system\n");
        String range = "  0000000000000000-0000000000000fff (prio 0, ram): ram";
        assertRejectedAt(3, " " + range, "FlatView #0\n Root memory region: system\n " + range + "\n");
        assertRejectedAt(4, " AS \"late\", root: system",
                "FlatView #0\n Root memory region: system\n" + range + "\n AS \"late\", root: system\n");
        assertRejectedAt(4, range, "FlatView #0\n Root memory region: (none)\n  No rendered FlatView\n" + range + "\n");
        assertRejectedAt(3, "  Dispatch", "FlatView #0\n Root memory region: system\n  Dispatch\n");
        assertRejectedAt(5, "Physical sections",
                "FlatView #0\n Root memory region: system\n" + range + "\n  Dispatch\nPhysical sections\n");
    }

    @Test
    void malformedDispatchSectionLine() {
        String range = "  0000000000000000-0000000000000fff (prio 0, ram): ram";
        String bad = "      #1 @0000000000000000-0000000000000fff ram";
        assertRejectedAt(6, bad, "FlatView #0\n Root memory region: system\n" + range
                + "\n  Dispatch\n    Physical sections\n" + bad + "\n");
    }

    @Test
    void dispatchSectionLabelsAndNamesWithSpaces() {
        String text = "FlatView #0\n Root memory region: system\n  0000000000000000-0000000000000fff (prio 0, ram): ram\n"
                + "  Dispatch\n    Physical sections\n"
                + "      #2 @0000000000000000..0000000000000fff bus master [ROM] [ROOT] [MRU] [iommu] alias=x\n";
        DispatchSection s = MtreeDump.parse(text).flatViews().get(0).dispatchSections().get(0);
        assertEquals(new DispatchSection(2, 0, 0xfff, "bus master", List.of("[ROM]", "[ROOT]", "[MRU]", "[iommu]", "alias=x")),
                s);
    }

    @Test
    void truncatedFlatViews() {
        MtreeFormatException noRoot = reject("FlatView #0\n AS \"memory\", root: system\n\n");
        assertEquals(3, noRoot.lineNumber());
        assertTrue(noRoot.getMessage().contains("FlatView #0 (line 1) ended without \" Root memory region: \""),
                noRoot.getMessage());

        MtreeFormatException noRanges = reject("FlatView #7\n AS \"memory\", root: system\n Root memory region: system\n");
        assertEquals(0, noRanges.lineNumber());
        assertTrue(noRanges.getMessage().startsWith("end of text: FlatView #7 (line 1) ended without ranges"),
                noRanges.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-pc/mtree-D.txt", "aarch64-virt/mtree-f-d.txt", "aarch64-raspi3b/mtree.txt"})
    void damagedLinesEitherParseOrFailWithTheirLineNumber(String fixture) {
        List<String> lines = List.of(read(fixture).split("\n", -1));
        int damaged = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            for (int cut : new int[] {1, 17, 40, line.length() - 1}) {
                if (cut <= 0 || cut >= line.length()) {
                    continue;
                }
                for (String bad : List.of(line.substring(0, cut), line.substring(0, cut) + line.substring(cut + 1),
                        line.substring(0, cut) + "\u00e9" + line.substring(cut))) {
                    if (bad.isBlank()) {
                        continue; // a blank line is valid: it ends the section, and the next line is the error
                    }
                    List<String> copy = new ArrayList<>(lines);
                    copy.set(i, bad);
                    try {
                        MtreeDump.parse(String.join("\n", copy));
                    } catch (MtreeFormatException e) {
                        damaged++;
                        int at = e.lineNumber();
                        assertTrue(at == lineNumber || at == 0 || copy.get(at - 1).isBlank()
                                || copy.get(at - 1).startsWith("FlatView #")
                                || copy.get(at - 1).startsWith("address-space: ")
                                || copy.get(at - 1).startsWith("memory-region: "),
                                () -> "damaged line " + lineNumber + " reported at " + at + ": " + e.getMessage());
                    }
                }
            }
        }
        assertTrue(damaged > 0);
    }

    @Test
    void emptyTextIsRejected() {
        MtreeFormatException e = reject("\n \r\n");
        assertEquals(0, e.lineNumber());
        assertTrue(e.getMessage().contains("no \"address-space:\""), e.getMessage());
    }

    @Test
    void regionTypeLabels() {
        for (RegionType t : RegionType.values()) {
            assertEquals(t, RegionType.fromLabel(t.label()));
        }
        assertThrows(IllegalArgumentException.class, () -> RegionType.fromLabel("I/O"));
    }
}
