package dev.addrspace.examples.cli;

import dev.addrspace.examples.boards.Board;
import dev.addrspace.examples.boards.Boards;
import java.io.PrintStream;
import java.util.List;

/**
 * One command of the {@code addrspace} tool. {@link Main} finds commands by {@link #name()}, answers
 * {@code --help} and {@code help NAME} for them from {@link #synopsis()} and {@link #help()}, and turns a
 * {@link CommandException} into a message on the error stream and an exit status. To add a command,
 * write a class that implements this interface and add an instance to {@link Main#COMMANDS}.
 */
interface Command {

    /** @return the word that selects the command, for example {@code mtree} */
    String name();

    /** @return the arguments after the name, as the usage line shows them, for example {@code [-f] BOARD} */
    String synopsis();

    /** @return one line for the command list of {@code addrspace --help} */
    String summary();

    /** @return what {@code addrspace help NAME} prints below the usage line: options and examples */
    String help();

    /**
     * Runs the command. {@code --help} never reaches it.
     *
     * @param args the arguments after the command's name
     * @param out where results go
     * @param err where diagnostics go (the caller prints a thrown exception's message there)
     * @return the exit status, 0 on success
     * @throws CommandException for a usage error (status 2) or an input or runtime failure (status 1)
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws CommandException;

    /**
     * Builds the example board a command's {@code BOARD} argument names. Allocates.
     *
     * @param name the argument
     * @return a new board
     * @throws CommandException (usage) if no board has that name; the message lists the names
     */
    static Board board(String name) throws CommandException {
        return Boards.create(name).orElseThrow(
                () -> CommandException.usage("unknown board '" + name + "'; the boards are " + Boards.names()));
    }

    /**
     * Takes one operand of a command whose only operand is a {@code BOARD}: the first operand is the board,
     * an option or a second operand is a usage error. No allocation beyond the message of an error.
     *
     * @param board the board taken so far, or null
     * @param arg the argument
     * @return {@code arg}, the board
     * @throws CommandException (usage) if {@code arg} is an option ({@code -...}) or a board was taken already
     */
    static String boardOperand(String board, String arg) throws CommandException {
        if (arg.startsWith("-")) {
            throw CommandException.usage("unknown option '" + arg + "'");
        }
        if (board != null) {
            throw CommandException.usage("one board only, got '" + board + "' and '" + arg + "'");
        }
        return arg;
    }

    /**
     * Checks that a {@code BOARD} operand was given.
     *
     * @param board the board taken, or null
     * @return {@code board}
     * @throws CommandException (usage) if {@code board} is null; the message lists the board names
     */
    static String requireBoard(String board) throws CommandException {
        if (board == null) {
            throw CommandException.usage("which board? one of " + Boards.names());
        }
        return board;
    }
}
