package dev.addrspace.examples.devices;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The accesses that {@link StubDevice}s received, one line each, in order, for example
 * {@code "write hpet+0x10 size 4 = 0x1"}; optionally echoed to a stream as they happen.
 *
 * <p>Safe for concurrent writers: recording synchronizes on the log. Allocates per access.
 */
public final class AccessLog {

    private final List<String> lines = new ArrayList<>();
    private final PrintStream echo;

    /** Creates a log that only records. */
    public AccessLog() {
        this(null);
    }

    /**
     * Creates a log that also prints each line to {@code echo} as it is recorded.
     *
     * @param echo where to print, or null to only record
     */
    public AccessLog(PrintStream echo) {
        this.echo = echo;
    }

    /**
     * Records one access.
     *
     * @param device the device's name
     * @param isWrite true for a write
     * @param offset the offset in the device's region
     * @param size the access size in bytes
     * @param value the value written, or the value the read returned
     */
    public synchronized void record(String device, boolean isWrite, long offset, int size, long value) {
        String line = (isWrite ? "write " : "read  ") + device + "+0x" + Long.toHexString(offset) + " size " + size
                + (isWrite ? " = 0x" : " -> 0x") + Long.toHexString(value);
        lines.add(line);
        if (echo != null) {
            echo.println(line);
        }
    }

    /**
     * Returns the lines recorded so far.
     *
     * @return a copy of the lines, oldest first; allocates
     */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
