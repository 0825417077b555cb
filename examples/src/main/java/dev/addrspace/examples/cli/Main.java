package dev.addrspace.examples.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code addrspace} command-line tool, started by the README's run command
 * ({@code mvn -q -B package -DskipTests -Drun}, arguments in {@code -Dexec.args}). With no arguments it
 * runs {@code demo}. Every command answers {@code --help}; {@code help COMMAND} says the same.
 *
 * <p>Exit status: 0 on success, 1 when the input or the runtime failed, 2 for a usage error. Results go
 * to standard output, errors to standard error.
 */
public final class Main {

    /** The commands, in the order the help lists them. A new command is one more element here. */
    static final List<Command> COMMANDS = List.of(
            new DemoCommand(),
            new RunCommand(),
            new MtreeCommand(),
            new MapCommand(),
            new ImportCommand(),
            new BoardsCommand(),
            new SlotsCommand(),
            new HelpCommand());

    private static final String TOOL = "addrspace";

    private Main() {
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs one command line.
     *
     * @param args the command and its arguments; none runs {@code demo}
     * @param out where results go
     * @param err where errors go
     * @return the exit status: 0 on success, 1 on an input or runtime failure, 2 on a usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            args = new String[] {"demo"};
        }
        String name = args[0];
        if (name.equals("--help") || name.equals("-h")) {
            usage(out);
            return 0;
        }
        Command command = find(name);
        if (command == null) {
            err.println(TOOL + ": unknown command '" + name + "'");
            usage(err);
            return CommandException.USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            commandHelp(command, out);
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (CommandException e) {
            err.println(TOOL + " " + command.name() + ": " + e.getMessage());
            if (e.status() == CommandException.USAGE) {
                err.println(usageLine(command));
                err.println("Run '" + TOOL + " help " + command.name() + "' for more.");
            }
            return e.status();
        } catch (RuntimeException e) {
            err.println(TOOL + " " + command.name() + ": internal error: " + e);
            return CommandException.FAILURE;
        }
    }

    /**
     * Finds a command by name.
     *
     * @param name the name
     * @return the command, or null
     */
    static Command find(String name) {
        for (Command c : COMMANDS) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Rejects any argument, for commands that take none.
     *
     * @param args the arguments after the command's name
     * @throws CommandException (usage) if there is one
     */
    static void noArguments(List<String> args) throws CommandException {
        if (!args.isEmpty()) {
            throw CommandException.usage("takes no arguments, got '" + String.join(" ", args) + "'");
        }
    }

    /**
     * Prints the tool's help: usage and the command list.
     *
     * @param out where to print
     */
    static void usage(PrintStream out) {
        out.println("usage: " + TOOL + " [COMMAND [ARGUMENTS]]");
        out.println();
        out.println("QEMU's per-CPU address spaces and memory regions on the JVM: example boards and tools.");
        out.println();
        out.println("commands:");
        for (Command c : COMMANDS) {
            String call = c.synopsis().isEmpty() ? c.name() : c.name() + " " + c.synopsis();
            out.printf("  %-24s %s%n", call, c.summary());
        }
        out.println();
        out.println("With no command, runs demo. '" + TOOL + " help COMMAND' or '" + TOOL
                + " COMMAND --help' describes a command.");
        out.println("Exit status: 0 ok, 1 input or runtime failure, 2 usage error.");
    }

    /**
     * Prints one command's help: its usage line, summary and {@link Command#help()}.
     *
     * @param command the command
     * @param out where to print
     */
    static void commandHelp(Command command, PrintStream out) {
        out.println(usageLine(command));
        out.println();
        out.println(capitalize(command.summary()) + ".");
        out.println();
        out.print(command.help());
    }

    private static String usageLine(Command command) {
        return "usage: " + TOOL + " " + command.name() + (command.synopsis().isEmpty() ? "" : " " + command.synopsis());
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
