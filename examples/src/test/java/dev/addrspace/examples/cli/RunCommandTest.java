package dev.addrspace.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.examples.boards.GuestPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code addrspace run}: the bundled guest programs against QEMU's output and exit status (fixtures made
 * with {@code qemu-system-riscv64 -M virt -cpu rv64,c=off -bios none -kernel ELF -nographic}, see
 * {@code examples/src/test/resources/guest/README.md}), bad files, step limits, traces, resets, usage.
 */
class RunCommandTest {

    @TempDir
    Path dir;

    private static String resource(String name) {
        try (InputStream in = RunCommandTest.class.getResourceAsStream("/guest/" + name)) {
            if (in == null) {
                throw new AssertionError("fixture /guest/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "traps", "rv64im", "memkern", "remap"})
    void guestProgramPrintsAndExitsAsOnQemu(String name) {
        Cli r = Cli.run("run", "riscv-virt", name);
        assertEquals(resource(name + ".out"), r.out, name + "'s UART output");
        assertEquals(Integer.parseInt(resource(name + ".status").trim()), r.status, name + "'s exit status");
        assertEquals("", r.err);
    }

    /**
     * With the RAM preallocated (one array, the page cache's window), every program prints and exits as
     * with sparse RAM, that is as on QEMU.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hello", "traps", "rv64im", "memkern", "remap"})
    void withPreallocatedRamProgramsRunAsOnQemu(String name) {
        Cli r = Cli.run("run", "riscv-virt", name, "--mem-prealloc");
        assertEquals(resource(name + ".out"), r.out, name + "'s UART output on preallocated RAM");
        assertEquals(Integer.parseInt(resource(name + ".status").trim()), r.status, name + "'s exit status");
        assertEquals("", r.err);
    }

    /**
     * With C, the programs run as on QEMU's default {@code rv64} CPU, which the fixtures' README describes
     * against the {@code c=off} capture: only {@code traps} differs, its three jumps to 2 mod 4 run the
     * compressed {@code c.li a0, 1; ret} at the target instead of trapping, so they return 1, their three
     * trap lines are gone and every later trap's number is 3 lower.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hello", "traps", "rv64im", "remap"})
    void withTheCExtensionProgramsRunAsOnQemusDefaultCpu(String name) {
        String expected = resource(name + ".out");
        if (name.equals("traps")) {
            StringBuilder sb = new StringBuilder();
            java.util.regex.Matcher trap = java.util.regex.Pattern.compile("^  trap (\\d+): (.*)$").matcher("");
            for (String line : expected.split("\n", -1)) {
                if (line.contains("mcause=0 (instruction address misaligned)")) {
                    continue;
                }
                if (line.matches("  (jal|jalr|beq) returns 0")) {
                    line = line.replace("returns 0", "returns 1");
                } else if (trap.reset(line).matches() && Integer.parseInt(trap.group(1)) > 10) {
                    line = "  trap " + (Integer.parseInt(trap.group(1)) - 3) + ": " + trap.group(2);
                } else if (line.equals("traps taken: 15")) {
                    line = "traps taken: 12";
                }
                sb.append(line).append('\n');
            }
            expected = sb.substring(0, sb.length() - 1);
        }
        Cli r = Cli.run("run", "riscv-virt", name, "--rvc");
        assertEquals(expected, r.out, name + "'s UART output with C");
        assertEquals(Integer.parseInt(resource(name + ".status").trim()), r.status, name + "'s exit status with C");
    }

    @Test
    void everyBundledProgramHasFixtures() {
        for (String name : GuestPrograms.NAMES) {
            resource(name + ".out");
            resource(name + ".status");
        }
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private void rejected(byte[] bytes, String expected) throws IOException {
        Path p = file("bad.elf", bytes);
        Cli r = Cli.run("run", "riscv-virt", p.toString());
        assertEquals(1, r.status, r.err);
        assertEquals("", r.out, "nothing ran");
        assertTrue(r.err.startsWith("addrspace run: " + p + ": "), r.err);
        assertTrue(r.err.contains(expected), () -> "'" + expected + "' not in: " + r.err);
    }

    @Test
    void badFilesExitOneAndRunNothing() throws IOException {
        byte[] hello = GuestPrograms.elf("hello");
        rejected(Arrays.copyOf(hello, 40), "shorter than an ELF64 header");
        rejected(Arrays.copyOf(hello, 100), "program headers");
        rejected("#!/bin/sh\necho hello, world: this shell script is long enough to hold an ELF header, but is none\n".getBytes(StandardCharsets.US_ASCII),
                "not an ELF file: magic 23 21 2f 62");
        byte[] arm = hello.clone();
        ByteBuffer.wrap(arm).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 183);
        rejected(arm, "e_machine=183: not RISC-V");
        byte[] elf32 = hello.clone();
        elf32[4] = 1;
        rejected(elf32, "ELFCLASS32");
        byte[] big = hello.clone();
        big[5] = 2;
        rejected(big, "not little-endian");
        byte[] object = hello.clone();
        ByteBuffer.wrap(object).order(ByteOrder.LITTLE_ENDIAN).putShort(16, (short) 1);
        rejected(object, "e_type=1: not an executable");
        rejected(TinyElf.of(0x4000_0000L, TinyElf.JUMP_TO_SELF), "address 0x40000000 is unmapped");
        rejected(TinyElf.of(0x1000_0000L, TinyElf.JUMP_TO_SELF), "in IO region 'serial'");
        // straddles the end of RAM: the part inside is not written either (nothing runs)
        rejected(TinyElf.of(0x8800_0000L - 4, TinyElf.JUMP_TO_SELF, TinyElf.JUMP_TO_SELF), "0x88000000 is unmapped");
    }

    @Test
    void aFileLargerThanAnyBoardIsRejectedUnread() throws IOException {
        Path p = dir.resolve("huge.elf");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(RunCommand.MAX_FILE + 1); // sparse: nothing is written
        }
        Cli r = Cli.run("run", "riscv-virt", p.toString());
        assertEquals(1, r.status);
        assertTrue(r.err.contains("is larger than any program"), r.err);
    }

    @Test
    void missingFileIsAnError() {
        Cli r = Cli.run("run", "riscv-virt", dir.resolve("nothing-here.elf").toString());
        assertEquals(1, r.status);
        assertTrue(r.err.contains("no such file, and no bundled program of that name"), r.err);
    }

    @Test
    void aRunawayProgramStopsAtMaxStepsWithItsPc() throws IOException {
        Path p = file("loop.elf", TinyElf.of(TinyElf.RAM, 0x0000_0013, TinyElf.JUMP_TO_SELF)); // nop; j .
        Cli r = Cli.run("run", "riscv-virt", p.toString(), "--max-steps", "100000");
        assertEquals(124, r.status);
        assertEquals("", r.out);
        assertEquals("addrspace run: stopped after 100000 steps (--max-steps); pc=0x80000004\n", r.err);
    }

    @Test
    void aHartWaitingForAnInterruptEndsTheRun() throws IOException {
        Path p = file("wfi.elf", TinyElf.of(TinyElf.RAM, TinyElf.WFI, TinyElf.JUMP_TO_SELF));
        Cli r = Cli.run("run", "riscv-virt", p.toString());
        assertEquals(124, r.status);
        assertTrue(r.err.contains("waits for an interrupt (wfi at pc=0x80000000)"), r.err);
    }

    @Test
    void resetThroughTheFinisherRunsTheProgramAgain() throws IOException {
        Path p = file("reset.elf", TinyElf.resetThenExit42());
        Cli r = Cli.run("run", "riscv-virt", p.toString(), "--max-steps", "1000");
        assertEquals(42, r.status, r.err);
        assertEquals("", r.err);
    }

    @Test
    void traceShowsEachStep() {
        Cli r = Cli.run("run", "riscv-virt", "hello", "--trace", "--max-steps", "3");
        assertEquals(124, r.status);
        String[] lines = r.err.split("\n");
        assertEquals(4, lines.length, r.err);
        assertTrue(lines[0].matches("0000000080000000: [0-9a-f]{8}  [a-z.]+ .*"), lines[0]);
        assertTrue(lines[3].startsWith("addrspace run: stopped after 3 steps"), lines[3]);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Cli.run("run").status);
        assertEquals(2, Cli.run("run", "riscv-virt").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "--max-steps").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "--max-steps", "lots").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "--max-steps", "-1").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "--fast").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "--rvc=yes").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "--mem-prealloc=yes").status);
        assertEquals(2, Cli.run("run", "riscv-virt", "hello", "extra").status);
        assertEquals(2, Cli.run("run", "no-such-board", "hello").status);
        Cli arm = Cli.run("run", "arm-virt", "hello");
        assertEquals(2, arm.status);
        assertTrue(arm.err.contains("has no RISC-V hart"), arm.err);
    }
}
