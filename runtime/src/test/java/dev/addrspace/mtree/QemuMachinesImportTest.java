package dev.addrspace.mtree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.addrspace.memory.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every machine of QEMU 7.2's {@code qemu-system-aarch64}, {@code -x86_64} and {@code -riscv64} that
 * starts with {@code -S -nodefaults} (the data and the machines that do not start are described in
 * {@code src/test/resources/qemu-machines/README.md}) is rebuilt from its {@code info mtree -D} through
 * {@link MtreeImport} with its {@code info mtree -f}, and this model's {@code info mtree -f} of the result
 * must equal QEMU's, FlatView block by FlatView block (and its {@code info mtree -D}, group by group). QEMU prints the blocks in pointer-hash order and
 * numbers them in that order, so blocks are matched by content with the {@code FlatView #n} line left out.
 */
class QemuMachinesImportTest {

    private static final Map<String, String> CACHE = new HashMap<>();

    static String resource(String path) {
        return CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = QemuMachinesImportTest.class.getResourceAsStream("/qemu-machines/" + p)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource /qemu-machines/" + p);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return every captured machine, {@code arch/machine}, as machines.txt lists them */
    static List<String> machines() {
        List<String> out = new ArrayList<>();
        for (String line : resource("machines.txt").split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    static Stream<String> comparedMachines() {
        return machines().stream();
    }

    @Test
    void everyCapturedMachineIsCompared() {
        List<String> all = machines();
        assertEquals(168, all.size(), "machines.txt");
        // Every one, the six whose ARM SSE subsystem aliases a container into itself (mps2-an505,
        // mps2-an521, mps3-an524, mps3-an547, musca-a, musca-b1) included: alias loops render as QEMU's.
        assertEquals(168, comparedMachines().count());
        assertTrue(all.contains("aarch64/mps2-an505") && all.contains("aarch64/musca-b1"));
    }

    /** The flat views, and the trees too (with disabled regions), of each machine equal QEMU's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("comparedMachines")
    void rebuiltMachineEqualsQemus(String machine) {
        String tree = resource(machine + "/mtree-D.txt");
        String flat = resource(machine + "/mtree-f.txt");
        MtreeImport.Report report = MtreeImport.rebuildWithReport(MtreeDump.parse(tree), MtreeDump.parse(flat),
                e -> TestSupport.NO_OPS);
        String diff = blockDiff(machine + " info mtree -f", flat, Mtree.flat(report.system()));
        if (diff != null) {
            fail(diff);
        }
        assertEquals(0, report.mismatchedAddressSpaces(), machine + ": the import's own check disagrees");
        diff = blockDiff(machine + " info mtree -D", tree, Mtree.treeWithDisabled(report.system()));
        if (diff != null) {
            fail(diff);
        }
    }

    /**
     * Open pairs on real boards: ast2600-evb's "unimplemented device" region under devices of its
     * priority. Without the flat dump they are counted and the lower address wins, which is not QEMU's
     * order there; with it the order is QEMU's.
     */
    @Test
    void openPairsOfAst2600AreCountedAndDecidedByTheFlatDump() {
        MtreeDump tree = MtreeDump.parse(resource("aarch64/ast2600-evb/mtree-D.txt"));
        String flat = resource("aarch64/ast2600-evb/mtree-f.txt");
        MtreeImport.Report guessed = MtreeImport.rebuildWithReport(tree, null, e -> TestSupport.NO_OPS);
        assertEquals(2, guessed.openPairs());
        assertEquals(-1, guessed.mismatchedAddressSpaces());
        assertTrue(blockDiff("ast2600-evb", flat, Mtree.flat(guessed.system())) != null);
        MtreeImport.Report fitted = MtreeImport.rebuildWithReport(tree, MtreeDump.parse(flat), e -> TestSupport.NO_OPS);
        assertEquals(2, fitted.openPairs());
        assertEquals(2, fitted.reordered());
        assertEquals(0, fitted.mismatchedAddressSpaces());
    }

    /**
     * Compares two printouts block by block (blocks end at a blank line; a {@code FlatView #n} line is
     * left out). Returns null if the multisets of blocks are equal, otherwise a message that names the
     * machine, each of QEMU's blocks that has no equal in ours (by its first lines) and its first
     * differing line against our block with the same header, and each of our blocks that QEMU lacks.
     */
    static String blockDiff(String machine, String qemu, String ours) {
        List<String> want = blocks(qemu);
        List<String> got = blocks(ours);
        List<String> missing = new ArrayList<>(want);
        List<String> extra = new ArrayList<>(got);
        for (String b : want) {
            if (extra.remove(b)) {
                missing.remove(b);
            }
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(machine).append(": ").append(missing.size())
                .append(" of QEMU's blocks differ from ours (").append(want.size()).append(" blocks)\n");
        for (String b : missing) {
            String[] lines = b.split("\n");
            sb.append("QEMU's block '").append(lines[0]).append("':\n");
            String mate = null;
            for (String e : extra) {
                if (e.split("\n")[0].equals(lines[0])) {
                    mate = e;
                    break;
                }
            }
            if (mate == null) {
                sb.append("  no block of ours starts so\n");
                continue;
            }
            String[] theirs = mate.split("\n");
            for (int i = 0; i < Math.max(lines.length, theirs.length); i++) {
                String q = i < lines.length ? lines[i] : "(end of block)";
                String o = i < theirs.length ? theirs[i] : "(end of block)";
                if (!q.equals(o)) {
                    sb.append("  line ").append(i + 1).append(":\n    QEMU: ").append(q).append("\n    ours: ")
                            .append(o).append('\n');
                    break;
                }
            }
        }
        for (String e : extra) {
            sb.append("our block '").append(e.split("\n")[0]).append("' has no equal in QEMU's\n");
        }
        return sb.toString();
    }

    /** Splits a printout into blank-line-terminated blocks without their {@code FlatView #n} line, sorted. */
    static List<String> blocks(String text) {
        List<String> out = new ArrayList<>();
        for (String block : text.split("\n\n", -1)) {
            if (!block.isEmpty()) {
                out.add(block.replaceFirst("^FlatView #\\d+\n", ""));
            }
        }
        Collections.sort(out);
        return out;
    }
}
