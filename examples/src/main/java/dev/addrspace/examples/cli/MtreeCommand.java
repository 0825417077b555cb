package dev.addrspace.examples.cli;

import dev.addrspace.examples.boards.Boards;
import dev.addrspace.mtree.Mtree;
import java.io.PrintStream;
import java.util.List;

/** {@code addrspace mtree [-f] [-D] BOARD}: a board's memory, printed as QEMU's {@code info mtree}. */
final class MtreeCommand implements Command {

    @Override
    public String name() {
        return "mtree";
    }

    @Override
    public String synopsis() {
        return "[-f] [-D] BOARD";
    }

    @Override
    public String summary() {
        return "print a board's memory as QEMU's monitor command info mtree";
    }

    @Override
    public String help() {
        return "Prints the board's memory regions in the exact text format of QEMU's 'info mtree'.\n"
                + "\n"
                + "  -f     the flat views instead: what each address space resolves to, range by range\n"
                + "  -D     show disabled regions too, marked [disabled] (tree view only, as in QEMU)\n"
                + "\n"
                + "BOARD is one of " + Boards.names() + " (see 'addrspace boards').\n"
                + "Address-space groups and flat views come in creation order (QEMU's order is a hash order).\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        boolean flat = false;
        boolean disabled = false;
        String board = null;
        for (String arg : args) {
            if (arg.equals("-f")) {
                flat = true;
            } else if (arg.equals("-D")) {
                disabled = true;
            } else {
                board = Command.boardOperand(board, arg);
            }
        }
        Command.requireBoard(board);
        out.print(Mtree.info(Command.board(board).system(), flat, disabled));
        return 0;
    }
}
