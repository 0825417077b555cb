package dev.addrspace.examples;

import java.util.List;
import java.util.function.Supplier;

/**
 * The example boards the commands know by name: {@code arm-virt}, {@code x86-pc} and {@code riscv-virt}.
 */
final class Boards {

    /**
     * One board: its command-line name, a one-line description and how to build it (with its UARTs
     * printing nowhere).
     *
     * @param name the name, as {@code mtree BOARD} takes it
     * @param summary one line for {@code addrspace boards}
     * @param factory builds a fresh board
     */
    record Entry(String name, String summary, Supplier<Board> factory) {
    }

    /** Every board, in the order {@code addrspace boards} lists them. */
    static final List<Entry> ALL = List.of(
            new Entry("arm-virt", "ARM, QEMU's virt with secure=on,mte=on: 2 CPUs with 4 address spaces each,"
                    + " secure flash and RAM, MTE tags, PL011 UARTs", ArmVirtBoard::new),
            new Entry("x86-pc", "x86, QEMU's pc (i440FX): a TCG CPU with an SMM address space, SMRAM, PAM,"
                    + " BIOS ROM, PCI hole, I/O ports", X86PcBoard::new),
            new Entry("riscv-virt", "RISC-V, QEMU's virt: one hart with one address space, boot ROM, RAM,"
                    + " a 16550 UART", RiscvVirtBoard::new));

    private Boards() {
    }

    /**
     * Builds the board called {@code name}.
     *
     * @param name a board name
     * @return a new board
     * @throws CommandException (usage) if no board has that name; the message lists the names
     */
    static Board create(String name) throws CommandException {
        for (Entry e : ALL) {
            if (e.name().equals(name)) {
                return e.factory().get();
            }
        }
        throw CommandException.usage("unknown board '" + name + "'; the boards are " + names());
    }

    /** @return the board names joined with ", " */
    static String names() {
        return String.join(", ", ALL.stream().map(Entry::name).toList());
    }
}
