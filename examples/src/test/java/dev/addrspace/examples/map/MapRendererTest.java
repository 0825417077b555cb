package dev.addrspace.examples.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.IommuOps;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

class MapRendererTest {

    private static Svg draw(MemorySystem sys) throws Exception {
        return Svg.parse(MapRenderer.svg(MemoryMap.of("test", sys)));
    }

    /**
     * Every flat range of every address space is one range element in a column that names the space (with
     * its name, bounds and offset, and a tooltip saying them), and there is no other range element.
     */
    private static void assertEveryRangeDrawn(MemorySystem sys, Svg svg) {
        for (AddressSpace as : sys.addressSpaces()) {
            List<String> columns = svg.columnsNamed(as.name());
            assertFalse(columns.isEmpty(), "no column names address space " + as.name());
            for (FlatRange fr : as.flatView().ranges()) {
                Element e = columns.stream().map(c -> svg.range(c, fr.start(), fr.last()))
                        .filter(r -> r != null && r.getAttribute("data-name").equals(fr.region().name()))
                        .findFirst().orElse(null);
                assertNotNull(e, as.name() + ": no range element for " + fr);
                assertEquals(Hex.full(fr.offsetInRegion()), e.getAttribute("data-offset"));
                String title = Svg.title(e);
                assertTrue(title.contains(fr.region().name()) && title.contains(Hex.full(fr.start()))
                        && title.contains(Hex.full(fr.last())), title);
            }
        }
        int ranges = sys.addressSpaces().stream().map(AddressSpace::flatView).distinct()
                .mapToInt(v -> v.rangeCount()).sum();
        assertEquals(ranges, svg.byClass("range").size());
    }

    @Test
    void pcPictureIsWellFormedAndDrawsEveryRangeOfEveryAddressSpace() throws Exception {
        MemorySystem sys = Machines.x86Pc();
        Svg svg = draw(sys);
        assertEquals("svg", svg.doc.getDocumentElement().getTagName());
        assertEquals("http://www.w3.org/2000/svg", svg.doc.getDocumentElement().getNamespaceURI());
        assertEquals("monospace", svg.doc.getDocumentElement().getAttribute("font-family"));
        assertEveryRangeDrawn(sys, svg);
    }

