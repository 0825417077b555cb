package dev.addrspace.benchmarks;

import dev.addrspace.examples.boards.GuestPrograms;
import dev.addrspace.examples.boards.RiscvVirtBoard;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.targets.riscv.RiscvCpuStateHart;
import dev.addrspace.targets.riscv.RiscvElf;
import dev.addrspace.targets.riscv.RiscvFlatRamHart;
import dev.addrspace.targets.riscv.RiscvHart;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RISC-V hart running the memory-heavy guest program {@code memkern} (fill, memcpy, a strided pass
 * over 4 MiB, radix and heap sort of 1 MiB; about 147 million instructions per run), with the same
 * interpreter over two memories:
 *
 * <ul>
 *   <li>{@link #addrspace}: the {@code riscv-virt} board, every fetch, load and store through the CPU's
 *       {@code CpuState} (slot, page cache, MMIO dispatch for the UART and the finisher);</li>
 *   <li>{@link #addrspacePreallocated}: the same board with its RAM preallocated (one array, served by the
 *       page cache's window; {@code run --mem-prealloc});</li>
 *   <li>{@link #flatArray}: one flat {@code byte[]} of 128 MiB at 0x80000000 (the limit), the UART and the
 *       finisher answered by a small {@link RiscvFlatRamHart.Io} outside it.</li>
 * </ul>
 *
 * <p>One operation is one interpreter step (an instruction or a trap); each invocation runs
 * {@link #STEPS} of them, restarting the program (reload and reset) whenever it ends, so the score in
 * ns/op is the time per guest instruction, and 1,000 / score is guest MIPS. The two benchmarks run in
 * separate JMH forks (JMH forks per benchmark; {@code @Fork} pins one each): in one JVM they would share
 * the interpreter's call sites to the memory port, which would then be bimorphic for both.
 */
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class RiscvHartBench {

    /** Steps per invocation. */
    public static final int STEPS = 1_000_000;

    private static final long RAM_BASE = RiscvVirtBoard.RAM_BASE;
    private static final long UART_THR = RiscvVirtBoard.UART_BASE;
    private static final long UART_LSR = RiscvVirtBoard.UART_BASE + 5;
    private static final long FINISHER = RiscvVirtBoard.FINISHER_BASE;

    /**
     * Runs the program once to its end (about 147 million steps), so the JIT has compiled the loop and
     * its port before the first warmup iteration: the report's warmup (3 x 1 s) alone is too short for
     * the deeper inlining of the board's path on a busy machine.
     */
    static void warmUp(RiscvHart hart) {
        hart.run(Long.MAX_VALUE);
        if (hart.stopReason() != RiscvHart.STOP_REQUESTED) {
            throw new IllegalStateException("memkern did not end through the finisher: stop reason "
                    + hart.stopReason() + " at pc=0x" + Long.toHexString(hart.pc()));
        }
    }

    /** A loaded program on a hart: what the two benchmarks share. */
    abstract static class Program {
        RiscvHart hart;

        /** Reloads the program and resets the hart, for a run that reached the program's end. */
        abstract void restart();
    }

    /**
     * Runs {@link #STEPS} steps of the program, restarting it whenever it ends.
     *
     * @param s the program
     * @return the pc, so the work is not dead
     */
    private static long steps(Program s) {
        long left = STEPS;
        while (true) {
            left -= s.hart.run(left);
            if (left == 0) {
                return s.hart.pc();
            }
            s.restart();
        }
    }

    /** memkern on the riscv-virt board (sparse RAM), through {@code CpuState}. */
    @State(Scope.Thread)
    public static class OnBoard extends Program {
        RiscvElf elf;
        RiscvVirtBoard board;

        /** @return whether the board's RAM is preallocated */
        boolean preallocatedRam() {
            return false;
        }

        /** Builds the board, loads the program, resets the hart. */
        @Setup
        public void setup() {
            elf = RiscvElf.parse(GuestPrograms.elf("memkern"));
            board = new RiscvVirtBoard(b -> { }, preallocatedRam());
            elf.load(board.cpu().as());
            hart = new RiscvCpuStateHart(board.cpu());
            board.finisher().setListener(hart::requestStop);
            hart.reset(elf.entry());
            warmUp(hart);
            restart();
        }

        @Override
        void restart() {
            board.finisher().clear();
            elf.load(board.cpu().as());
            hart.reset(elf.entry());
        }
    }

    /** memkern on the riscv-virt board with preallocated RAM, through {@code CpuState}. */
    @State(Scope.Thread)
    public static class OnPreallocatedBoard extends OnBoard {
        @Override
        boolean preallocatedRam() {
            return true;
        }
    }

    /** memkern over one flat array. */
    @State(Scope.Thread)
    public static class OnArray extends Program {
        RiscvElf elf;
        byte[] ram;

        /** Allocates the RAM, loads the program, resets the hart. */
        @Setup
        public void setup() {
            elf = RiscvElf.parse(GuestPrograms.elf("memkern"));
            ram = new byte[(int) RiscvVirtBoard.RAM_SIZE];
            elf.load(ram, RAM_BASE);
            final RiscvHart[] self = new RiscvHart[1];
            hart = new RiscvFlatRamHart(0, RAM_BASE, ram, new RiscvFlatRamHart.Io() {
                @Override
                public long load(long addr, int size, AccessResult result) {
                    result.set(MemTxResult.OK);
                    return addr == UART_LSR ? 0x60 : 0;
                }

                @Override
                public int store(long addr, int size, long value) {
                    if (addr == FINISHER) {
                        self[0].requestStop();
                    } else if (addr != UART_THR) {
                        return MemTxResult.DECODE_ERROR;
                    }
                    return MemTxResult.OK;
                }
            });
            self[0] = hart;
            hart.reset(elf.entry());
            warmUp(hart);
            restart();
        }

        @Override
        void restart() {
            elf.load(ram, RAM_BASE);
            hart.reset(elf.entry());
        }
    }

    /**
     * {@link #STEPS} steps of memkern on the board.
     *
     * @param s the board
     * @return the pc, so the work is not dead
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long addrspace(OnBoard s) {
        return steps(s);
    }

    /**
     * {@link #STEPS} steps of memkern on the board with preallocated RAM.
     *
     * @param s the board
     * @return the pc, so the work is not dead
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long addrspacePreallocated(OnPreallocatedBoard s) {
        return steps(s);
    }

    /**
     * {@link #STEPS} steps of memkern over the flat array.
     *
     * @param s the array
     * @return the pc, so the work is not dead
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long flatArray(OnArray s) {
        return steps(s);
    }
}
