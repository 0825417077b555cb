/*
 * remap: reads device registers and remaps memory through them, on QEMU virt's CFI parallel flash
 * (cfi.pflash01, Intel command set): virt.flash0 at 0x20000000 and virt.flash1 at 0x22000000, 32 MiB
 * each, a 32-bit bank of two 16-bit devices, 256 KiB sectors, present even without a drive (then
 * erased to zeros). In read-array mode the flash is a ROM device read directly ("romd"); writing a
 * command switches it out of romd mode, so reads go to the device (CFI query, identifier, status);
 * writing 0xff (read array) maps the array back. The program walks through every mode, programs and
 * erases words, runs code it programmed into the flash, and prints every value it reads. Every
 * access is naturally aligned: QEMU's TCG splits a misaligned MMIO access into two aligned ones of
 * the same size, a CPU detail this program does not test.
 */
#include "guest.h"

#define FLASH0 0x20000000UL
#define FLASH1 0x22000000UL
#define SECTOR 0x40000UL

static uint32_t rd32(uintptr_t a)
{
    return mmio_read32(a);
}

static void cmd(uintptr_t a, uint32_t c)
{
    mmio_write32(a, c);
}

static void show32(const char *what, uintptr_t a)
{
    gprintf("  %-34s [%08lx] = %08x\n", what, (uint64_t)a, rd32(a));
}

/* Reads a at every width; a must be 8-byte aligned (the 64-bit read is two 32-bit device reads). */
static void show_widths(const char *what, uintptr_t a)
{
    gprintf("  %-34s [%08lx] b=%02x h=%04x w=%08x d=%016lx\n", what, (uint64_t)a, mmio_read8(a),
            mmio_read16(a), mmio_read32(a), mmio_read64(a));
}

static void show_bhw(const char *what, uintptr_t a)
{
    gprintf("  %-34s [%08lx] b=%02x h=%04x w=%08x\n", what, (uint64_t)a, mmio_read8(a), mmio_read16(a),
            mmio_read32(a));
}

