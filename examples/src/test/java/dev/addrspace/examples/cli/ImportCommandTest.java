package dev.addrspace.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code addrspace import} end to end over the nine real QEMU 7.2 dumps: importing a machine's
 * {@code mtree-D.txt} with its {@code mtree-f.txt} must print QEMU's {@code mtree-f.txt} byte for byte.
 * (QEMU prints its flat views in pointer-hash order; the rebuild creates the address spaces in the order
 * of the {@code -f} dump's views, and this tool prints views in creation order, so the order comes out
 * the same.)
 */
class ImportCommandTest {

    private static final String[] MACHINES = {"aarch64-virt", "aarch64-virt-secure-mte", "aarch64-raspi3b",
        "arm-vexpress-a9", "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35", "x86_64-isapc", "x86_64-microvm"};

    /** The views of a -f printout, without their numbers, sorted. */
    static List<String> views(String text) {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String block : text.split("\n\n", -1)) {
            if (block.isEmpty()) {
                continue;
            }
            assertTrue(block.startsWith("FlatView #"), block);
            out.add(block.substring(block.indexOf('\n') + 1));
            n++;
        }
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt", "aarch64-virt-secure-mte", "aarch64-raspi3b", "arm-vexpress-a9",
        "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35", "x86_64-isapc", "x86_64-microvm"})
    void importOfTheTreeDumpPrintsQemusFlatViews(String machine) {
        Cli r = Cli.run("import", Cli.fixturePath(machine, "mtree-D.txt").toString(),
                Cli.fixturePath(machine, "mtree-f.txt").toString());
        assertEquals(0, r.status, r.err);
        assertEquals("", r.err);
        assertEquals(Cli.fixture(machine, "mtree-f.txt"), r.out, machine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt-secure-mte", "x86_64-pc", "x86_64-q35"})
    void importPrintsQemusTreeWithMinusD(String machine) {
        Cli r = Cli.run("import", "-D", Cli.fixturePath(machine, "mtree-D.txt").toString(),
                Cli.fixturePath(machine, "mtree-f.txt").toString());
        assertEquals(0, r.status, r.err);
        assertEquals(blocks(Cli.fixture(machine, "mtree-D.txt")), blocks(r.out), machine);
    }

    private static List<String> blocks(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n\n")));
        Collections.sort(out);
        return out;
    }

    /**
     * Without the -f dump two things are unknown. The creation order of the address spaces: the tree
     * lists them sorted by name, so the {@code AS} lines of a shared view can come in another order
     * (compared here with those lines sorted). And whether an {@code i/o} line is a container or a
     * terminating region: a line with children is taken for a container, so a terminating parent's own
     * ranges are lost ({@code io} on x86 fills the holes between ports, the PCI windows on virt), and a
     * childless line for MMIO, so an empty container appears as a range ({@code platform bus}).
     */
    @Test
    void withoutTheFlatDumpTheMachinesWithTerminatingParentsOrEmptyContainersDiffer() {
        List<String> differ = new ArrayList<>();
        for (String machine : MACHINES) {
            Cli r = Cli.run("import", Cli.fixturePath(machine, "mtree-D.txt").toString());
            assertEquals(0, r.status, r.err);
            if (!sortedAsLines(views(Cli.fixture(machine, "mtree-f.txt"))).equals(sortedAsLines(views(r.out)))) {
                differ.add(machine);
            }
        }
        // raspi3b and vexpress-a9 have neither: their ranges come out exactly without the -f dump.
        assertEquals(List.of("aarch64-virt", "aarch64-virt-secure-mte", "x86_64-pc", "x86_64-pc-smp2", "x86_64-q35",
                "x86_64-isapc", "x86_64-microvm"), differ);
    }

    private static List<String> sortedAsLines(List<String> views) {
        List<String> out = new ArrayList<>();
        for (String v : views) {
            List<String> lines = new ArrayList<>(v.lines().toList());
            List<String> as = new ArrayList<>(lines.stream().filter(l -> l.startsWith(" AS ")).toList());
            Collections.sort(as);
            lines.removeIf(l -> l.startsWith(" AS "));
            lines.addAll(0, as);
            out.add(String.join("\n", lines));
        }
        Collections.sort(out);
        return out;
    }

    /**
     * ast2600-evb has two open pairs (its "unimplemented device" region under devices of the same
     * priority): without FLAT they are guessed, and standard error says so; with FLAT they are decided
     * and the output is QEMU's, with nothing on standard error.
     */
    @Test
    void openSiblingPairsAreGuessedWithANoteOrDecidedByTheFlatDump() throws Exception {
        Path tree = Path.of(Cli.class.getResource("/qemu-machines/aarch64/ast2600-evb/mtree-D.txt").toURI());
        Path flat = Path.of(Cli.class.getResource("/qemu-machines/aarch64/ast2600-evb/mtree-f.txt").toURI());
        Cli guessed = Cli.run("import", tree.toString());
        assertEquals(0, guessed.status, guessed.err);
        assertEquals("addrspace import: 2 pair(s) of overlapping equal-priority siblings at different addresses:"
                + " info mtree -D does not give their order; guessed (the lower address on top). Give the info"
                + " mtree -f output (FLAT) to decide them\n", guessed.err);
        String qemu = Files.readString(flat);
        assertTrue(!views(qemu).equals(views(guessed.out)), "the guess is not QEMU's order on this board");
        Cli decided = Cli.run("import", tree.toString(), flat.toString());
        assertEquals(0, decided.status, decided.err);
        assertEquals("", decided.err);
        assertEquals(views(qemu), views(decided.out));
    }

    @Test
    void aDumpHoldingTreeAndFlatViewsIsReadAsBoth(@TempDir Path dir) throws IOException {
        Path both = dir.resolve("both.txt");
        Files.writeString(both, Cli.fixture("aarch64-virt", "mtree-D.txt") + Cli.fixture("aarch64-virt", "mtree-f.txt"));
        Cli r = Cli.run("import", both.toString());
        assertEquals(0, r.status, r.err);
        assertEquals(views(Cli.fixture("aarch64-virt", "mtree-f.txt")), views(r.out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-virt", "x86_64-pc"})
    void aFlatDumpWithTheDispatchTreeServesAsWell(String machine) {
        String withF = Cli.run("import", Cli.fixturePath(machine, "mtree-D.txt").toString(),
                Cli.fixturePath(machine, "mtree-f.txt").toString()).out;
        Cli withFd = Cli.run("import", Cli.fixturePath(machine, "mtree-D.txt").toString(),
                Cli.fixturePath(machine, "mtree-f-d.txt").toString());
        assertEquals(0, withFd.status, withFd.err);
        assertEquals(withF, withFd.out);
    }

    @Test
    void crlfLineEndsAsTheMonitorWritesThemAreRead(@TempDir Path dir) throws IOException {
        Path crlf = dir.resolve("crlf.txt");
        Files.writeString(crlf, Cli.fixture("x86_64-q35", "mtree-D.txt").replace("\n", "\r\n"));
        Path flat = Cli.fixturePath("x86_64-q35", "mtree-f.txt");
        Cli r = Cli.run("import", crlf.toString(), flat.toString());
        assertEquals(0, r.status, r.err);
        assertEquals(Cli.run("import", Cli.fixturePath("x86_64-q35", "mtree-D.txt").toString(), flat.toString()).out,
                r.out);
    }

    @Test
    void mmioRegionsBecomeLoggingStubs() throws CommandException {
        ImportCommand.Imported m = ImportCommand.rebuild(Cli.fixturePath("x86_64-pc", "mtree-D.txt"),
                Cli.fixturePath("x86_64-pc", "mtree-f.txt"));
        var memory = m.system().addressSpaces().stream().filter(as -> as.name().equals("memory")).findFirst()
                .orElseThrow();
        assertEquals(0, memory.store(0xfed00010L, 4, 1, false, dev.addrspace.memory.MemTxAttrs.NONE));
        assertEquals(0, memory.load(0xfec00000L, 4, false, dev.addrspace.memory.MemTxAttrs.NONE, null));
        assertEquals(List.of("write hpet+0x10 size 4 = 0x1", "read  ioapic+0x0 size 4 -> 0x0"), m.log().lines());
    }

    @Test
    void aMissingFileIsAnInputFailure(@TempDir Path dir) {
        Path missing = dir.resolve("nope.txt");
        Cli r = Cli.run("import", missing.toString());
        assertEquals(1, r.status);
        assertEquals("", r.out);
        assertEquals("addrspace import: " + missing + ": no such file\n", r.err);
    }

    @Test
    void aDirectoryIsAnInputFailure(@TempDir Path dir) {
        Cli r = Cli.run("import", dir.toString());
        assertEquals(1, r.status);
        assertEquals("addrspace import: " + dir + ": cannot read: is a directory\n", r.err);
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Cli.fixture("x86_64-pc", "mtree-D.txt").lines().toList());
        lines.set(6, "    0000000000000000-00000000zzzzzzzz (prio 0, ram): broken");
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, lines, StandardCharsets.UTF_8);
        Cli r = Cli.run("import", bad.toString());
        assertEquals(1, r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("addrspace import: " + bad + ":7: "), r.err);
        assertTrue(r.err.endsWith(": \"    0000000000000000-00000000zzzzzzzz (prio 0, ram): broken\"\n"), r.err);
        assertEquals(1, r.err.lines().count(), r.err);
    }

    @Test
    void textThatIsNoDumpAtAllIsAnInputFailure(@TempDir Path dir) throws IOException {
        Path hello = dir.resolve("hello.txt");
        Files.writeString(hello, "hello\n");
        Cli r = Cli.run("import", hello.toString());
        assertEquals(1, r.status);
        assertEquals("addrspace import: " + hello + ":1: expected \"address-space: \", \"memory-region: \" or"
                + " \"FlatView #\" to start a section: \"hello\"\n", r.err);
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        Cli e = Cli.run("import", empty.toString());
        assertEquals(1, e.status);
        assertEquals("addrspace import: " + empty + ": end of text: no \"address-space:\", \"memory-region:\" or"
                + " \"FlatView #\" section found\n", e.err);
    }

    @Test
    void aFlatDumpGivenAsTheTreeIsRefused() {
        Path flat = Cli.fixturePath("x86_64-pc", "mtree-f.txt");
        Cli r = Cli.run("import", flat.toString());
        assertEquals(1, r.status);
        assertEquals("addrspace import: " + flat + ": no tree view (no 'address-space:' line); give the output"
                + " of info mtree -D, not of info mtree -f\n", r.err);
    }

    @Test
    void aTreeDumpGivenAsTheFlatOneIsRefused() {
        Path tree = Cli.fixturePath("x86_64-pc", "mtree-D.txt");
        Cli r = Cli.run("import", tree.toString(), tree.toString());
        assertEquals(1, r.status);
        assertEquals("addrspace import: " + tree + ": no flat view (no 'FlatView #' line); give the output of"
                + " info mtree -f\n", r.err);
    }

    @Test
    void anAliasWithoutItsTargetSectionCannotBeRebuilt(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("orphan.txt");
        Files.writeString(dump, """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system
                    0000000000000000-0000000000000fff (prio 0, ram): alias lo @missing 0000000000000000-0000000000000fff

                """);
        Cli r = Cli.run("import", dump.toString());
        assertEquals(1, r.status);
        assertEquals("addrspace import: " + dump + ": cannot rebuild: alias 'lo' names target 'missing', which has"
                + " no memory-region section\n", r.err);
    }

    @Test
    void usageErrors() {
        Cli none = Cli.run("import");
        assertEquals(2, none.status);
        assertEquals("addrspace import: which dump? give a file holding QEMU's info mtree -D output\n"
                + "usage: addrspace import [-D] DUMP [FLAT]\n"
                + "Run 'addrspace help import' for more.\n", none.err);
        Cli option = Cli.run("import", "-x", "a");
        assertEquals(2, option.status);
        assertTrue(option.err.startsWith("addrspace import: unknown option '-x'\n"), option.err);
        Cli three = Cli.run("import", "a", "b", "c");
        assertEquals(2, three.status);
        assertTrue(three.err.startsWith("addrspace import: too many files: at most DUMP and FLAT, got a third, 'c'\n"),
                three.err);
    }
}
