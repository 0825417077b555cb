package dev.addrspace.examples.cli;

import static dev.addrspace.examples.cli.Cli.assertLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.addrspace.examples.boards.ArmVirtBoard;
import dev.addrspace.examples.boards.X86PcBoard;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.targets.arm.ArmCpu;
import dev.addrspace.targets.i386.X86AddressSpaceSlots;
import org.junit.jupiter.api.Test;

/**
 * {@code addrspace demo}: the whole output is pinned (every value in it comes from the runtime, so a
 * change of behaviour shows here), and the claims it makes are checked again directly on the boards.
 */
class DemoCommandTest {

    @Test
    void printsTheScriptedAccesses() {
        Cli r = Cli.run("demo");
        assertEquals(0, r.status);
        assertEquals("", r.err);
        assertEquals("""
                Each line is one guest access: the CPU and its attrs, the slot that cpu.asIndexFromAttrs(attrs)
                picked and its address space, the access, the region that answered, and the MemTxResult.

                ARM virt,secure=on,mte=on (2 CPUs): secure RAM, MTE tags and UARTs
                  cpu0 secure     S      cpu-secure-memory-0  write 4     0x0e000000 <- 0x5ec0de              virt.secure-ram      OK
                  cpu0 non-secure NS     cpu-memory-0         read 4      0x0e000000 -> 0x0                   (nothing)            DECODE_ERROR
                  cpu1 secure     S      cpu-secure-memory-1  read 4      0x0e000000 -> 0x5ec0de              virt.secure-ram      OK
                  the tags of RAM granule 0x40001000 live at 0x02000080 of the tag spaces (slot from ArmCpu.tagAsIndexFromAttrs)
                  cpu0 non-secure TAG_NS cpu-tag-memory-0     write 1     0x02000080 <- 0x3                   mach-virt.tag        OK
                  cpu0 non-secure NS     cpu-memory-0         read 1      0x02000080 -> 0x0                   (nothing)            DECODE_ERROR
                  cpu1 secure     TAG_S  cpu-tag-memory-1     read 1      0x02000080 -> 0x3                   mach-virt.tag        OK
                  cpu1 non-secure NS     cpu-memory-1         write 1 x16 0x09000000 <- "Hello from cpu1\\n"   pl011                OK
                  pl011 at 0x09000000 printed: Hello from cpu1
                  cpu1 non-secure NS     cpu-memory-1         write 1     0x09040000 <- 0x21                  (nothing)            DECODE_ERROR
                  cpu0 secure     S      cpu-secure-memory-0  write 1 x13 0x09040000 <- "Secure hello\\n"      pl011                OK
                  the secure pl011 at 0x09040000 printed: Secure hello

                x86 pc (1 TCG CPU): SMRAM and PAM
                  SMRAM register set as the firmware does: G_SMRAME=1 D_OPEN=0 (smram enabled)
                  cpu0 SMM        SMM    cpu-smm-0            write 4     0x000a0000 <- 0x534d4d21            pc.ram               OK
                  cpu0 normal     MEM    cpu-memory-0         read 4      0x000a0000 -> 0x0                   vga-lowmem           OK
                  cpu0 SMM        SMM    cpu-smm-0            read 4      0x000a0000 -> 0x534d4d21            pc.ram               OK
                  PAM segment 0xc0000-0xc3fff is PCI (reset): the option ROM shows through
                  cpu0 normal     MEM    cpu-memory-0         read 2      0x000c0000 -> 0xaa55                pc.rom               OK
                  PAM segment 0xc0000-0xc3fff set to READ_WRITE: RAM shows through (shadowing)
                  cpu0 normal     MEM    cpu-memory-0         write 2     0x000c0000 <- 0x1234                pc.ram               OK
                  cpu0 normal     MEM    cpu-memory-0         read 2      0x000c0000 -> 0x1234                pc.ram               OK
                  PAM segment 0xc0000-0xc3fff set back to PCI
                  cpu0 normal     MEM    cpu-memory-0         read 2      0x000c0000 -> 0xaa55                pc.rom               OK
                  port I/O goes to the machine's one I/O address space, where nothing claims port 0x3f8
                  cpu0 normal     -      I/O                  read 1      0x000003f8 -> 0xff                  io                   OK

                RISC-V virt (1 hart): one address space, whatever the attrs
                  cpu0 secure     MEMORY cpu-memory-0         write 4     0x80000000 <- 0x13                  riscv_virt_board.ram OK
                  cpu0 normal     MEMORY cpu-memory-0         write 1 x18 0x10000000 <- "Hello from hart 0\\n" serial               OK
                  serial at 0x10000000 printed: Hello from hart 0

                RISC-V virt running real code: the bundled guest program hello (addrspace run riscv-virt hello)
                  loaded 1 segment(s) through cpu-memory-0; hart 0 starts at 0x80000000 with a0 = 0
                  serial | Hello, world! This is RV64IM guest code talking through a 16550 UART.
                  570 instructions, each fetch, load and store through cpu0's page cache: 778 hits, 4 misses
                  (the misses: the first touch of each page, and every access to the UART and the finisher);
                  the guest wrote 0x5555 to riscv.sifive.test at 0x00100000: EXITED, exit status 0

                More: addrspace mtree -f arm-virt | x86-pc | riscv-virt, addrspace slots, addrspace --help
                """, r.out);
    }

