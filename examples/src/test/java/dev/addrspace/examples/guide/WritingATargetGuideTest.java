package dev.addrspace.examples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/writing-a-target.md true: its enum, realize code and board are these test sources (compiled
 * with the processor by this build), and the output it shows is what the board prints.
 */
class WritingATargetGuideTest {

    private static String guide() throws IOException {
        return Files.readString(Path.of("..", "docs", "writing-a-target.md"));
    }

    /** The fenced code blocks of the guide, in order. */
    private static List<String> blocks(String text) {
        List<String> out = new ArrayList<>();
        String[] parts = text.split("```[a-z]*\n");
        for (int i = 1; i < parts.length; i += 2) {
            out.add(parts[i]);
        }
        return out;
    }

    private static String source(String name) throws IOException {
        return Files.readString(Path.of("src", "test", "java", "dev", "addrspace", "examples", "guide", name))
                .replace("package dev.addrspace.examples.guide;", "package com.example.cpu;");
    }

    @Test
    void theEnumAndTheRealizeCodeAreTheCompiledOnes() throws IOException {
        List<String> blocks = blocks(guide());
        assertTrue(blocks.contains(source("MyAddressSpace.java")), "section 1 differs from MyAddressSpace.java");
        assertTrue(blocks.contains(source("MyCpu.java")), "section 4 differs from MyCpu.java");
    }

    @Test
    void theBoardCodeIsTheCompiledOneAndPrintsWhatTheGuideShows() throws IOException {
        String board = source("MyBoard.java");
        String body = board.substring(board.indexOf('\n', board.indexOf("private static void main() {")) + 1,
                board.indexOf("    }\n    // END guide section 6"));
        String dedented = String.join("\n", body.lines().map(l -> l.length() >= 8 ? l.substring(8) : l).toList())
                + "\n";
        List<String> blocks = blocks(guide());
        assertTrue(blocks.contains(dedented), "section 6 differs from MyBoard.java:\n" + dedented);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MyBoard.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        // The guide's block cannot show the blank line that ends Mtree's output.
        assertEquals(blocks.get(blocks.indexOf(dedented) + 1), printed.stripTrailing() + "\n");
    }

    @Test
    void theGeneratedClassHasTheMembersTheGuideNames() {
        assertEquals(2, MyAddressSpaceSlots.MAX);
        assertEquals(0, MyAddressSpaceSlots.MEMORY);
        assertEquals(1, MyAddressSpaceSlots.SECURE);
        assertEquals(MyAddressSpace.SECURE, MyAddressSpaceSlots.constantAt(1));
        assertEquals("cpu-secure-memory", MyAddressSpaceSlots.prefixOf(MyAddressSpace.SECURE));
    }
}
