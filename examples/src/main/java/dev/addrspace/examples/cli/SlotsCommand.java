package dev.addrspace.examples.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code addrspace slots}: each target's CPU slot layouts, see {@link SlotLayouts}. */
final class SlotsCommand implements Command {

    @Override
    public String name() {
        return "slots";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String summary() {
        return "print each target's CPU address-space slot layouts";
    }

    @Override
    public String help() {
        return "For every configuration QEMU has (ARM with and without EL3 and MTE, x86 under TCG and KVM,\n"
                + "RISC-V), prints which slot of the CPU holds which address space, its root region, and which\n"
                + "slots share one rendered flat view.\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        Main.noArguments(args);
        SlotLayouts.print(out);
        return 0;
    }
}
