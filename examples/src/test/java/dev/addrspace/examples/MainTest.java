package dev.addrspace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertLine(String text, String regex) {
        assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(text).find(),
                "no line matching " + regex + " in:\n" + text);
    }

    @Test
    void noArgumentsPrintsEveryTargetsSlotLayouts() {
        assertEquals(0, run());
        String text = out();
        assertLine(text, "ARM \\(ArmAddressSpaceSlots.MAX = 4\\)");
        assertLine(text, "x86 \\(X86AddressSpaceSlots.MAX = 2\\)");
        assertLine(text, "RISC-V \\(RiscvAddressSpaceSlots.MAX = 1\\)");
        // virt,secure=on,mte=on: four slots, both tag spaces named alike, the secure one on its own view
        assertLine(text, " +3: TAG_S +cpu-tag-memory-1 +root: secure-tag-memory +\\[view C\\]");
        assertLine(text, " +1: S +cpu-secure-memory-1 +root: secure-memory +\\[view B\\]");
        // EL3 without a secure-memory link: the secure space shares the non-secure view
        assertLine(text, " +1: S +cpu-secure-memory-0 +root: system +\\[view A\\]");
        assertLine(text, " +realize error: Cannot enable KVM when guest CPU has EL3 enabled");
        // x86 TCG: SMM shares system's view until SMRAM is added, then each CPU's root renders its own
        assertLine(text, " +1: SMM +cpu-smm-1 +root: memory +\\[view A\\]");
        assertLine(text, " +1: SMM +cpu-smm-1 +root: memory +\\[view C\\]");
        assertLine(text, " +1: SMM +cpu-smm-1 +root: mem-container-smram +\\[view B\\]");
        assertLine(text, " +0: MEMORY +cpu-memory-0 +root: system +\\[view A\\]");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void slotsIsTheDefaultCommand() {
        run();
        String byDefault = out();
        out.reset();
        assertEquals(0, run("slots"));
        assertEquals(byDefault, out());
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("usage: addrspace"), out());
        assertLine(out(), "  slots .*");
    }

    @Test
    void unknownCommandsAndExtraArgumentsAreUsageErrors() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("addrspace: unknown command 'frobnicate'"));
        err.reset();
        assertEquals(2, run("slots", "extra"));
        assertEquals("addrspace slots: takes no arguments\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out());
    }
}
