package dev.addrspace.examples.cli;

/**
 * A command's failure, with the exit status it stands for: {@link #USAGE} (2) when the command line is
 * wrong, {@link #FAILURE} (1) when the input or the runtime failed. The message is printed as
 * {@code addrspace COMMAND: MESSAGE} on the error stream; a usage error adds the command's usage line.
 */
final class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Exit status of an input or runtime failure. */
    static final int FAILURE = 1;
    /** Exit status of a usage error. */
    static final int USAGE = 2;

    private final int status;

    private CommandException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /**
     * A wrong command line: unknown option or board, missing or extra argument.
     *
     * @param message what is wrong, and what would be right
     * @return the exception, status 2
     */
    static CommandException usage(String message) {
        return new CommandException(USAGE, message, null);
    }

    /**
     * An input or runtime failure: unreadable or malformed file, rejected topology.
     *
     * @param message what failed
     * @param cause the underlying exception, or null
     * @return the exception, status 1
     */
    static CommandException failure(String message, Throwable cause) {
        return new CommandException(FAILURE, message, cause);
    }

    /** @return the exit status: {@link #USAGE} or {@link #FAILURE} */
    int status() {
        return status;
    }
}
