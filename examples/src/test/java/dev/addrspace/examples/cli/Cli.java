package dev.addrspace.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Runs the tool in-process and keeps what it printed; helpers for the QEMU fixtures. */
public final class Cli {

    public final int status;
    public final String out;
    public final String err;

    private Cli(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    public static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts that some whole line of {@code text} matches {@code regex}. */
    public static void assertLine(String text, String regex) {
        assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(text).find(),
                () -> "no line matching " + regex + " in:\n" + text);
    }

    /** Asserts that {@code text} holds {@code line} as a whole line. */
    public static void assertHasLine(String text, String line) {
        assertTrue(("\n" + text).contains("\n" + line + "\n"), () -> "no line '" + line + "' in:\n" + text);
    }

    public static Path fixturePath(String machine, String file) {
        try {
            return Path.of(Cli.class.getResource("/qemu/" + machine + "/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fixture(String machine, String file) {
        try (InputStream in = Cli.class.getResourceAsStream("/qemu/" + machine + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
