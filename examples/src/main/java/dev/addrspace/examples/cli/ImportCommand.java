package dev.addrspace.examples.cli;

import dev.addrspace.examples.devices.AccessLog;
import dev.addrspace.examples.devices.StubDevice;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.mtree.Mtree;
import dev.addrspace.mtree.MtreeDump;
import dev.addrspace.mtree.MtreeFormatException;
import dev.addrspace.mtree.MtreeImport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code addrspace import [-D] DUMP [FLAT]}: rebuilds a machine from QEMU's {@code info mtree -D} output
 * ({@link MtreeImport}) and prints this runtime's flat views of it. Every MMIO region becomes a
 * {@link StubDevice} that records its accesses in one {@link AccessLog}.
 */
final class ImportCommand implements Command {

    /**
     * A machine rebuilt from a dump.
     *
     * @param system its memory system
     * @param log where its stub devices record accesses
     * @param report what the rebuild could not read from the tree dump alone ({@link MtreeImport.Report})
     */
    record Imported(MemorySystem system, AccessLog log, MtreeImport.Report report) {

        /**
         * Tells, in one line for standard error, what the rebuild had to guess or could not match: the
         * overlapping equal-priority siblings whose order the tree dump leaves open, when no flat dump
         * decided them, and the address spaces whose views still differ from a given flat dump.
         *
         * @return the line, or null when there is nothing to say
         */
        String note() {
            if (report.mismatchedAddressSpaces() > 0) {
                return "addrspace import: the rebuilt flat views of " + report.mismatchedAddressSpaces()
                        + " address space(s) differ from the info mtree -f dump given";
            }
            if (report.mismatchedAddressSpaces() < 0 && report.openPairs() > 0) {
                return "addrspace import: " + report.openPairs() + " pair(s) of overlapping equal-priority siblings at"
                        + " different addresses: info mtree -D does not give their order; guessed (the lower"
                        + " address on top). Give the info mtree -f output (FLAT) to decide them";
            }
            return null;
        }
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String synopsis() {
        return "[-D] DUMP [FLAT]";
    }

    @Override
    public String summary() {
        return "rebuild a machine from QEMU's info mtree -D output and print its flat views";
    }

    @Override
    public String help() {
        return "Reads DUMP, the output of 'info mtree -D' from any QEMU machine's monitor, rebuilds its regions,\n"
                + "aliases and address spaces, and prints 'info mtree -f' of the rebuilt machine. MMIO regions\n"
                + "become stub devices that read 0 and record every access.\n"
                + "\n"
                + "  FLAT   the same machine's 'info mtree -f' output: it tells an MMIO region with children from a\n"
                + "         container, gives the address spaces' creation order, and decides which of two\n"
                + "         overlapping siblings of equal priority at different addresses is on top (-D does not\n"
                + "         say; without FLAT the lower address is, and standard error says how many pairs were\n"
                + "         guessed). A DUMP that holds both outputs, one after the other, is read as both.\n"
                + "  -D     print the rebuilt tree ('info mtree -D') instead of the flat views\n"
                + "  --svg FILE, --html FILE\n"
                + "         draw the rebuilt machine as 'addrspace map' does, instead of printing it\n"
                + "\n"
                + "Capture in QEMU's monitor: 'info mtree -D' and 'info mtree -f', without the (qemu) prompt.\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        boolean tree = false;
        Path dump = null;
        Path flat = null;
        MapCommand.Pictures pictures = MapCommand.Pictures.extract(args);
        for (String arg : pictures.rest()) {
            if (arg.equals("-D")) {
                tree = true;
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw CommandException.usage("unknown option '" + arg + "'");
            } else if (dump == null) {
                dump = Path.of(arg);
            } else if (flat == null) {
                flat = Path.of(arg);
            } else {
                throw CommandException.usage("too many files: at most DUMP and FLAT, got a third, '" + arg + "'");
            }
        }
        if (dump == null) {
            throw CommandException.usage("which dump? give a file holding QEMU's info mtree -D output");
        }
        Imported imported = rebuild(dump, flat);
        String note = imported.note();
        if (note != null) {
            err.println(note);
        }
        if (!pictures.isEmpty()) {
            MapCommand.drawImported(dump, imported.system(), pictures, out);
            return 0;
        }
        out.print(tree ? Mtree.treeWithDisabled(imported.system()) : Mtree.flat(imported.system()));
        return 0;
    }

    /**
     * Reads and rebuilds a dump, for this command and for others that draw or probe an imported machine.
     * Allocates.
     *
     * @param dump a file with {@code info mtree -D} output (and possibly {@code -f} output after it)
     * @param flat a file with the same machine's {@code info mtree -f} output, or null
     * @return the rebuilt machine and its stub devices' log
     * @throws CommandException (failure) if a file cannot be read, is not in QEMU's format (the message
     *     names the file and line), lacks the part it must hold, or describes a topology the runtime rejects
     */
    static Imported rebuild(Path dump, Path flat) throws CommandException {
        MtreeDump treeDump = parse(dump);
        if (!treeDump.hasTree()) {
            throw CommandException.failure(dump + ": no tree view (no 'address-space:' line); give the output of"
                    + " info mtree -D, not of info mtree -f", null);
        }
        MtreeDump flatDump = treeDump.hasFlatViews() ? treeDump : null;
        if (flat != null) {
            flatDump = parse(flat);
            if (!flatDump.hasFlatViews()) {
                throw CommandException.failure(flat + ": no flat view (no 'FlatView #' line); give the output of"
                        + " info mtree -f", null);
            }
        }
        AccessLog log = new AccessLog();
        try {
            MtreeImport.Report report = MtreeImport.rebuildWithReport(treeDump, flatDump,
                    e -> new StubDevice(e.name(), log));
            return new Imported(report.system(), log, report);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CommandException.failure(dump + ": cannot rebuild: " + e.getMessage(), e);
        }
    }

    private static MtreeDump parse(Path file) throws CommandException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CommandException.failure(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw CommandException.failure(file + ": permission denied", e);
        } catch (IOException e) {
            throw CommandException.failure(file + ": cannot read: "
                    + (Files.isDirectory(file) ? "is a directory" : e.getMessage()), e);
        }
        try {
            return MtreeDump.parse(text);
        } catch (MtreeFormatException e) {
            // As a compiler prints it: FILE:LINE: problem: "text"; FILE: end of text: problem.
            String message = e.getMessage();
            String prefix = "line " + e.lineNumber() + ": ";
            if (e.lineNumber() > 0 && message.startsWith(prefix)) {
                String problem = message.substring(prefix.length());
                throw CommandException.failure(file + ":" + e.lineNumber() + ": " + problem, e);
            }
            throw CommandException.failure(file + ": " + message, e);
        }
    }
}
