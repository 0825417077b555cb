package dev.addrspace.examples;

import java.io.PrintStream;

/**
 * The addrspace command-line tool, started by the README's run command. With no arguments, or with
 * {@code slots}, it prints each target's CPU address-space slot layouts.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs one command.
     *
     * @param args the command and its options
     * @param out where results go
     * @param err where errors and usage go
     * @return the exit status: 0 on success, 2 for a usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "slots" : args[0];
        switch (command) {
            case "slots":
                if (args.length > 1) {
                    err.println("addrspace slots: takes no arguments");
                    return 2;
                }
                SlotLayouts.print(out);
                return 0;
            case "--help":
            case "-h":
            case "help":
                usage(out);
                return 0;
            default:
                err.println("addrspace: unknown command '" + command + "'");
                usage(err);
                return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: addrspace [COMMAND]");
        out.println();
        out.println("commands:");
        out.println("  slots   print each target's CPU address-space slot layouts (the default)");
        out.println("  help    print this help");
    }
}
