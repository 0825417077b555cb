package dev.addrspace.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class MapCommandTest {

    @TempDir
    Path dir;

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arm-virt", "x86-pc", "riscv-virt"})
    void writesAnSvgOfEachBoard(String board) throws Exception {
        Path svg = dir.resolve(board + ".svg");
        Cli cli = Cli.run("map", board, "--svg", svg.toString());
        assertEquals(0, cli.status, cli.err);
        assertEquals("", cli.err);
        assertTrue(cli.out.startsWith("wrote " + svg + " ("), cli.out);
        Document doc = parse(Files.readString(svg));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(doc.getDocumentElement().getTextContent().contains("addrspace map: " + board));
    }

    @Test
    void writesHtmlAndSvgTogether() throws Exception {
        Path svg = dir.resolve("pc.svg");
        Path html = dir.resolve("pc.html");
        Cli cli = Cli.run("map", "--html", html.toString(), "x86-pc", "--svg", svg.toString());
        assertEquals(0, cli.status, cli.err);
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        parse(page.substring(page.indexOf("<svg"), page.indexOf("</svg>") + 6));
        String picture = Files.readString(svg);
        assertTrue(picture.contains("data-name=\"cpu-smm-0\""), "x86-pc has an SMM address space");
        assertEquals(picture, Files.readString(svg), "deterministic");
        Cli again = Cli.run("map", "x86-pc", "--svg", dir.resolve("again.svg").toString());
        assertEquals(0, again.status);
        assertEquals(picture, Files.readString(dir.resolve("again.svg")));
    }

    @Test
    void unknownBoardIsAUsageError() {
        Cli cli = Cli.run("map", "vax", "--svg", dir.resolve("x.svg").toString());
        assertEquals(2, cli.status);
        assertTrue(cli.err.contains("addrspace map: unknown board 'vax'"), cli.err);
        assertTrue(cli.err.contains("usage: addrspace map BOARD --svg FILE"), cli.err);
        assertFalse(Files.exists(dir.resolve("x.svg")));
    }

    @Test
    void missingOutputOptionIsAUsageError() {
        Cli cli = Cli.run("map", "x86-pc");
        assertEquals(2, cli.status);
        assertTrue(cli.err.contains("give --svg FILE or --html FILE"), cli.err);
        Cli noFile = Cli.run("map", "x86-pc", "--svg");
        assertEquals(2, noFile.status);
        assertTrue(noFile.err.contains("--svg needs a file name"), noFile.err);
        Cli noBoard = Cli.run("map", "--svg", dir.resolve("x.svg").toString());
        assertEquals(2, noBoard.status);
        assertTrue(noBoard.err.contains("which board?"), noBoard.err);
        Cli twice = Cli.run("map", "x86-pc", "--html", "a", "--html", "b");
        assertEquals(2, twice.status);
        assertTrue(twice.err.contains("--html given twice"), twice.err);
        Cli option = Cli.run("map", "x86-pc", "--png", "a");
        assertEquals(2, option.status);
        assertTrue(option.err.contains("unknown option '--png'"), option.err);
    }

    @Test
    void unwritablePathIsAFailure() {
        Cli missingDir = Cli.run("map", "x86-pc", "--svg", dir.resolve("no/such/dir/x.svg").toString());
        assertEquals(1, missingDir.status);
        assertTrue(missingDir.err.contains("cannot write " + dir.resolve("no/such/dir/x.svg") + ": no such directory"),
                missingDir.err);
        Cli isDir = Cli.run("map", "x86-pc", "--html", dir.toString());
        assertEquals(1, isDir.status);
        assertTrue(isDir.err.contains("cannot write " + dir + ": is a directory"), isDir.err);
    }

    @Test
    void helpDescribesTheOptions() {
        Cli help = Cli.run("help", "map");
        assertEquals(0, help.status);
        assertTrue(help.out.startsWith("usage: addrspace map BOARD --svg FILE\n"), help.out);
        assertTrue(help.out.contains("--html FILE"));
        assertEquals(help.out, Cli.run("map", "--help").out);
        Cli.assertLine(Cli.run("--help").out, "  map BOARD --svg FILE +draw a board's address spaces side by side as an SVG or HTML picture");
    }

    @Test
    void importDrawsARebuiltQemuDump() throws Exception {
        Path svg = dir.resolve("q35.svg");
        Cli cli = Cli.run("import", Cli.fixturePath("x86_64-q35", "mtree-D.txt").toString(),
                Cli.fixturePath("x86_64-q35", "mtree-f.txt").toString(), "--svg", svg.toString());
        assertEquals(0, cli.status, cli.err);
        assertTrue(cli.out.startsWith("wrote " + svg), cli.out);
        Document doc = parse(Files.readString(svg));
        assertTrue(doc.getDocumentElement().getTextContent().contains("mtree-D.txt (QEMU dump, rebuilt)"));
        assertTrue(Files.readString(svg).contains("data-name=\"cpu-smm-0\""));
        Cli plain = Cli.run("import", Cli.fixturePath("x86_64-q35", "mtree-D.txt").toString());
        assertTrue(plain.out.startsWith("FlatView #0"), plain.out);
    }
}