    @Test
    void armVirtSecureMtePictureDrawsEveryRangeOfEveryAddressSpace() throws Exception {
        MemorySystem sys = Machines.armVirtSecureMte();
        assertEveryRangeDrawn(sys, draw(sys));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-raspi3b", "aarch64-virt", "aarch64-virt-secure-mte", "arm-vexpress-a9",
        "x86_64-isapc", "x86_64-microvm", "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35"})
    void rebuiltQemuDumpsDrawEveryRange(String machine) throws Exception {
        MemorySystem sys = Machines.rebuilt(machine);
        Svg svg = draw(sys);
        assertEveryRangeDrawn(sys, svg);
        String html = MapRenderer.html(MemoryMap.of(machine, sys));
        Svg.parse(html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6));
    }

    @Test
    void addressSpacesSharingAViewShareOneColumnNamedAfterAllOfThem() throws Exception {
        Svg pc = draw(Machines.x86Pc());
        Map<String, String> col = pc.columnOf();
        assertEquals(col.get("memory"), col.get("cpu-memory-0"));
        assertEquals(col.get("memory"), col.get("cpu-memory-1"));
        assertFalse(col.get("cpu-smm-0").equals(col.get("cpu-smm-1")), "TCG: one SMM root per CPU");
        assertEquals(4, pc.byClass("column").size());
        Element first = pc.byClass("column").get(0);
        assertEquals("memory, cpu-memory-0, cpu-memory-1", first.getAttribute("data-as"));
        assertTrue(first.getTextContent().contains("memory, cpu-memory-0, cpu-memory-1"));

        Svg arm = draw(Machines.armVirtSecureMte());
        Map<String, String> a = arm.columnOf();
        assertEquals(4, arm.byClass("column").size());
        assertEquals(a.get("cpu-memory-0"), a.get("cpu-memory-1"));
        assertEquals(a.get("cpu-secure-memory-0"), a.get("cpu-secure-memory-1"));
        // both tag address spaces of a CPU are named cpu-tag-memory-N, as in QEMU: 8 spaces, 6 names
        assertEquals(8, arm.byClass("address-space").size());
        assertEquals(List.of("cpu-tag-memory-0, cpu-tag-memory-1", "cpu-tag-memory-0, cpu-tag-memory-1"),
                arm.byClass("column").subList(2, 4).stream().map(e -> e.getAttribute("data-as")).toList());
    }

    @Test
    void kindsGetTheirClassesAndColours() throws Exception {
        MemorySystem sys = Machines.x86Pc();
        MemoryRegion root = MemoryRegion.container(sys, "extra", 0x10_0000L);
        root.addSubregion(0, MemoryRegion.iommu(sys, "dmar", 0x1000, new IommuOps() {
        }));
        MemoryRegion ro = MemoryRegion.alias(sys, "ro-window", sys.addressSpaces().get(0).flatView().range(0)
                .region(), 0, 0x1000);
        ro.setReadonly(true);
        root.addSubregion(0x1000, ro);
        sys.newAddressSpace(root, "extra");
        MemorySystem arm = Machines.armVirtSecureMte();
        Svg svg = draw(sys);
        Svg armSvg = draw(arm);
        assertKind(svg, "pc.ram", RangeKind.RAM);
        assertKind(svg, "pc.rom", RangeKind.ROM);
        assertKind(svg, "ioapic", RangeKind.MMIO);
        assertKind(svg, "tpm-reserved", RangeKind.RESERVATION);
        assertKind(svg, "dmar", RangeKind.IOMMU);
        assertKind(armSvg, "virt.flash0", RangeKind.ROM_DEVICE);
        // pc.ram seen through a read-only alias is drawn as ROM
        Element roRam = svg.range(svg.columnOf().get("extra"), 0x1000, 0x1fff);
        assertEquals("rom", roRam.getAttribute("data-kind"));
    }

    private static void assertKind(Svg svg, String name, RangeKind kind) {
        List<Element> ranges = svg.rangesNamed(name);
        assertFalse(ranges.isEmpty(), name);
        Element e = ranges.get(0);
        assertTrue(List.of(e.getAttribute("class").split(" ")).contains("kind-" + kind.cssClass()), e.getAttribute("class"));
        assertEquals(kind.cssClass(), e.getAttribute("data-kind"));
        assertEquals(kind.fill(), Svg.child(e, "rect").getAttribute("fill"));
    }

    @Test
    void largeGapsUnmappedEverywhereAreCollapsedWithTheirSize() throws Exception {
        Svg svg = draw(Machines.x86Pc());
        Map<String, Element> gaps = svg.byClass("gap").stream()
                .collect(Collectors.toMap(e -> e.getAttribute("data-start"), e -> e));
        // 128 MiB of RAM to the I/O APIC; apic-msi to the BIOS; 4 GiB to the end of 2^64
        assertEquals(3, gaps.size(), gaps.keySet().toString());
        Element below4g = gaps.get(Hex.full(0x800_0000L));
        assertEquals(Hex.full(0xfebf_ffffL), below4g.getAttribute("data-last"));
        assertEquals("0xf6c00000", below4g.getAttribute("data-skipped"));
        assertTrue(below4g.getTextContent().contains("~3.86 GiB skipped"), below4g.getTextContent());
        assertEquals("0x10c0000", gaps.get(Hex.full(0xfef0_0000L)).getAttribute("data-skipped"));
        Element top = gaps.get(Hex.full(0x1_0000_0000L));
        assertEquals(Hex.full(-1L), top.getAttribute("data-last"));
        assertEquals("0xffffffff00000000", top.getAttribute("data-skipped"));
        assertTrue(top.getTextContent().contains("~16 EiB skipped"), top.getTextContent());
        // 1 MiB - 4 KiB between the I/O APIC and the HPET stays a hole, drawn to scale
        assertFalse(gaps.containsKey(Hex.full(0xfec0_1000L)));
        List<Element> holes = svg.all(e -> e.getAttribute("class").equals("hole")
                && e.getAttribute("data-start").equals(Hex.full(0xfec0_1000L)));
        assertEquals(3, holes.size(), "a hole in the memory column and in both SMM columns");
        for (Element hole : holes) {
            assertEquals(Hex.full(0xfecf_ffffL), hole.getAttribute("data-last"));
            assertTrue(Svg.title(hole).contains("DECODE_ERROR"));
        }
    }

    @Test
    void aliasesAreAnnotatedWithTheirTargetsAndOffsets() throws Exception {
        Svg svg = draw(Machines.x86Pc());
        Map<String, String> col = svg.columnOf();
        String mem = col.get("memory");
        Element isaBios = svg.range(mem, 0xe_0000L, 0xf_ffffL);
        assertEquals("pc.bios", isaBios.getAttribute("data-name"));
        assertEquals("isa-bios", isaBios.getAttribute("data-alias"));
        assertEquals("pc.bios", isaBios.getAttribute("data-alias-target"));
        assertEquals(Hex.full(0x2_0000L), isaBios.getAttribute("data-alias-offset"));
        assertTrue(isaBios.getAttribute("class").contains("aliased"));
        assertTrue(isaBios.getTextContent().contains("alias isa-bios \u2192 pc.bios @0x20000"),
                isaBios.getTextContent());
        assertEquals("4,2", Svg.child(isaBios, "rect").getAttribute("stroke-dasharray"));
        // the direct pc.bios at the top of 4 GiB has no alias, and the arrow goes to the aliased bytes in it
        Element bios = svg.range(mem, 0xfffc_0000L, 0xffff_ffffL);
        assertEquals("", bios.getAttribute("data-alias"));
        List<Element> links = svg.byClass("alias-link");
        assertEquals(1, links.stream().filter(l -> l.getAttribute("data-from").equals(Hex.full(0xe_0000L))
                && l.getAttribute("data-to").equals(Hex.full(0xfffe_0000L))).count());

        // an alias of a container: the innermost alias is named, the chain is in data-aliases
        Element ram = svg.range(mem, 0x10_0000L, 0x7ff_ffffL);
        assertEquals("ram-below-4g", ram.getAttribute("data-alias"));
        assertEquals(Hex.full(0x10_0000L), ram.getAttribute("data-alias-offset"));
        Element smmRom = svg.range(col.get("cpu-smm-0"), 0xc_0000L, 0xd_ffffL);
        assertEquals("alias memory \u2192 system @0xc0000", smmRom.getAttribute("data-aliases"));

        // SMM sees pc.ram through ram-below-4g, then from 0xa0000 through smram and smram-low: one flat range
        Element smmRam = svg.range(col.get("cpu-smm-0"), 0, 0xb_ffffL);
        assertEquals("ram-below-4g", smmRam.getAttribute("data-alias"));
        List<Element> changes = svg.all(e -> e.getAttribute("class").equals("alias-change")
                && e.getParentNode() == smmRam);
        assertEquals(1, changes.size());
        assertEquals(Hex.full(0xa_0000L), changes.get(0).getAttribute("data-start"));
        assertEquals("smram-low", changes.get(0).getAttribute("data-alias"));
        assertEquals("pc.ram", changes.get(0).getAttribute("data-alias-target"));
        assertEquals(Hex.full(0xa_0000L), changes.get(0).getAttribute("data-alias-offset"));
    }

    @Test
    void holesAreDrawnAsUnmappedUpToTheEndOfTheAxis() throws Exception {
        Svg svg = draw(Machines.x86Pc());
        String io = svg.columnOf().get("I/O");
        List<Element> holes = svg.all(e -> e.getAttribute("class").startsWith("hole")
                && e.getAttribute("data-column").equals(io));
        assertEquals(Hex.full(0), holes.get(0).getAttribute("data-start"));
        assertEquals(Hex.full(0x1f), holes.get(0).getAttribute("data-last"));
        Element beyond = holes.get(holes.size() - 1);
        assertEquals("hole beyond-root", beyond.getAttribute("class"));
        assertEquals(Hex.full(0x1_0000L), beyond.getAttribute("data-start"));
        assertEquals(Hex.full(-1L), beyond.getAttribute("data-last"));
        assertTrue(Svg.title(beyond).contains("DECODE_ERROR"));
    }

    @Test
    void emptyViewIsOneColumnOfHole() throws Exception {
        MemorySystem sys = new MemorySystem();
        MemoryRegion ram = MemoryRegion.ram(sys, "ram", 0x1000);
        MemoryRegion root = MemoryRegion.container(sys, "root", 0x10000);
        root.addSubregion(0, ram);
        sys.newAddressSpace(root, "cpu");
        sys.newAddressSpace(MemoryRegion.container(sys, "a", 0x1000), "bus master a");
        sys.newAddressSpace(MemoryRegion.container(sys, "b", 0x1000), "bus master b");
        Svg svg = draw(sys);
        Map<String, String> col = svg.columnOf();
        assertEquals(col.get("bus master a"), col.get("bus master b"));
        List<Element> holes = svg.all(e -> e.getAttribute("class").startsWith("hole")
                && e.getAttribute("data-column").equals(col.get("bus master a")));
        assertTrue(holes.get(0).getTextContent().contains("no rendered flat view"));
        assertTrue(svg.byClass("gap").isEmpty(), "60 KiB is below the gap threshold");
        Svg collapsed = Svg.parse(MapRenderer.svg(MemoryMap.of("t", sys), MapOptions.DEFAULTS.withGapThreshold(0x1000)));
        assertEquals(1, collapsed.byClass("gap").size());
        assertEquals("0xf000", collapsed.byClass("gap").get(0).getAttribute("data-skipped"));
    }

    @Test
    void namesAreEscapedAndTheSameInputGivesTheSameBytes() throws Exception {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(sys, "root <&\">", MemoryRegion.SIZE_2_64);
        root.addSubregion(0x1000, MemoryRegion.io(sys, "dev <b>&amp; 'q' \u0001", 0x100, Machines.NO_OPS));
        sys.newAddressSpace(root, "as \"1\" & <2>");
        String once = MapRenderer.svg(MemoryMap.of("title <&>", sys));
        assertEquals(once, MapRenderer.svg(MemoryMap.of("title <&>", sys)));
        Svg svg = Svg.parse(once);
        assertEquals("dev <b>&amp; 'q' ?", svg.byClass("range").get(0).getAttribute("data-name"));
        assertEquals("0", svg.columnOf().get("as \"1\" & <2>"));
        assertEquals(MapRenderer.svg(MemoryMap.of("pc", Machines.x86Pc())),
                MapRenderer.svg(MemoryMap.of("pc", Machines.x86Pc())));
        assertEquals(MapRenderer.html(MemoryMap.of("arm", Machines.armVirtSecureMte())),
                MapRenderer.html(MemoryMap.of("arm", Machines.armVirtSecureMte())));
    }

    @Test
    void htmlWrapsTheSvgWithALegendAndTooltips() throws Exception {
        String html = MapRenderer.html(MemoryMap.of("x86 <pc>", Machines.x86Pc()));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>x86 &lt;pc&gt;</title>"));
        for (RangeKind k : RangeKind.values()) {
            assertTrue(html.contains(k.fill()) && html.contains(">" + k.label() + "</li>"), k.label());
        }
        Svg svg = Svg.parse(html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6));
        for (Element range : svg.byClass("range")) {
            assertFalse(Svg.title(range).isEmpty());
        }
        assertFalse(svg.byClass("gap").isEmpty());
    }

    @Test
    void aSmallDeviceStaysReadableNextToGibibytesOfRamInA2To64Space() throws Exception {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(sys, "system", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, MemoryRegion.ram(sys, "ram", 1L << 32));
        root.addSubregion(1L << 32, MemoryRegion.io(sys, "uart", 0x1000, Machines.NO_OPS));
        sys.newAddressSpace(root, "cpu-memory-0");
        MemoryRegion io = MemoryRegion.io(sys, "io", MemoryRegion.SIZE_2_64, Machines.NO_OPS);
        sys.newAddressSpace(io, "whole");
        Svg svg = draw(sys);
        int uart = height(svg.rangesNamed("uart").get(0));
        int ram = height(svg.rangesNamed("ram").get(0));
        int whole = height(svg.rangesNamed("io").get(0));
        assertEquals(MapOptions.DEFAULTS.rowHeight(), uart, "4 KiB is one text row");
        assertTrue(ram > uart && ram <= MapOptions.DEFAULTS.rowHeight() + 20 * MapOptions.DEFAULTS.pixelsPerDoubling(),
                "4 GiB is 20 doublings above 4 KiB: " + ram);
        // three pieces (the RAM, the UART, the rest up to 2^64), each logarithmic
        assertTrue(whole < 500, "2^64 bytes in " + whole + " pixels");
        assertEquals(Hex.full(-1L), svg.rangesNamed("io").get(0).getAttribute("data-last"));
        assertTrue(Integer.parseInt(svg.doc.getDocumentElement().getAttribute("height")) < 1000);
        assertTrue(svg.byClass("gap").isEmpty(), "the io column is mapped everywhere, so nothing is collapsed");
    }

    private static int height(Element range) {
        return Integer.parseInt(Svg.child(range, "rect").getAttribute("height"));
    }

    @Test
    void aMachineWithoutAddressSpacesIsStillAPicture() throws Exception {
        Svg svg = draw(new MemorySystem());
        assertTrue(svg.byClass("column").isEmpty());
        assertTrue(svg.byClass("range").isEmpty());
    }

    @Test
    void optionsRejectUnreadableSizes() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new MapOptions(8, 5, 1, 30));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MapOptions.DEFAULTS.withGapThreshold(0));
    }

    @Test
    void sizesAndAddressesAreFormattedForPeople() {
        assertEquals("4 KiB", Hex.size(Hex.unsigned(0x1000)));
        assertEquals("16 EiB", Hex.size(Hex.unsigned(0).add(java.math.BigInteger.ONE.shiftLeft(64))));
        assertEquals("~3.86 GiB", Hex.size(Hex.unsigned(0xf6c0_0000L)));
        assertEquals("3 B", Hex.size(Hex.unsigned(3)));
        assertEquals("0x0000_0000_fec0_0000", Hex.grouped(Hex.unsigned(0xfec0_0000L), 16));
        assertEquals("0x1_0000_0000_0000_0000", Hex.grouped(java.math.BigInteger.ONE.shiftLeft(64), 16));
    }
}
