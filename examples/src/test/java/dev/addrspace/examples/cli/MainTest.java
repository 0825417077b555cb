package dev.addrspace.examples.cli;

import static dev.addrspace.examples.cli.Cli.assertLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: dispatch, help, usage errors and exit codes. */
class MainTest {

    @Test
    void noArgumentsRunsTheDemo() {
        Cli none = Cli.run();
        assertEquals(0, none.status);
        assertEquals(Cli.run("demo").out, none.out);
        assertTrue(none.out.startsWith("Each line is one guest access"), none.out);
        assertEquals("", none.err);
    }

    @Test
    void helpListsEveryCommandWithItsSynopsis() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.status);
        assertEquals("", help.err);
        assertTrue(help.out.startsWith("usage: addrspace [COMMAND [ARGUMENTS]]\n"), help.out);
        assertLine(help.out, "  demo +scripted accesses on the three boards and a real RISC-V program \\(the default command\\)");
        assertLine(help.out, "  run BOARD ELF \\[--max-steps N\\] \\[--trace\\] \\[--rvc\\] \\[--mem-prealloc\\] +run a RISC-V program on a board's hart, .*");
        assertLine(help.out, "  mtree \\[-f\\] \\[-D\\] BOARD +print a board's memory as QEMU's monitor command info mtree");
        assertLine(help.out, "  import \\[-D\\] DUMP \\[FLAT\\] +rebuild a machine from QEMU's info mtree -D output .*");
        assertLine(help.out, "  boards +list the example boards");
        assertLine(help.out, "  slots +print each target's CPU address-space slot layouts");
        assertLine(help.out, "  help \\[COMMAND\\] +print this help, or a command's");
        assertLine(help.out, "Exit status: 0 ok, 1 input or runtime failure, 2 usage error.");
        assertEquals(help.out, Cli.run("-h").out);
        assertEquals(help.out, Cli.run("help").out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "mtree", "import", "boards", "slots", "help"})
    void everyCommandAnswersHelpBothWays(String command) {
        Cli viaHelp = Cli.run("help", command);
        assertEquals(0, viaHelp.status);
        Command c = Main.find(command);
        String usage = "usage: addrspace " + command + (c.synopsis().isEmpty() ? "" : " " + c.synopsis());
        assertTrue(viaHelp.out.startsWith(usage + "\n\n"), viaHelp.out);
        assertTrue(viaHelp.out.endsWith(c.help()), viaHelp.out);
        assertEquals(viaHelp.out, Cli.run(command, "--help").out);
        assertEquals(viaHelp.out, Cli.run(command, "-h").out);
        // --help wins over anything else on the line, even a bad argument.
        assertEquals(viaHelp.out, Cli.run(command, "--bogus", "--help").out);
    }

    @Test
    void mtreeHelpNamesItsOptionsAndBoards() {
        Cli help = Cli.run("mtree", "--help");
        assertEquals("""
                usage: addrspace mtree [-f] [-D] BOARD

                Print a board's memory as QEMU's monitor command info mtree.

                Prints the board's memory regions in the exact text format of QEMU's 'info mtree'.

                  -f     the flat views instead: what each address space resolves to, range by range
                  -D     show disabled regions too, marked [disabled] (tree view only, as in QEMU)

                BOARD is one of arm-virt, x86-pc, riscv-virt (see 'addrspace boards').
                Address-space groups and flat views come in creation order (QEMU's order is a hash order).
                """, help.out);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli r = Cli.run("frobnicate");
        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("addrspace: unknown command 'frobnicate'\nusage: addrspace [COMMAND"), r.err);
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageError() {
        Cli r = Cli.run("help", "frobnicate");
        assertEquals(2, r.status);
        assertEquals("""
                addrspace help: unknown command 'frobnicate'; the commands are demo, run, mtree, map, import, boards, slots, help
                usage: addrspace help [COMMAND]
                Run 'addrspace help help' for more.
                """, r.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "boards", "slots"})
    void commandsWithoutArgumentsRejectOne(String command) {
        Cli r = Cli.run(command, "extra");
        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertEquals("addrspace " + command + ": takes no arguments, got 'extra'\n"
                + "usage: addrspace " + command + "\n"
                + "Run 'addrspace help " + command + "' for more.\n", r.err);
    }

    @Test
    void boardsListsTheThreeBoards() {
        Cli r = Cli.run("boards");
        assertEquals(0, r.status);
        assertEquals(3, r.out.lines().count(), r.out);
        assertLine(r.out, "arm-virt +ARM, QEMU's virt with secure=on,mte=on: 2 CPUs with 4 address spaces each, .*");
        assertLine(r.out, "x86-pc +x86, QEMU's pc \\(i440FX\\): a TCG CPU with an SMM address space, .*");
        assertLine(r.out, "riscv-virt +RISC-V, QEMU's virt: one hart with one address space, .*");
    }

    @Test
    void slotsPrintsEveryTargetsSlotLayouts() {
        Cli r = Cli.run("slots");
        assertEquals(0, r.status);
        String text = r.out;
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
        assertEquals("", r.err);
    }
}
