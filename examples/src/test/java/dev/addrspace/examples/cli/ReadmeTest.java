package dev.addrspace.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's tour pastes the tool's output: every pasted line must still be what the tool prints. Its
 * two commands are the wrapper's, and CI runs the same test command.
 */
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

    private static String read(String first, String... more) throws IOException {
        return Files.readString(Path.of("..").resolve(Path.of(first, more)));
    }

    @Test
    void theTwoCommandsUseTheWrapperAndCiRunsTheTestCommand() throws IOException {
        String readme = read("README.md");
        assertTrue(readme.contains("```sh\n./mvnw -q -B package -DskipTests -Drun\n```"), "the run command");
        assertTrue(readme.contains("```sh\n./mvnw -B verify\n```"), "the test command");
        for (String line : readme.split("\n")) {
            assertFalse(line.startsWith("mvn "), "a command without the wrapper: " + line);
        }
        assertTrue(read(".ci", "run").contains("TEST_CMD=(./mvnw -B verify)"), ".ci/run runs the README's test command");
        assertTrue(Files.isExecutable(Path.of("..", "mvnw")), "mvnw is executable");
        Matcher url = Pattern.compile("(?m)^distributionUrl=.*/apache-maven/(3\\.9\\.\\d+)/apache-maven-\\1-bin\\.zip$")
                .matcher(read(".mvn", "wrapper", "maven-wrapper.properties"));
        assertTrue(url.find(), "the wrapper downloads a Maven 3.9.x");
        assertTrue(readme.contains("(" + url.group(1) + ")"), "the README names the wrapper's Maven " + url.group(1));
    }

    @Test
    void theJarsMainClassIsTheCommandLineTool() throws Exception {
        Matcher m = Pattern.compile("<addrspace.mainClass>([\\w.]+)</addrspace.mainClass>")
                .matcher(read("examples", "pom.xml"));
        assertTrue(m.find(), "examples/pom.xml names the main class once");
        Method main = Class.forName(m.group(1)).getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(main.getModifiers()), main.toString());
        assertEquals(void.class, main.getReturnType());
        assertTrue(read("README.md").contains("java -jar examples/target/addrspace.jar --help"));
    }
}
