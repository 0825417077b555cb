package dev.addrspace.examples.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code addrspace help [COMMAND]}: the tool's help, or one command's. */
final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String synopsis() {
        return "[COMMAND]";
    }

    @Override
    public String summary() {
        return "print this help, or a command's";
    }

    @Override
    public String help() {
        return "Without COMMAND, lists the commands; with it, prints the command's usage and options\n"
                + "(the same as 'addrspace COMMAND --help').\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        if (args.isEmpty()) {
            Main.usage(out);
            return 0;
        }
        if (args.size() > 1) {
            throw CommandException.usage("one command at a time, got " + String.join(" ", args));
        }
        Command command = Main.find(args.get(0));
        if (command == null) {
            throw CommandException.usage("unknown command '" + args.get(0) + "'; the commands are "
                    + String.join(", ", Main.COMMANDS.stream().map(Command::name).toList()));
        }
        Main.commandHelp(command, out);
        return 0;
    }
}