    @Test
    void theKeyLinesSayWhatTheRuntimeDid() {
        String out = Cli.run("demo").out;
        assertLine(out, "  cpu0 secure +S +cpu-secure-memory-0 +write 4 +0x0e000000 <- 0x5ec0de +virt.secure-ram +OK");
        assertLine(out, "  cpu0 non-secure +NS +cpu-memory-0 +read 4 +0x0e000000 -> 0x0 +\\(nothing\\) +DECODE_ERROR");
        assertLine(out, "  cpu1 secure +TAG_S +cpu-tag-memory-1 +read 1 +0x02000080 -> 0x3 +mach-virt.tag +OK");
        assertLine(out, "  cpu0 normal +MEM +cpu-memory-0 +read 4 +0x000a0000 -> 0x0 +vga-lowmem +OK");
        assertLine(out, "  cpu0 SMM +SMM +cpu-smm-0 +read 4 +0x000a0000 -> 0x534d4d21 +pc.ram +OK");
        assertLine(out, "  pl011 at 0x09000000 printed: Hello from cpu1");
    }

    @Test
    void theBoardsBehaveAsTheDemoSays() {
        ArmVirtBoard arm = new ArmVirtBoard();
        var cpu = arm.cpus().get(0);
        MemTxAttrs ns = MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_NON_SECURE);
        assertEquals(1, cpu.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertEquals(0, cpu.asIndexFromAttrs(ns));
        assertEquals(3, ArmCpu.tagAsIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        assertEquals(MemTxResult.OK, cpu.addressSpace(1).store(ArmVirtBoard.SECURE_RAM_BASE, 4, 7, false,
                MemTxAttrs.SECURE_ACCESS));
        var result = new dev.addrspace.memory.AccessResult();
        assertEquals(0, cpu.addressSpace(0).load(ArmVirtBoard.SECURE_RAM_BASE, 4, false, ns, result));
        assertEquals(MemTxResult.DECODE_ERROR, result.get());

        X86PcBoard pc = new X86PcBoard();
        var x86 = pc.cpus().get(0);
        assertEquals(X86AddressSpaceSlots.SMM, x86.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        // At reset SMRAM is disabled: SMM sees the VGA window like everyone else.
        assertEquals("vga-lowmem", x86.addressSpace(1).translate(0xa0000, 4, false, MemTxAttrs.SECURE_ACCESS)
                .region().name());
        pc.setSmram(true, false);
        assertEquals("pc.ram", x86.addressSpace(1).translate(0xa0000, 4, false, MemTxAttrs.SECURE_ACCESS)
                .region().name());
        // D_OPEN: the normal address space sees SMRAM too.
        pc.setSmram(true, true);
        assertEquals("pc.ram", x86.as().translate(0xa0000, 4, false, MemTxAttrs.NONE).region().name());
    }
}
