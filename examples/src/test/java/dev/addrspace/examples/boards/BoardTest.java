package dev.addrspace.examples.boards;

import static dev.addrspace.examples.cli.Cli.assertHasLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.examples.cli.Cli;
import dev.addrspace.examples.devices.Ns16550;
import dev.addrspace.examples.devices.Pl011;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.mtree.Mtree;
import dev.addrspace.targets.arm.ArmAddressSpaceSlots;
import dev.addrspace.targets.i386.X86AddressSpaceSlots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boards' devices and switches, accessed as a guest would. */
class BoardTest {

    private static final MemTxAttrs NS = MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_NON_SECURE);
    private final AccessResult result = new AccessResult();

    @Test
    void armUartsSendWhatTheGuestWritesToTheirConsoles() {
        List<Integer> console = new ArrayList<>();
        List<Integer> secureConsole = new ArrayList<>();
        ArmVirtBoard board = new ArmVirtBoard(console::add, secureConsole::add);
        CpuState cpu = board.cpus().get(1);
        AddressSpace ns = ArmAddressSpaceSlots.ns(cpu);
        assertEquals(MemTxResult.OK, ns.stb(ArmVirtBoard.UART_BASE, 'o', NS));
        assertEquals(MemTxResult.OK, ns.stlLe(ArmVirtBoard.UART_BASE, 'k', NS));
        assertEquals(List.of((int) 'o', (int) 'k'), console);
        assertEquals("ok", board.uart().transmitted());
        // The flag register says "transmit FIFO empty", so a polling driver goes on.
        assertEquals(Pl011.FR_TXFE | Pl011.FR_RXFE, ns.ldlLe(ArmVirtBoard.UART_BASE + Pl011.UARTFR, NS, result));
        // The secure UART answers secure accesses only.
        assertEquals(MemTxResult.DECODE_ERROR, ns.stb(ArmVirtBoard.SECURE_UART_BASE, 'x', NS));
        assertEquals(MemTxResult.OK, ArmAddressSpaceSlots.s(cpu).stb(ArmVirtBoard.SECURE_UART_BASE, 's',
                MemTxAttrs.SECURE_ACCESS));
        assertEquals(List.of((int) 's'), secureConsole);
    }

    @Test
    void armSlotsAreQemusForVirtSecureMte() {
        ArmVirtBoard board = new ArmVirtBoard();
        for (CpuState cpu : board.cpus()) {
            int n = cpu.cpuIndex();
            assertEquals(4, cpu.numAses());
            assertEquals("cpu-memory-" + n, ArmAddressSpaceSlots.ns(cpu).name());
            assertEquals("cpu-secure-memory-" + n, ArmAddressSpaceSlots.s(cpu).name());
            assertEquals("cpu-tag-memory-" + n, ArmAddressSpaceSlots.tagNs(cpu).name());
            assertEquals("cpu-tag-memory-" + n, ArmAddressSpaceSlots.tagS(cpu).name());
            assertEquals("secure-tag-memory", ArmAddressSpaceSlots.tagS(cpu).root().name());
        }
        assertEquals(List.of("memory", "I/O", "cpu-memory-0", "cpu-secure-memory-0", "cpu-tag-memory-0",
                "cpu-tag-memory-0", "cpu-memory-1", "cpu-secure-memory-1", "cpu-tag-memory-1", "cpu-tag-memory-1"),
                board.system().addressSpaces().stream().map(AddressSpace::name).toList());
    }

    @Test
    void armFlashIsReadDirectlyAndItsCommandWritesGoToTheDevice() {
        ArmVirtBoard board = new ArmVirtBoard();
        AddressSpace ns = board.cpus().get(0).as();
        assertEquals(0, ns.ldlLe(ArmVirtBoard.FLASH1_BASE, NS, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(MemTxResult.OK, ns.stb(ArmVirtBoard.FLASH1_BASE + 0x55, 0x98, NS));   // CFI query
        assertEquals(List.of("write virt.flash1+0x55 size 1 = 0x98"), board.flashLog().lines());
        // flash0 is secure-only.
        assertEquals(0, ns.ldlLe(0, NS, result));
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
    }

    @Test
    void x86PamModesSwitchWhatTheCpuSees() {
        X86PcBoard board = new X86PcBoard();
        AddressSpace mem = X86AddressSpaceSlots.mem(board.cpus().get(0));
        long seg = 0xc4000;
        assertEquals(X86PcBoard.PamMode.PCI, board.pam(seg));
        // PCI: the option ROM, which a plain write does not change.
        assertEquals(MemTxResult.DECODE_ERROR, mem.stb(seg, 0x11, MemTxAttrs.NONE));
        assertEquals("pc.rom", mem.translate(seg, 1, false, MemTxAttrs.NONE).region().name());

        board.setPam(seg, X86PcBoard.PamMode.READ_WRITE);
        assertEquals(MemTxResult.OK, mem.stb(seg, 0x22, MemTxAttrs.NONE));
        assertEquals(0x22, mem.ldub(seg, MemTxAttrs.NONE, result));
        assertHasLine(Mtree.flat(board.system()),
                "  00000000000c4000-00000000000c7fff (prio 0, ram): pc.ram @00000000000c4000");

        // Read-only: QEMU's pam-rom alias is read-only, so the range prints as rom.
        board.setPam(seg, X86PcBoard.PamMode.READ_ONLY);
        assertEquals(0x22, mem.ldub(seg, MemTxAttrs.NONE, result));
        assertHasLine(Mtree.flat(board.system()),
                "  00000000000c4000-00000000000c7fff (prio 0, rom): pc.ram @00000000000c4000");
        // As QEMU's address_space_write and st*: the flag is the alias's, not pc.ram's, so a plain write
        // still lands (QEMU's TCG would discard a CPU store there; case 24 of the model document).
        assertEquals(MemTxResult.OK, mem.stb(seg, 0x33, MemTxAttrs.NONE));
        assertEquals(0x33, mem.ldub(seg, MemTxAttrs.NONE, result));

        board.setPam(seg, X86PcBoard.PamMode.PCI);
        assertEquals("pc.rom", mem.translate(seg, 1, false, MemTxAttrs.NONE).region().name());
        // Only that segment moved.
        assertEquals(X86PcBoard.PamMode.PCI, board.pam(0xc0000));
        assertEquals(X86PcBoard.PamMode.PCI, board.pam(0xf0000));
        assertThrows(IllegalArgumentException.class, () -> board.setPam(0xbffff, X86PcBoard.PamMode.PCI));
        assertThrows(IllegalArgumentException.class, () -> board.pam(0x100000));
    }

    @Test
    void x86BiosIsAtTheTopOfTheFirstFourGigabytesAndBelowOneMegabyte() {
        X86PcBoard board = new X86PcBoard();
        AddressSpace mem = board.cpus().get(0).as();
        // The same ROM byte at both places: isa-bios is an alias of pc.bios's last 128 KiB.
        byte[] sig = {0x12, 0x34};
        mem.writeRom(0xfffffff0L, MemTxAttrs.NONE, sig, 0, 2);
        assertEquals(0x3412, mem.lduwLe(0xffff0, MemTxAttrs.NONE, result));
        assertEquals(MemTxResult.OK, result.get());
    }

    @Test
    void x86IoPortsReadAllOnesWhereNothingAnswers() {
        X86PcBoard board = new X86PcBoard();
        AddressSpace io = board.system().addressSpaces().stream().filter(as -> as.name().equals("I/O"))
                .findFirst().orElseThrow();
        assertEquals(0xffffffffL, io.ldlLe(0x3f8, MemTxAttrs.NONE, result) & 0xffffffffL);
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(0, io.ldub(0x80, MemTxAttrs.NONE, result));
        assertEquals(MemTxResult.OK, io.stb(0x80, 0x42, MemTxAttrs.NONE));
        assertEquals(List.of("read  ioport80+0x0 size 1 -> 0x0", "write ioport80+0x0 size 1 = 0x42"),
                board.stubLog().lines());
    }

    @Test
    void x86SmmRootIsQemusTcgShape() {
        X86PcBoard board = new X86PcBoard();
        CpuState cpu = board.cpus().get(0);
        AddressSpace smm = X86AddressSpaceSlots.smm(cpu);
        assertEquals("cpu-smm-0", smm.name());
        assertEquals("memory", smm.root().name());
        assertEquals(List.of("smram", "memory"), smm.root().subregions().stream().map(r -> r.name()).toList());
        // At reset SMRAM is disabled, yet the SMM root has two enabled children: its own view, as in QEMU.
        assertFalse(smm.flatView() == cpu.as().flatView());
        assertTrue(Mtree.flat(board.system()).contains(" AS \"cpu-smm-0\", root: memory\n Root memory region: memory\n"));
    }

    @Test
    void riscvUartAndRom() {
        List<Integer> console = new ArrayList<>();
        RiscvVirtBoard board = new RiscvVirtBoard(console::add);
        CpuState hart = board.cpus().get(0);
        assertEquals(1, hart.numAses());
        assertEquals(0, hart.asIndexFromAttrs(MemTxAttrs.SECURE_ACCESS));
        AddressSpace as = hart.as();
        assertEquals(Ns16550.LSR_THRE_TEMT, as.ldub(RiscvVirtBoard.UART_BASE + Ns16550.LSR, MemTxAttrs.NONE, result));
        assertEquals(MemTxResult.OK, as.stb(RiscvVirtBoard.UART_BASE, 'r', MemTxAttrs.NONE));
        assertEquals(List.of((int) 'r'), console);
        assertEquals(MemTxResult.DECODE_ERROR, as.stb(RiscvVirtBoard.MROM_BASE, 1, MemTxAttrs.NONE));
        assertEquals(List.of("cpu-memory-0"), board.system().addressSpaces().stream().map(AddressSpace::name).toList());
    }

    @Test
    void riscvRamIsSparseByDefaultAndPreallocatedOnRequestWithTheSameTree() {
        RiscvVirtBoard sparse = new RiscvVirtBoard();
        RiscvVirtBoard preallocated = new RiscvVirtBoard(b -> { }, true);
        assertFalse(ram(sparse).ramBlock().isPreallocated());
        assertTrue(ram(preallocated).ramBlock().isPreallocated());
        assertEquals(Mtree.info(sparse.system(), true, false), Mtree.info(preallocated.system(), true, false));
        AddressSpace as = preallocated.cpus().get(0).as();
        long last = RiscvVirtBoard.RAM_BASE + RiscvVirtBoard.RAM_SIZE - 8;
        assertEquals(MemTxResult.OK, as.stqLe(last, 0x1122334455667788L, MemTxAttrs.NONE));
        assertEquals(0x1122334455667788L, as.ldqLe(last, MemTxAttrs.NONE, result));
        assertEquals(0, as.ldqLe(RiscvVirtBoard.RAM_BASE, MemTxAttrs.NONE, result));
    }

    private static MemoryRegion ram(RiscvVirtBoard board) {
        return board.cpus().get(0).as().flatView().ranges().stream()
                .filter(fr -> fr.region().name().equals("riscv_virt_board.ram"))
                .findFirst().orElseThrow().region();
    }
}
