package dev.addrspace.examples.cli;

import dev.addrspace.examples.boards.Boards;
import java.io.PrintStream;
import java.util.List;

/** {@code addrspace boards}: lists the example boards. */
final class BoardsCommand implements Command {

    @Override
    public String name() {
        return "boards";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String summary() {
        return "list the example boards";
    }

    @Override
    public String help() {
        return "Lists the boards that 'mtree' prints; the demo uses all three.\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        Main.noArguments(args);
        for (Boards.Entry e : Boards.ALL) {
            out.printf("%-11s %s%n", e.name(), e.summary());
        }
        return 0;
    }
}
