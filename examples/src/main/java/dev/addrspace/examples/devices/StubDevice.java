package dev.addrspace.examples.devices;

import dev.addrspace.memory.MmioOps;
import java.util.Objects;

/**
 * A device that is mapped but not implemented, as QEMU's {@code unimplemented-device}: reads return 0,
 * writes are ignored, and every access is recorded in an {@link AccessLog}. The boards use it for the
 * QEMU devices they only need the place of ({@code ioapic}, {@code hpet}, a flash's command interface),
 * and {@code import} turns every MMIO region of a dump into one.
 *
 * <p>Not thread safe unless its log is.
 */
public final class StubDevice implements MmioOps {

    private final String name;
    private final AccessLog log;

    /**
     * Creates a stub that records its accesses under {@code name}.
     *
     * @param name the region's name, as the log prints it
     * @param log where accesses are recorded
     * @throws NullPointerException if an argument is null
     */
    public StubDevice(String name, AccessLog log) {
        this.name = Objects.requireNonNull(name, "name");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** @return the region's name, as the log prints it */
    public String name() {
        return name;
    }

    @Override
    public long read(long addr, int size) {
        log.record(name, false, addr, size, 0);
        return 0;
    }

    @Override
    public void write(long addr, long value, int size) {
        log.record(name, true, addr, size, value);
    }

    @Override
    public String toString() {
        return "StubDevice[" + name + "]";
    }
}
