package dev.addrspace.mtree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rebuilds real QEMU 7.2 machines from their {@code info mtree -D} dumps and compares this model's
 * printouts with what QEMU printed: {@code -f} and the trees exactly, block by block. QEMU prints
 * groups, sections and FlatViews in pointer-hash order (see the fixtures' README), so the blocks are
 * compared as sorted lists, with the {@code FlatView #n} numbers left out.
 */
class MtreeImportTest {

    private static String fixture(String machine, String file) throws IOException {
        try (InputStream in = MtreeImportTest.class.getResourceAsStream("/qemu/" + machine + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Splits a printout into blank-line-terminated blocks, drops "FlatView #n" lines, sorts. */
    static List<String> blocks(String text) {
        List<String> out = new ArrayList<>();
        for (String block : text.split("\n\n", -1)) {
            if (block.isEmpty()) {
                continue;
            }
            out.add(block.replaceFirst("^FlatView #\\d+\n", ""));
        }
        Collections.sort(out);
        return out;
    }

    /** The blocks without their address-space lines (whose order needs the -f dump). */
    static List<String> ranges(String text) {
        List<String> out = new ArrayList<>();
        for (String b : blocks(text)) {
            out.add(b.replaceAll("(?m)^ AS .*\n", ""));
        }
        Collections.sort(out);
        return out;
    }

    private static MemorySystem rebuild(String machine) throws IOException {
        MtreeDump tree = MtreeDump.parse(fixture(machine, "mtree-D.txt"));
        MtreeDump flat = MtreeDump.parse(fixture(machine, "mtree-f.txt"));
        return MtreeImport.rebuild(tree, flat, e -> TestSupport.NO_OPS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt", "aarch64-virt-secure-mte", "aarch64-raspi3b", "arm-vexpress-a9",
        "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35", "x86_64-isapc", "x86_64-microvm"})
    void flatViewsOfRebuiltMachinesEqualQemus(String machine) throws IOException {
        MemorySystem ms = rebuild(machine);
        assertEquals(blocks(fixture(machine, "mtree-f.txt")), blocks(Mtree.flat(ms)), machine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt", "aarch64-virt-secure-mte", "aarch64-raspi3b", "arm-vexpress-a9",
        "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35", "x86_64-isapc", "x86_64-microvm"})
    void treesOfRebuiltMachinesEqualQemus(String machine) throws IOException {
        MemorySystem ms = rebuild(machine);
        assertEquals(blocks(fixture(machine, "mtree-D.txt")), blocks(Mtree.treeWithDisabled(ms)), machine + " -D");
        assertEquals(blocks(fixture(machine, "mtree.txt")), blocks(Mtree.tree(ms)), machine);
    }

    /**
     * Without the -f dump the trees are still QEMU's. The flat ranges are QEMU's on the machines where no
     * MMIO region has children (raspi3b, vexpress-a9); on x86 ({@code io}, the I/O port root, fills the
     * holes between its devices) and virt ({@code gpex_mmio_window}) the rebuild takes those regions for
     * containers, as MtreeImport documents.
     */
    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt", "aarch64-virt-secure-mte", "aarch64-raspi3b", "arm-vexpress-a9",
        "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35", "x86_64-isapc", "x86_64-microvm"})
    void rebuildWithoutTheFlatDump(String machine) throws IOException {
        MemorySystem ms = MtreeImport.rebuild(MtreeDump.parse(fixture(machine, "mtree-D.txt")), null,
                e -> TestSupport.NO_OPS);
        assertEquals(blocks(fixture(machine, "mtree-D.txt")), blocks(Mtree.treeWithDisabled(ms)), machine);
        String flat = Mtree.flat(ms);
        boolean sameRanges = ranges(fixture(machine, "mtree-f.txt")).equals(ranges(flat));
        assertEquals(machine.equals("aarch64-raspi3b") || machine.equals("arm-vexpress-a9"), sameRanges, machine);
    }
}
