package dev.addrspace.examples.boards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The RISC-V guest programs bundled with the examples (sources and build script in
 * {@code examples/guest/}, built ELF files as resources beside this package): {@code hello},
 * {@code traps}, {@code rv64im}, {@code memkern} and {@code remap}. Each runs on {@code riscv-virt} (and
 * on QEMU's {@code virt}) and ends through the test finisher.
 */
public final class GuestPrograms {

    /** The bundled programs' names, as {@code run riscv-virt NAME} accepts them. */
    public static final List<String> NAMES = List.of("hello", "traps", "rv64im", "memkern", "remap");

    private static final String DIRECTORY = "/dev/addrspace/examples/guest/";

    private GuestPrograms() {
    }

    /**
     * Reads a bundled program's ELF file. Allocates.
     *
     * @param name one of {@link #NAMES}
     * @return the file's bytes
     * @throws IllegalArgumentException if {@code name} is not a bundled program
     * @throws UncheckedIOException if the resource cannot be read (a broken jar)
     */
    public static byte[] elf(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no bundled guest program '" + name + "'; they are "
                    + String.join(", ", NAMES));
        }
        try (InputStream in = GuestPrograms.class.getResourceAsStream(DIRECTORY + name + ".elf")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + DIRECTORY + name + ".elf is missing"));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + DIRECTORY + name + ".elf", e);
        }
    }
}
