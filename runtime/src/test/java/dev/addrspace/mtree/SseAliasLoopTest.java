package dev.addrspace.mtree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * QEMU 7.2's ARM SSE subsystem (here mps2-an505; mps2-an521, mps3-an547 and musca-b1 use the same code)
 * puts into {@code arm-sse-cpu-container0} an alias of that same container: {@code alias 3} at
 * 0x50000000 shows 0x40000000-0x4fffffff of it, so the secure peripheral range repeats the non-secure
 * one wherever no secure device sits. The data is QEMU's own {@code info mtree -D} and {@code -f}
 * ({@code /qemu-machines/aarch64/mps2-an505}); {@link QemuMachinesImportTest} compares the other SSE
 * boards the same way.
 */
class SseAliasLoopTest {

    private static final String MACHINE = "aarch64/mps2-an505";

    private static String fixture(String file) throws IOException {
        try (InputStream in = SseAliasLoopTest.class.getResourceAsStream("/qemu-machines/" + MACHINE + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The -f block of the view whose root is {@code root}, from its "Root memory region" line on. */
    private static String flatBlock(String flat, String root) {
        for (String block : flat.split("\n\n")) {
            int at = block.indexOf(" Root memory region: " + root + "\n");
            if (at >= 0) {
                return block.substring(at);
            }
        }
        throw new AssertionError("no view with root " + root);
    }

    @Test
    void importRebuildsTheLoopAndQemusFlatViews() throws IOException {
        String flat = fixture("mtree-f.txt");
        MemorySystem ms = MtreeImport.rebuild(MtreeDump.parse(fixture("mtree-D.txt")), MtreeDump.parse(flat),
                e -> TestSupport.NO_OPS);
        String ours = Mtree.flat(ms);
        // The CPU's view (secure and non-secure share it): QEMU's ranges, the repeated ones included.
        assertEquals(flatBlock(flat, "armv7m-container"), flatBlock(ours, "armv7m-container"));
        // Every other view too, block by block (QEMU prints them in hash order).
        assertEquals(MtreeImportTest.blocks(flat), MtreeImportTest.blocks(ours));
        assertEquals(MtreeImportTest.blocks(fixture("mtree-D.txt")),
                MtreeImportTest.blocks(Mtree.treeWithDisabled(ms)));
    }

    @Test
    void theLoopThroughTheApi() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion armv7m = MemoryRegion.container(ms, "armv7m-container", MemoryRegion.SIZE_2_64);
        MemoryRegion cpu0 = MemoryRegion.container(ms, "arm-sse-cpu-container0", MemoryRegion.SIZE_2_64);
        MemoryRegion sse = MemoryRegion.container(ms, "armsse-container", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(armv7m, "cpu-memory-0");
        armv7m.addSubregionOverlap(0, cpu0, -1);
        cpu0.addSubregionOverlap(0, sse, -1);
        sse.addSubregion(0x4002_0000L, TestSupport.io(ms, "iotkit-sysinfo", 0x1000));
        sse.addSubregion(0x5002_1000L, TestSupport.io(ms, "iotkit-sysctl", 0x1000));
        sse.addSubregion(0x5008_1000L, TestSupport.io(ms, "cmsdk-apb-watchdog", 0x1000));
        sse.addSubregion(0x4008_1000L, TestSupport.io(ms, "cmsdk-apb-watchdog", 0x1000));
        // As QEMU's armsse.c: the container aliased into itself, 0x40000000.. shown again at 0x50000000.
        MemoryRegion alias3 = MemoryRegion.alias(ms, "alias 3", cpu0, 0x4000_0000L, 0x1000_0000L);
        cpu0.addSubregionOverlap(0x5000_0000L, alias3, -1500);
        // QEMU's -f for these addresses (mtree-f.txt of mps2-an505, the armv7m-container view).
        List<String> want = List.of(
                "40020000-40020fff iotkit-sysinfo @0",
                "40081000-40081fff cmsdk-apb-watchdog @0",
                "50020000-50020fff iotkit-sysinfo @0",
                "50021000-50021fff iotkit-sysctl @0",
                "50081000-50081fff cmsdk-apb-watchdog @0");
        assertEquals(want, ranges(as.flatView()));
        // The watchdog at 0x50081000 is the secure one, not the non-secure one seen through the alias.
        assertSame(sse.subregions().stream().filter(r -> r.addr() == 0x5008_1000L).findFirst().get(),
                as.flatView().lookup(0x5008_1000L).region());
        // Moving the window so that it shows itself at the same place never ends: refused, nothing changed.
        FlatView before = as.flatView();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> alias3.setAliasOffset(0x5000_0000L));
        assertEquals("setting the alias offset of 'alias 3' to 0x50000000 would make the render of address space"
                + " 'cpu-memory-0' (root 'armv7m-container') endless: alias 'alias 3' re-enters"
                + " 'arm-sse-cpu-container0', which the render is already inside (loop: 'arm-sse-cpu-container0' @0x0"
                + " -> 'alias 3' @0x50000000 (alias of 'arm-sse-cpu-container0' from offset 0x50000000) ->"
                + " 'arm-sse-cpu-container0' @0x0), at the same address with the same window: each turn renders the"
                + " same window again, so the render never ends (QEMU's render_memory_region recurses until its"
                + " stack overflows)",
                e.getMessage());
        assertEquals(0x4000_0000L, alias3.aliasOffset());
        assertSame(before, as.flatView());
    }

    private static List<String> ranges(FlatView view) {
        List<String> out = new ArrayList<>();
        for (FlatRange fr : view.ranges()) {
            out.add(Long.toHexString(fr.start()) + "-" + Long.toHexString(fr.last()) + " " + fr.region().name() + " @"
                    + Long.toHexString(fr.offsetInRegion()));
        }
        return out;
    }
}
