package dev.addrspace.examples.cli;

import static dev.addrspace.examples.cli.Cli.assertHasLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code addrspace mtree [-f] [-D] BOARD} end to end. */
class MtreeCommandTest {

    @Test
    void treeOfTheRiscvBoard() {
        Cli r = Cli.run("mtree", "riscv-virt");
        assertEquals(0, r.status);
        assertEquals("""
                address-space: cpu-memory-0
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system
                    0000000000001000-000000000000ffff (prio 0, rom): riscv_virt_board.mrom
                    0000000000100000-0000000000100fff (prio 0, i/o): riscv.sifive.test
                    0000000010000000-0000000010000007 (prio 0, i/o): serial
                    0000000020000000-0000000021ffffff (prio 0, romd): virt.flash0
                    0000000022000000-0000000023ffffff (prio 0, romd): virt.flash1
                    0000000080000000-0000000087ffffff (prio 0, ram): riscv_virt_board.ram

                """, r.out);
        assertEquals("", r.err);
    }

    @Test
    void flatViewsOfTheArmBoard() {
        Cli r = Cli.run("mtree", "-f", "arm-virt");
        assertEquals(0, r.status);
        assertTrue(r.out.startsWith("""
                FlatView #0
                 AS "memory", root: system
                 AS "cpu-memory-0", root: system
                 AS "cpu-memory-1", root: system
                 Root memory region: system
                  0000000004000000-0000000007ffffff (prio 0, romd): virt.flash1
                  0000000009000000-0000000009000fff (prio 0, i/o): pl011
                  0000000040000000-0000000047ffffff (prio 0, ram): mach-virt.ram

                FlatView #1
                 AS "I/O", root: io
                """), r.out);
        assertHasLine(r.out, " AS \"cpu-secure-memory-1\", root: secure-memory");
        assertHasLine(r.out, "  000000000e000000-000000000effffff (prio 0, ram): virt.secure-ram");
        assertHasLine(r.out, " AS \"cpu-tag-memory-1\", root: secure-tag-memory");
        assertHasLine(r.out, "  0000000000700000-000000000077ffff (prio 0, ram): mach-virt.secure-tag");
        assertEquals(5, r.out.lines().filter(l -> l.startsWith("FlatView #")).count());
    }

    @Test
    void disabledRegionsOnlyWithMinusD() {
        String plain = Cli.run("mtree", "x86-pc").out;
        String all = Cli.run("mtree", "-D", "x86-pc").out;
        assertFalse(plain.contains("[disabled]"), plain);
        assertHasLine(all, "    00000000000c0000-00000000000c3fff (prio 1, ram): alias pam-ram @pc.ram"
                + " 00000000000c0000-00000000000c3fff [disabled]");
        assertHasLine(all, "  0000000000000000-00000000ffffffff (prio 0, i/o): smram [disabled]");
        assertHasLine(plain, "    00000000000c0000-00000000000c3fff (prio 1, i/o): alias pam-pci @pci"
                + " 00000000000c0000-00000000000c3fff");
        // Hidden disabled smram: its enabled child keeps its depth, as QEMU prints it.
        assertHasLine(plain, "memory-region: smram");
        assertHasLine(plain, "    00000000000a0000-00000000000bffff (prio 0, ram): alias smram-low @pc.ram"
                + " 00000000000a0000-00000000000bffff");
        assertEquals(plain, all.lines().filter(l -> !l.endsWith(" [disabled]"))
                .map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void optionsMayComeInAnyOrderAndMinusDDoesNotChangeFlatViews() {
        String f = Cli.run("mtree", "-f", "x86-pc").out;
        assertEquals(f, Cli.run("mtree", "x86-pc", "-f").out);
        assertEquals(f, Cli.run("mtree", "-D", "-f", "x86-pc").out);
        assertHasLine(f, " AS \"cpu-smm-0\", root: memory");
        assertHasLine(f, "  00000000fee00000-00000000feefffff (prio 4096, i/o): apic-msi");
    }

    @Test
    void unknownBoardIsAUsageError() {
        Cli r = Cli.run("mtree", "sparc-ss5");
        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertEquals("""
                addrspace mtree: unknown board 'sparc-ss5'; the boards are arm-virt, x86-pc, riscv-virt
                usage: addrspace mtree [-f] [-D] BOARD
                Run 'addrspace help mtree' for more.
                """, r.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "two"})
    void badCommandLinesAreUsageErrors(String variant) {
        Cli r = switch (variant) {
            case "" -> Cli.run("mtree", "-f");
            case "-x" -> Cli.run("mtree", "-x", "arm-virt");
            default -> Cli.run("mtree", "arm-virt", "x86-pc");
        };
        assertEquals(2, r.status);
        assertEquals("", r.out);
        String first = r.err.lines().findFirst().orElseThrow();
        assertEquals(switch (variant) {
            case "" -> "addrspace mtree: which board? one of arm-virt, x86-pc, riscv-virt";
            case "-x" -> "addrspace mtree: unknown option '-x'";
            default -> "addrspace mtree: one board only, got 'arm-virt' and 'x86-pc'";
        }, first);
    }
}
