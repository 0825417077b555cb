package dev.addrspace.examples.cli;

import dev.addrspace.examples.boards.Boards;
import dev.addrspace.examples.map.MapRenderer;
import dev.addrspace.examples.map.MemoryMap;
import dev.addrspace.memory.MemorySystem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code addrspace map BOARD --svg FILE} (or {@code --html FILE}, or both): draws a board's address spaces side by side on one
 * address axis ({@link MapRenderer}) and writes the picture. The {@code --svg}/{@code --html} options are
 * also read by {@code import}, through {@link Pictures}.
 */
final class MapCommand implements Command {

    @Override
    public String name() {
        return "map";
    }

    @Override
    public String synopsis() {
        return "BOARD --svg FILE";
    }

    @Override
    public String summary() {
        return "draw a board's address spaces side by side as an SVG or HTML picture";
    }

    @Override
    public String help() {
        return "Draws every address space of the board as a column (address spaces that share a flat view\n"
                + "share a column) on one address axis that grows downward. Ranges are coloured by kind (RAM,\n"
                + "ROM, ROM device, MMIO, IOMMU, reservation), holes are hatched, ranges reached through an\n"
                + "alias are outlined in dashes and name the alias, its target and the offset there. The axis\n"
                + "is piecewise: each piece grows with the logarithm of its size, and space of 1 MiB or more\n"
                + "that is unmapped in every column is collapsed to a break that prints its size.\n"
                + "\n"
                + "  --svg FILE    write a standalone SVG picture (hover a range for its tooltip)\n"
                + "  --html FILE   write an HTML page with a legend around the same picture, instead of or\n"
                + "                as well as --svg\n"
                + "\n"
                + "At least one of the two. BOARD is one of " + Boards.names() + ".\n"
                + "'addrspace import DUMP --svg FILE' draws a machine rebuilt from a QEMU dump the same way.\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        Pictures pictures = Pictures.extract(args);
        String board = null;
        for (String arg : pictures.rest()) {
            board = Command.boardOperand(board, arg);
        }
        Command.requireBoard(board);
        if (pictures.isEmpty()) {
            throw CommandException.usage("where to? give --svg FILE or --html FILE (or both)");
        }
        pictures.write(MemoryMap.of("addrspace map: " + board, Command.board(board).system()), out);
        return 0;
    }

    /**
     * The picture options of a command line: {@code --svg FILE} and {@code --html FILE}, each at most once.
     *
     * @param svg where the SVG goes, or null
     * @param html where the HTML goes, or null
     * @param rest the other arguments, in order
     */
    record Pictures(Path svg, Path html, List<String> rest) {

        /**
         * Takes {@code --svg FILE} and {@code --html FILE} out of {@code args}.
         *
         * @param args a command's arguments
         * @return the options found and the other arguments
         * @throws CommandException (usage) if an option lacks its file or is given twice
         */
        static Pictures extract(List<String> args) throws CommandException {
            Path svg = null;
            Path html = null;
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--svg") || arg.equals("--html")) {
                    if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
                        throw CommandException.usage(arg + " needs a file name");
                    }
                    Path file = Path.of(args.get(++i));
                    if (arg.equals("--svg")) {
                        if (svg != null) {
                            throw CommandException.usage("--svg given twice");
                        }
                        svg = file;
                    } else {
                        if (html != null) {
                            throw CommandException.usage("--html given twice");
                        }
                        html = file;
                    }
                } else {
                    rest.add(arg);
                }
            }
            return new Pictures(svg, html, List.copyOf(rest));
        }

        /** @return true if neither option was given */
        boolean isEmpty() {
            return svg == null && html == null;
        }

        /**
         * Draws {@code map} into each requested file and says so on {@code out}.
         *
         * @param map the map to draw
         * @param out where to report each file written
         * @throws CommandException (failure) if a file cannot be written; the message names it and why
         */
        void write(MemoryMap map, PrintStream out) throws CommandException {
            if (svg != null) {
                writeFile(svg, MapRenderer.svg(map));
                out.println("wrote " + svg + " (" + describe(map) + ")");
            }
            if (html != null) {
                writeFile(html, MapRenderer.html(map));
                out.println("wrote " + html + " (" + describe(map) + ")");
            }
        }

        private static String describe(MemoryMap map) {
            int spaces = 0;
            int ranges = 0;
            for (MemoryMap.Column c : map.columns()) {
                spaces += c.addressSpaces().size();
                ranges += c.blocks().size();
            }
            int columns = map.columns().size();
            return spaces + " address space" + (spaces == 1 ? "" : "s") + " in " + columns + " column"
                    + (columns == 1 ? "" : "s") + ", " + ranges + " range" + (ranges == 1 ? "" : "s");
        }

        private static void writeFile(Path file, String text) throws CommandException {
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw CommandException.failure("cannot write " + file + ": no such directory", e);
            } catch (AccessDeniedException e) {
                throw CommandException.failure("cannot write " + file + ": permission denied", e);
            } catch (IOException e) {
                throw CommandException.failure("cannot write " + file + ": "
                        + (Files.isDirectory(file) ? "is a directory" : e.getMessage()), e);
            }
        }
    }

    /**
     * Draws a machine rebuilt by {@code import}, for its {@code --svg}/{@code --html} options.
     *
     * @param dump the dump's path, for the title
     * @param system the rebuilt machine
     * @param pictures where to write
     * @param out where to report each file written
     * @throws CommandException (failure) if a file cannot be written
     */
    static void drawImported(Path dump, MemorySystem system, Pictures pictures, PrintStream out)
            throws CommandException {
        Path name = dump.getFileName();
        pictures.write(MemoryMap.of("addrspace map: " + (name == null ? dump : name) + " (QEMU dump, rebuilt)",
                system), out);
    }
}
