package dev.addrspace.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's tour pastes the tool's output: every pasted line must still be what the tool prints. */
class ReadmeTest {

    /** The code blocks of the README's "A short tour" section. */
    private static List<String> tourBlocks() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String tour = readme.substring(readme.indexOf("## A short tour"), readme.indexOf("## Documentation"));
        String[] parts = tour.split("```\n");
        return List.of(parts[1], parts[3]);
    }

    @Test
    void theDemoExcerptIsTheDemosOutput() throws IOException {
        String demo = Cli.run().out;
        for (String line : tourBlocks().get(0).split("\n")) {
            if (!line.equals("...")) {
                Cli.assertHasLine(demo, line);
            }
        }
    }

    @Test
    void theMtreeExcerptIsAViewOfTheArmBoard() throws IOException {
        String flat = Cli.run("mtree", "-f", "arm-virt").out;
        assertTrue(flat.contains(tourBlocks().get(1)), tourBlocks().get(1));
    }
}
