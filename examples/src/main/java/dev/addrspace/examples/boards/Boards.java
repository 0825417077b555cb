package dev.addrspace.examples.boards;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The example boards known by name: {@code arm-virt}, {@code x86-pc} and {@code riscv-virt}, as the
 * command-line tool's {@code BOARD} arguments take them.
 */
public final class Boards {

    /**
     * One board: its command-line name, a one-line description and how to build it (with its UARTs
     * printing nowhere).
     *
     * @param name the name, as {@code mtree BOARD} takes it
     * @param summary one line for {@code addrspace boards}
     * @param factory builds a fresh board
     */
    public record Entry(String name, String summary, Supplier<Board> factory) {
    }

    /** Every board, in the order {@code addrspace boards} lists them. */
    public static final List<Entry> ALL = List.of(
            new Entry("arm-virt", "ARM, QEMU's virt with secure=on,mte=on: 2 CPUs with 4 address spaces each,"
                    + " secure flash and RAM, MTE tags, PL011 UARTs", ArmVirtBoard::new),
            new Entry("x86-pc", "x86, QEMU's pc (i440FX): a TCG CPU with an SMM address space, SMRAM, PAM,"
                    + " BIOS ROM, PCI hole, I/O ports", X86PcBoard::new),
            new Entry("riscv-virt", "RISC-V, QEMU's virt: one hart with one address space, boot ROM, RAM,"
                    + " a 16550 UART, two CFI flash banks, the test finisher; runs RV64IMA programs", RiscvVirtBoard::new));

    private Boards() {
    }

    /**
     * Builds the board called {@code name}. Allocates.
     *
     * @param name a board name, compared exactly
     * @return a new board, or empty if no board has that name (see {@link #names()})
     */
    public static Optional<Board> create(String name) {
        for (Entry e : ALL) {
            if (e.name().equals(name)) {
                return Optional.of(e.factory().get());
            }
        }
        return Optional.empty();
    }

    /** @return the board names joined with ", " */
    public static String names() {
        return String.join(", ", ALL.stream().map(Entry::name).toList());
    }
}
