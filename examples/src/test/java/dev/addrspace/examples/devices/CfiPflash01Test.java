package dev.addrspace.examples.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.examples.boards.RiscvVirtBoard;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemorySystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * QEMU virt's CFI flash on the {@code riscv-virt} board, checked against what QEMU 7.2 answered to the
 * {@code remap} guest program: {@link Remap} makes the program's accesses in the same order through the
 * hart's {@link CpuState} (page cache, romd switching, MMIO dispatch) and prints what it reads in the
 * program's format; the text must equal QEMU's {@code remap.out} up to the part that runs code from the
 * flash, which needs the hart itself.
 */
class CfiPflash01Test {

    private static final long FLASH0 = RiscvVirtBoard.FLASH0_BASE;
    private static final long FLASH1 = RiscvVirtBoard.FLASH1_BASE;
    private static final long SECTOR = CfiPflash01.VIRT_SECTOR_SIZE;
    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;

    static String fixture(String name) {
        try (InputStream in = CfiPflash01Test.class.getResourceAsStream("/guest/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /guest/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The remap program's accesses and output, in Java. */
    private static final class Remap {
        final CpuState cpu;
        final AccessResult result = new AccessResult();
        final StringBuilder out = new StringBuilder();

        Remap(CpuState cpu) {
            this.cpu = cpu;
        }

        private long check(long v) {
            assertEquals(MemTxResult.OK, result.get(), "access result");
            return v;
        }

        int rd8(long a) {
            return (int) check(cpu.ldub(a, A, result));
        }

        int rd16(long a) {
            return (int) check(cpu.lduwLe(a, A, result));
        }

        long rd32(long a) {
            return check(cpu.ldlLe(a, A, result)) & 0xffff_ffffL;
        }

        long rd64(long a) {
            return check(cpu.ldqLe(a, A, result));
        }

        void cmd(long a, int c) {
            assertEquals(MemTxResult.OK, cpu.stlLe(a, c, A));
        }

        void p(String format, Object... args) {
            out.append(String.format(format, args));
        }

        void show32(String what, long a) {
            p("  %-34s [%08x] = %08x\n", what, a, rd32(a));
        }

        void showWidths(String what, long a) {
            p("  %-34s [%08x] b=%02x h=%04x w=%08x d=%016x\n", what, a, rd8(a), rd16(a), rd32(a), rd64(a));
        }

        void showBhw(String what, long a) {
            p("  %-34s [%08x] b=%02x h=%04x w=%08x\n", what, a, rd8(a), rd16(a), rd32(a));
        }

        void arrayReads(String when) {
            p("%s:\n", when);
            show32("flash0 +0", FLASH0);
            show32("flash0 +0x1000", FLASH0 + 0x1000);
            show32("flash0 +0x1004", FLASH0 + 0x1004);
            show32("flash0 +0x3fffc (end of sector 0)", FLASH0 + SECTOR - 4);
            show32("flash0 +0x40000 (sector 1)", FLASH0 + SECTOR);
            show32("flash0 +0x7fffc (end of sector 1)", FLASH0 + 2 * SECTOR - 4);
            show32("flash0 +0x80000 (sector 2)", FLASH0 + 2 * SECTOR);
            show32("flash0 +0x1fffffc (last word)", FLASH0 + 0x1fffffc);
            show32("flash1 +0", FLASH1);
        }

        void cfiQuery(long base) {
            int[] t = new int[0x58];
            p("CFI query table (one 32-bit read per entry, entry i at offset 4*i):\n");
            for (int i = 0; i < 0x58; i++) {
                long w = rd32(base + 4L * i);
                t[i] = (int) (w & 0xff);
                if (i % 4 == 0) {
                    p("  %02x:", i);
                }
                p(" %08x", w);
                if (i % 4 == 3) {
                    p("\n");
                }
            }
            p("  signature \"%c%c%c\", command set %04x, extended table at %04x\n", (char) t[0x10], (char) t[0x11],
                    (char) t[0x12], t[0x13] | t[0x14] << 8, t[0x15] | t[0x16] << 8);
            p("  device size 2^%d = %d bytes per device, interface %04x, write buffer 2^%d bytes\n", t[0x27],
                    1L << t[0x27], t[0x28] | t[0x29] << 8, t[0x2a] | t[0x2b] << 8);
            p("  erase regions %d: %d blocks of %d bytes per device\n", t[0x2c], (t[0x2d] | t[0x2e] << 8) + 1,
                    (t[0x2f] | t[0x30] << 8) * 256);
            p("  extended table \"%c%c%c\" version %c.%c\n", (char) t[0x31], (char) t[0x32], (char) t[0x33],
                    (char) t[0x34], (char) t[0x35]);
        }

        /** remap.c's main up to the code run from flash1. */
        void run() {
            p("remap: CFI flash modes on QEMU virt's virt.flash0/virt.flash1\n");
            arrayReads("read-array mode after reset (romd: reads come from the array)");
            showWidths("widths", FLASH0 + 0x40);

            p("write 0x98 (CFI query) to flash0:\n");
            cmd(FLASH0, 0x98);
            cfiQuery(FLASH0);
            showWidths("widths at entry 0x10", FLASH0 + 0x40);
            showBhw("widths at entry 0x11", FLASH0 + 0x44);
            showWidths("widths at entry 0x12", FLASH0 + 0x48);
            show32("flash0 +0x1000 (entry 0x400)", FLASH0 + 0x1000);
            show32("flash1 +0 (flash1 stays in romd)", FLASH1);

            p("write 0x90 while in query mode (ignored: still query):\n");
            cmd(FLASH0, 0x90);
            show32("entry 0x10", FLASH0 + 0x40);

            p("write 0xff (read array):\n");
            cmd(FLASH0, 0xff);
            show32("flash0 +0x40", FLASH0 + 0x40);

            p("write 0x90 (read identifier):\n");
            cmd(FLASH0, 0x90);
            showWidths("manufacturer +0", FLASH0);
            showBhw("device +4", FLASH0 + 4);
            show32("block lock status +8", FLASH0 + 8);
            show32("+0xc", FLASH0 + 0xc);
            show32("+0x400 (offset >> 2 = 0x100)", FLASH0 + 0x400);
            show32("+0x404", FLASH0 + 0x404);
            show32("+0x40000", FLASH0 + SECTOR);
            p("  bytes +0..+3 = %02x %02x %02x %02x, halfwords +0, +2 = %04x %04x\n", rd8(FLASH0), rd8(FLASH0 + 1),
                    rd8(FLASH0 + 2), rd8(FLASH0 + 3), rd16(FLASH0), rd16(FLASH0 + 2));

            p("write 0x70 (read status) from identifier mode:\n");
            cmd(FLASH0, 0x70);
            showWidths("status", FLASH0);
            show32("status anywhere +0x123450", FLASH0 + 0x123450);

            p("write 0x50 (clear status; back to read array):\n");
            cmd(FLASH0, 0x50);
            show32("flash0 +0", FLASH0);
            cmd(FLASH0, 0x70);
            show32("status after clear", FLASH0);
            cmd(FLASH0, 0xff);

            p("program: 0x40 then 0xdeadbeef at +0x1000, 0x10 then 0x12345678 at +0x1004:\n");
            cmd(FLASH0 + 0x1000, 0x40);
            show32("status during program", FLASH0 + 0x1000);
            cmd(FLASH0 + 0x1000, 0xdeadbeef);
            show32("status after program", FLASH0 + 0x1000);
            cmd(FLASH0 + 0x1004, 0x10);
            cmd(FLASH0 + 0x1004, 0x12345678);
            show32("status after program", FLASH0 + 0x1000);
            cmd(FLASH0, 0xff);
            arrayReads("read array after programming");

            p("program a 16-bit and an 8-bit write at +0x2000:\n");
            cmd(FLASH0 + 0x2000, 0x40);
            assertEquals(MemTxResult.OK, cpu.stwLe(FLASH0 + 0x2002, 0xa55a, A));
            cmd(FLASH0 + 0x2000, 0x40);
            assertEquals(MemTxResult.OK, cpu.stb(FLASH0 + 0x2000, 0x3c, A));
            cmd(FLASH0, 0xff);
            show32("flash0 +0x2000", FLASH0 + 0x2000);

            p("block erase sector 1: 0x20 at +0x40010, then 0xd0:\n");
            cmd(FLASH0 + SECTOR + 0x10, 0x20);
            show32("status after 0x20", FLASH0);
            cmd(FLASH0 + SECTOR + 0x10, 0xd0);
            show32("status after 0xd0", FLASH0);
            cmd(FLASH0, 0xff);
            arrayReads("read array after erasing sector 1");

            p("block lock: 0x60 then 0x01, then 0x60 then 0xd0:\n");
            cmd(FLASH0, 0x60);
            show32("status after 0x60", FLASH0);
            cmd(FLASH0, 0x01);
            show32("status after 0x01", FLASH0);
            cmd(FLASH0, 0x60);
            cmd(FLASH0, 0xd0);
            show32("status after 0xd0", FLASH0);
            cmd(FLASH0, 0xff);
            show32("flash0 +0x1000 after 0xff", FLASH0 + 0x1000);

            p("an unknown command 0x33 returns to read array:\n");
            cmd(FLASH0, 0x33);
            show32("flash0 +0x1000", FLASH0 + 0x1000);
            p("an erase aborted by another command (0x20 then 0x70) returns to read array:\n");
            cmd(FLASH0 + 3 * SECTOR, 0x20);
            cmd(FLASH0 + 3 * SECTOR, 0x70);
            show32("flash0 +0xc0000 (erased)", FLASH0 + 3 * SECTOR);
            show32("flash0 +0x1000", FLASH0 + 0x1000);
            p("a byte-wide command: 0x98 with sb, then 0xff with sb:\n");
            assertEquals(MemTxResult.OK, cpu.stb(FLASH0 + 0x40, 0x98, A));
            show32("entry 0x10", FLASH0 + 0x40);
            assertEquals(MemTxResult.OK, cpu.stb(FLASH0 + 0x40, 0xff, A));
            show32("flash0 +0x40", FLASH0 + 0x40);

            p("the banks are independent: 0x98 to flash1:\n");
            cmd(FLASH1, 0x98);
            show32("flash1 entry 0x10", FLASH1 + 0x40);
            show32("flash0 +0x1000 (romd)", FLASH0 + 0x1000);
            cmd(FLASH1, 0xff);
            show32("flash1 +0x40", FLASH1 + 0x40);
        }
    }

    @Test
    void theRemapProgramsAccessesReadWhatQemuRead() {
        RiscvVirtBoard board = new RiscvVirtBoard();
        Remap remap = new Remap(board.cpus().get(0));
        remap.run();
        String qemu = fixture("remap.out");
        String marker = "run code programmed into flash1";
        int end = qemu.indexOf(marker);
        assertTrue(end > 0, "fixture has the code-running part");
        assertEquals(qemu.substring(0, end), remap.out.toString());
    }

    @Test
    void commandsSwitchRomdModeAndReadArraySwitchesBack() {
        RiscvVirtBoard board = new RiscvVirtBoard();
        CfiPflash01 flash = board.flash0();
        Remap r = new Remap(board.cpus().get(0));
        assertTrue(flash.region().romdMode());
        r.cmd(FLASH0, 0x98);
        assertFalse(flash.region().romdMode(), "a command leaves romd mode");
        assertEquals(0x98, flash.command());
        assertTrue(board.flash1().region().romdMode(), "the other bank is untouched");
        r.cmd(FLASH0, 0xff);
        assertTrue(flash.region().romdMode());
        r.cmd(FLASH0, 0x70);
        assertFalse(flash.region().romdMode());
        flash.reset();
        assertTrue(flash.region().romdMode());
        assertEquals(0, flash.command());
        assertEquals(0x80, flash.status());
    }

    @Test
    void programmedWordsAreFetchableArrayData() {
        RiscvVirtBoard board = new RiscvVirtBoard();
        Remap r = new Remap(board.cpus().get(0));
        int[] code = {0x05a00513, 0x00008067};
        for (int i = 0; i < code.length; i++) {
            r.cmd(FLASH1 + 0x100 + 4 * i, 0x40);
            r.cmd(FLASH1 + 0x100 + 4 * i, code[i]);
        }
        r.cmd(FLASH1, 0xff);
        assertEquals(0x05a00513L, r.rd32(FLASH1 + 0x100));
        assertEquals(0x00008067L, r.rd32(FLASH1 + 0x104));
        assertEquals(0x05a00513, board.flash1().array().ldlLe(0x100));
    }

    @Test
    void writeToBufferStoresEachWordAndEndsWithConfirm() {
        RiscvVirtBoard board = new RiscvVirtBoard();
        Remap r = new Remap(board.cpus().get(0));
        r.cmd(FLASH0 + 0x800, 0xe8);
        assertEquals(0x00800080L, r.rd32(FLASH0 + 0x800), "status while buffering");
        r.cmd(FLASH0 + 0x800, 1); // count - 1: two words
        r.cmd(FLASH0 + 0x800, 0x11111111);
        r.cmd(FLASH0 + 0x804, 0x22222222);
        r.cmd(FLASH0 + 0x800, 0xd0);
        r.cmd(FLASH0, 0xff);
        assertEquals(0x11111111L, r.rd32(FLASH0 + 0x800));
        assertEquals(0x22222222L, r.rd32(FLASH0 + 0x804));
        // Not confirmed: the words are already stored (as in QEMU), and the flash returns to read array.
        r.cmd(FLASH0 + 0x900, 0xe8);
        r.cmd(FLASH0 + 0x900, 0);
        r.cmd(FLASH0 + 0x900, 0x33333333);
        r.cmd(FLASH0 + 0x900, 0x70);
        assertTrue(board.flash0().region().romdMode());
        assertEquals(0x33333333L, r.rd32(FLASH0 + 0x900));
    }

    @Test
    void badGeometryIsRejected() {
        MemorySystem system = new MemorySystem();
        assertThrows(IllegalArgumentException.class, () -> CfiPflash01.create(system, "f", 3000, 4, 4, 2, 0x89, 0x18));
        assertThrows(IllegalArgumentException.class, () -> CfiPflash01.create(system, "f", 0x1000, 0, 4, 2, 0x89, 0x18));
        assertThrows(IllegalArgumentException.class, () -> CfiPflash01.create(system, "f", 0x1000, 4, 3, 1, 0x89, 0x18));
        assertThrows(IllegalArgumentException.class, () -> CfiPflash01.create(system, "f", 0x1000, 4, 2, 4, 0x89, 0x18));
        assertThrows(IllegalArgumentException.class,
                () -> CfiPflash01.create(system, "f", 0x1000, 4, 4, 2, 0x10000, 0x18));
        assertThrows(NullPointerException.class, () -> CfiPflash01.virt(system, null));
        CfiPflash01 narrow = CfiPflash01.create(system, "f", 0x1000, 4, 1, 1, 0x89, 0x18);
        assertEquals(0x4000L, narrow.region().size());
    }
}
