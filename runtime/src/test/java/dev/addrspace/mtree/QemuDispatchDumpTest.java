package dev.addrspace.mtree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code -d} dispatch block against QEMU 7.2's own output ({@code mtree-f-d.txt} fixtures), and the
 * section list of case 47. QEMU's {@code [MRU]} marker depends on its lookup history and is stripped
 * from the fixture before comparing.
 */
class QemuDispatchDumpTest {

    private static String fixture(String machine, String file) throws IOException {
        try (InputStream in = QemuDispatchDumpTest.class.getResourceAsStream("/qemu/" + machine + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt", "x86_64-pc"})
    void dispatchBlocksEqualQemus(String machine) throws IOException {
        MemorySystem ms = MtreeImport.rebuild(MtreeDump.parse(fixture(machine, "mtree-D.txt")),
                MtreeDump.parse(fixture(machine, "mtree-f.txt")), e -> TestSupport.NO_OPS);
        MtreeDump dumped = MtreeDump.parse(fixture(machine, "mtree-f-d.txt"));
        int compared = 0;
        for (MtreeDump.FlatViewDump v : dumped.flatViews()) {
            if (!v.hasDispatch()) {
                continue;
            }
            String asName = v.addressSpaces().get(0).name();
            AddressSpace as = ms.addressSpaces().stream().filter(a -> a.name().equals(asName)).findFirst()
                    .orElseThrow(() -> new AssertionError("no address space " + asName));
            List<String> expected = new ArrayList<>();
            for (String line : v.dispatch()) {
                expected.add(line.replace(" [MRU]", ""));
            }
            assertEquals(String.join("\n", expected), String.join("\n", QemuDispatchDump.render(as.flatView())),
                    machine + " view of " + asName);
            compared++;
        }
        assertTrue(compared >= 2, machine + ": compared " + compared + " views");
    }

    @Test
    void case47SectionsOfASubPage() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        sys.addSubregion(0x1000, MemoryRegion.io(ms, "io", 0x100, TestSupport.NO_OPS));
        sys.addSubregion(0x1100, MemoryRegion.ram(ms, "ram", 0xf00));
        List<String> lines = QemuDispatchDump.render(as.flatView());
        assertEquals(List.of(
                "    Physical sections",
                "      #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]",
                "      #1 @0000000000001000..0000000000001fff (noname) [not dirty]",
                "      #2 @0000000000001000..00000000000010ff io [ROM]",
                "      #3 @0000000000001100..0000000000001fff ram [watch]"), lines.subList(0, 5));
    }
}