static void array_reads(const char *when)
{
    gprintf("%s:\n", when);
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

static void cfi_query(uintptr_t base)
{
    uint8_t t[0x58];
    gprintf("CFI query table (one 32-bit read per entry, entry i at offset 4*i):\n");
    for (int i = 0; i < 0x58; i++) {
        uint32_t w = rd32(base + 4 * i);
        t[i] = (uint8_t)w;
        if (i % 4 == 0) {
            gprintf("  %02x:", i);
        }
        gprintf(" %08x", w);
        if (i % 4 == 3) {
            uart_putc('\n');
        }
    }
    gprintf("  signature \"%c%c%c\", command set %04x, extended table at %04x\n", t[0x10], t[0x11], t[0x12],
            t[0x13] | t[0x14] << 8, t[0x15] | t[0x16] << 8);
    gprintf("  device size 2^%u = %u bytes per device, interface %04x, write buffer 2^%u bytes\n", t[0x27],
            1u << t[0x27], t[0x28] | t[0x29] << 8, t[0x2a] | t[0x2b] << 8);
    gprintf("  erase regions %u: %u blocks of %u bytes per device\n", t[0x2c], (t[0x2d] | t[0x2e] << 8) + 1u,
            (t[0x2f] | t[0x30] << 8) * 256u);
    gprintf("  extended table \"%c%c%c\" version %c.%c\n", t[0x31], t[0x32], t[0x33], t[0x34], t[0x35]);
}

typedef uint64_t (*fn_t)(void);

int main(void)
{
    gprintf("remap: CFI flash modes on QEMU virt's virt.flash0/virt.flash1\n");
    array_reads("read-array mode after reset (romd: reads come from the array)");
    show_widths("widths", FLASH0 + 0x40);

    gprintf("write 0x98 (CFI query) to flash0:\n");
    cmd(FLASH0, 0x98);
    cfi_query(FLASH0);
    show_widths("widths at entry 0x10", FLASH0 + 0x40);
    show_bhw("widths at entry 0x11", FLASH0 + 0x44);
    show_widths("widths at entry 0x12", FLASH0 + 0x48);
    show32("flash0 +0x1000 (entry 0x400)", FLASH0 + 0x1000);
    show32("flash1 +0 (flash1 stays in romd)", FLASH1);

    gprintf("write 0x90 while in query mode (ignored: still query):\n");
    cmd(FLASH0, 0x90);
    show32("entry 0x10", FLASH0 + 0x40);

    gprintf("write 0xff (read array):\n");
    cmd(FLASH0, 0xff);
    show32("flash0 +0x40", FLASH0 + 0x40);

    gprintf("write 0x90 (read identifier):\n");
    cmd(FLASH0, 0x90);
    show_widths("manufacturer +0", FLASH0);
    show_bhw("device +4", FLASH0 + 4);
    show32("block lock status +8", FLASH0 + 8);
    show32("+0xc", FLASH0 + 0xc);
    show32("+0x400 (offset >> 2 = 0x100)", FLASH0 + 0x400);
    show32("+0x404", FLASH0 + 0x404);
    show32("+0x40000", FLASH0 + SECTOR);
    gprintf("  bytes +0..+3 = %02x %02x %02x %02x, halfwords +0, +2 = %04x %04x\n", mmio_read8(FLASH0),
            mmio_read8(FLASH0 + 1), mmio_read8(FLASH0 + 2), mmio_read8(FLASH0 + 3), mmio_read16(FLASH0),
            mmio_read16(FLASH0 + 2));

    gprintf("write 0x70 (read status) from identifier mode:\n");
    cmd(FLASH0, 0x70);
    show_widths("status", FLASH0);
    show32("status anywhere +0x123450", FLASH0 + 0x123450);

    gprintf("write 0x50 (clear status; back to read array):\n");
    cmd(FLASH0, 0x50);
    show32("flash0 +0", FLASH0);
    cmd(FLASH0, 0x70);
    show32("status after clear", FLASH0);
    cmd(FLASH0, 0xff);

    gprintf("program: 0x40 then 0xdeadbeef at +0x1000, 0x10 then 0x12345678 at +0x1004:\n");
    cmd(FLASH0 + 0x1000, 0x40);
    show32("status during program", FLASH0 + 0x1000);
    mmio_write32(FLASH0 + 0x1000, 0xdeadbeefu);
    show32("status after program", FLASH0 + 0x1000);
    cmd(FLASH0 + 0x1004, 0x10);
    mmio_write32(FLASH0 + 0x1004, 0x12345678u);
    show32("status after program", FLASH0 + 0x1000);
    cmd(FLASH0, 0xff);
    array_reads("read array after programming");

    gprintf("program a 16-bit and an 8-bit write at +0x2000:\n");
    cmd(FLASH0 + 0x2000, 0x40);
    mmio_write16(FLASH0 + 0x2002, 0xa55a);
    cmd(FLASH0 + 0x2000, 0x40);
    mmio_write8(FLASH0 + 0x2000, 0x3c);
    cmd(FLASH0, 0xff);
    show32("flash0 +0x2000", FLASH0 + 0x2000);

    gprintf("block erase sector 1: 0x20 at +0x40010, then 0xd0:\n");
    cmd(FLASH0 + SECTOR + 0x10, 0x20);
    show32("status after 0x20", FLASH0);
    cmd(FLASH0 + SECTOR + 0x10, 0xd0);
    show32("status after 0xd0", FLASH0);
    cmd(FLASH0, 0xff);
    array_reads("read array after erasing sector 1");

    gprintf("block lock: 0x60 then 0x01, then 0x60 then 0xd0:\n");
    cmd(FLASH0, 0x60);
    show32("status after 0x60", FLASH0);
    cmd(FLASH0, 0x01);
    show32("status after 0x01", FLASH0);
    cmd(FLASH0, 0x60);
    cmd(FLASH0, 0xd0);
    show32("status after 0xd0", FLASH0);
    cmd(FLASH0, 0xff);
    show32("flash0 +0x1000 after 0xff", FLASH0 + 0x1000);

    gprintf("an unknown command 0x33 returns to read array:\n");
    cmd(FLASH0, 0x33);
    show32("flash0 +0x1000", FLASH0 + 0x1000);
    gprintf("an erase aborted by another command (0x20 then 0x70) returns to read array:\n");
    cmd(FLASH0 + 3 * SECTOR, 0x20);
    cmd(FLASH0 + 3 * SECTOR, 0x70);
    show32("flash0 +0xc0000 (erased)", FLASH0 + 3 * SECTOR);
    show32("flash0 +0x1000", FLASH0 + 0x1000);
    gprintf("a byte-wide command: 0x98 with sb, then 0xff with sb:\n");
    mmio_write8(FLASH0 + 0x40, 0x98);
    show32("entry 0x10", FLASH0 + 0x40);
    mmio_write8(FLASH0 + 0x40, 0xff);
    show32("flash0 +0x40", FLASH0 + 0x40);

    gprintf("the banks are independent: 0x98 to flash1:\n");
    cmd(FLASH1, 0x98);
    show32("flash1 entry 0x10", FLASH1 + 0x40);
    show32("flash0 +0x1000 (romd)", FLASH0 + 0x1000);
    cmd(FLASH1, 0xff);
    show32("flash1 +0x40", FLASH1 + 0x40);

    gprintf("run code programmed into flash1 (addi a0, zero, 0x5a; ret), fetched in romd mode:\n");
    static const uint32_t code[] = { 0x05a00513u, 0x00008067u };
    for (int i = 0; i < 2; i++) {
        cmd(FLASH1 + 0x100 + 4 * i, 0x40);
        mmio_write32(FLASH1 + 0x100 + 4 * i, code[i]);
    }
    cmd(FLASH1, 0xff);
    __asm__ volatile ("fence.i" ::: "memory");
    fn_t fn = (fn_t)(FLASH1 + 0x100);
    uint64_t r = fn();
    gprintf("  returned %lx\n", r);
    return 0;
}
