package dev.addrspace.examples.cli;

import dev.addrspace.examples.boards.GuestPrograms;
import dev.addrspace.examples.boards.RiscvVirtBoard;
import dev.addrspace.examples.devices.SifiveTest;
import dev.addrspace.targets.riscv.RiscvCpuStateHart;
import dev.addrspace.targets.riscv.RiscvDisassembler;
import dev.addrspace.targets.riscv.RiscvElf;
import dev.addrspace.targets.riscv.RiscvHart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code addrspace run BOARD ELF [--max-steps N] [--trace] [--rvc] [--mem-prealloc]}: loads a RISC-V
 * executable into the board through its address space and runs it on the board's hart until the guest
 * ends the run through the test finisher. The guest's UART output goes to standard output; the exit status is the finisher's.
 */
final class RunCommand implements Command {

    /** Exit status when the step limit ends the run (or the hart waits forever), as {@code timeout(1)}. */
    static final int TIMEOUT = 124;

    /** The largest file read: more than the RAM and ROM of any board together. */
    static final long MAX_FILE = 512L << 20;

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "BOARD ELF [--max-steps N] [--trace] [--rvc] [--mem-prealloc]";
    }

    @Override
    public String summary() {
        return "run a RISC-V program on a board's hart, every access through its address space";
    }

    @Override
    public String help() {
        return "Loads ELF, an ELF64 little-endian RISC-V executable (or the name of a bundled program:\n"
                + String.join(", ", GuestPrograms.NAMES) + "), into BOARD's RAM or ROM through the board's\n"
                + "address space, starts hart 0 at the entry with a0 = 0, prints what the guest writes to the\n"
                + "UART and exits with the status the guest gives the test\n"
                + "finisher (0x5555: 0; (code << 16) | 0x3333: code; 0x7777 resets and runs the program again).\n"
                + "\n"
                + "  --max-steps N   stop after N steps (instructions, or traps) with exit status 124 and the pc\n"
                + "                  on standard error\n"
                + "  --trace         print each step to standard error: pc, instruction word, disassembly\n"
                + "  --rvc           give the hart the C extension (RV64IMAC, as QEMU's default rv64 CPU); without it\n"
                + "                  the hart is RV64IMA, as QEMU's -cpu rv64,c=off, and jumps to 2 mod 4 trap\n"
                + "  --mem-prealloc  allocate the board's RAM as one array up front (QEMU's -mem-prealloc), the\n"
                + "                  page cache's fastest path; without it RAM pages are allocated on first write\n"
                + "\n"
                + "BOARD must have a RISC-V hart: riscv-virt. A file that is not an ELF64 RISC-V executable, or\n"
                + "whose segments fall outside the board's RAM and ROM, is an error (status 1); nothing runs.\n"
                + "A hart waiting in wfi can never wake (the board has no interrupt source): status 124, as a\n"
                + "timeout of QEMU would give. docs/riscv-hart.md lists what the hart implements.\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        String boardName = null;
        String program = null;
        long maxSteps = Long.MAX_VALUE;
        boolean trace = false;
        boolean rvc = false;
        boolean memPrealloc = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--trace")) {
                trace = true;
            } else if (arg.equals("--rvc")) {
                rvc = true;
            } else if (arg.equals("--mem-prealloc")) {
                memPrealloc = true;
            } else if (arg.equals("--max-steps")) {
                if (i + 1 == args.size()) {
                    throw CommandException.usage("--max-steps needs a number");
                }
                maxSteps = steps(args.get(++i));
            } else if (arg.startsWith("--max-steps=")) {
                maxSteps = steps(arg.substring("--max-steps=".length()));
            } else if (arg.startsWith("-")) {
                throw CommandException.usage("unknown option '" + arg + "'");
            } else if (boardName == null) {
                boardName = arg;
            } else if (program == null) {
                program = arg;
            } else {
                throw CommandException.usage("unexpected argument '" + arg + "'");
            }
        }
        if (boardName == null || program == null) {
            throw CommandException.usage("which board and which program? for example: run riscv-virt hello");
        }
        if (!(Command.board(boardName) instanceof RiscvVirtBoard)) {
            throw CommandException.usage("board '" + boardName + "' has no RISC-V hart to run on; use riscv-virt");
        }
        RiscvElf elf = parse(program);
        RiscvVirtBoard board = new RiscvVirtBoard(b -> out.write(b), memPrealloc);
        try {
            elf.load(board.cpu().as());
        } catch (IllegalArgumentException e) {
            throw CommandException.failure(program + ": " + e.getMessage(), e);
        }
        RiscvHart hart = new RiscvCpuStateHart(board.cpu(), rvc);
        SifiveTest finisher = board.finisher();
        finisher.setListener(hart::requestStop);
        hart.reset(elf.entry());
        RiscvHart.Tracer tracer = trace ? (pc, word, ok) -> err.println(ok
                ? String.format((word & 3) == 3 ? "%016x: %08x  %s" : "%016x: %04x      %s", pc, word,
                        RiscvDisassembler.disassemble(word, pc))
                : String.format("%016x: (no instruction: fetch traps)", pc)) : null;
        long left = maxSteps;
        while (true) {
            long done = tracer != null ? hart.runTraced(left, tracer) : hart.run(left);
            left -= done;
            int reason = hart.stopReason();
            if (reason == RiscvHart.STOP_REQUESTED && finisher.state() == SifiveTest.State.EXITED) {
                out.flush();
                return finisher.exitStatus();
            }
            if (reason == RiscvHart.STOP_REQUESTED && finisher.state() == SifiveTest.State.RESET_REQUESTED) {
                finisher.clear();
                elf.load(board.cpu().as()); // QEMU's reset writes the -kernel image again
                hart.reset(elf.entry());
                continue;
            }
            out.flush();
            if (reason == RiscvHart.STOP_WFI) {
                err.printf("addrspace run: hart 0 waits for an interrupt (wfi at pc=0x%x) that no device of %s can"
                        + " raise; stopped after %d steps%n", hart.pc() - 4, boardName, maxSteps - left);
            } else {
                err.printf("addrspace run: stopped after %d steps (--max-steps); pc=0x%x%n", maxSteps - left, hart.pc());
            }
            return TIMEOUT;
        }
    }

    private static long steps(String s) throws CommandException {
        try {
            long n = Long.parseLong(s);
            if (n < 0) {
                throw CommandException.usage("--max-steps must be 0 or more, got " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw CommandException.usage("--max-steps takes a number of steps, got '" + s + "'");
        }
    }

    /** Reads and checks the program: a file, or else a bundled program's name. */
    private static RiscvElf parse(String program) throws CommandException {
        byte[] bytes;
        Path path = Path.of(program);
        try {
            if (Files.isRegularFile(path) && Files.size(path) > MAX_FILE) {
                throw CommandException.failure(program + ": " + Files.size(path) + " bytes is larger than any program"
                        + " the board's memory could hold (" + MAX_FILE + " bytes at most)", null);
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            if (!GuestPrograms.NAMES.contains(program)) {
                throw CommandException.failure(program + ": no such file, and no bundled program of that name ("
                        + String.join(", ", GuestPrograms.NAMES) + ")", e);
            }
            bytes = GuestPrograms.elf(program);
        } catch (IOException | RuntimeException e) {
            throw CommandException.failure(program + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return RiscvElf.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw CommandException.failure(program + ": " + e.getMessage(), e);
        }
    }
}
