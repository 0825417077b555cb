package dev.addrspace.benchmarks;

import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;

/** The memory maps the benchmarks share, built once per trial. */
final class Machines {

    /** Base of the device windows: QEMU virt's UART base, then one 4 KiB window after another. */
    static final long DEVICES_BASE = 0x0900_0000L;
    /** Size of each device window. */
    static final long DEVICE_WINDOW = 0x1000L;

    private Machines() {
    }

    /** A device with 64 word registers: its read is the same work as {@link DirectCallBaseline}'s. */
    static final class Registers implements MmioOps {
        private final long[] regs = new long[64];

        @Override
        public long read(long addr, int size) {
            return regs[(int) (addr >>> 2) & 63] + addr;
        }

        @Override
        public void write(long addr, long value, int size) {
            regs[(int) (addr >>> 2) & 63] = value;
        }
    }

    /**
     * System memory with {@code devices} MMIO windows of 4 KiB from {@link #DEVICES_BASE} and the
     * {@link Workload} RAM at {@link Workload#RAM_BASE}: {@code devices + 1} flat ranges, the same
     * layout as {@link TreeMapBaseline}'s map.
     *
     * @param system the memory system
     * @param devices how many device windows
     * @return the root container
     */
    static MemoryRegion deviceMap(MemorySystem system, int devices) {
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        system.transaction(() -> {
            for (int i = 0; i < devices; i++) {
                sysmem.addSubregion(DEVICES_BASE + i * DEVICE_WINDOW,
                        MemoryRegion.io(system, "dev" + i, DEVICE_WINDOW, new Registers()));
            }
            sysmem.addSubregion(Workload.RAM_BASE, MemoryRegion.ram(system, "ram", Workload.RAM_SIZE));
        });
        return sysmem;
    }
}
