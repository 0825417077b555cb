package dev.addrspace.benchmarks;

import dev.addrspace.memory.AccessConstraints;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.DeviceEndianness;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;

/** The memory maps the benchmarks share, built once per trial. */
final class Machines {

    /** Base of the device windows: QEMU virt's UART base, then one 4 KiB window after another. */
    static final long DEVICES_BASE = 0x0900_0000L;
    /** Size of each device window. */
    static final long DEVICE_WINDOW = 0x1000L;

    /**
     * Rounds of warm-up through every device class that the megamorphic benchmarks run in their setup
     * (1,024 accesses each), so that the JIT compiles their call site having seen every class.
     */
    static final int WARM_ROUNDS = 3000;

    private Machines() {
    }

    /** @return one device of each class below, the plain {@link Registers} first */
    static MmioOps[] everyDeviceClass() {
        return new MmioOps[] {new Registers(), new BigEndianRegisters(), new WordRegisters(), new AttrsRegisters(),
            new AcceptingRegisters(), new LocklessRegisters()};
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

    /** {@link Registers} with big-endian registers: a little-endian access is byte-swapped. */
    static final class BigEndianRegisters implements MmioOps {
        private final long[] regs = new long[64];

        @Override
        public long read(long addr, int size) {
            return regs[(int) (addr >>> 2) & 63] + addr;
        }

        @Override
        public void write(long addr, long value, int size) {
            regs[(int) (addr >>> 2) & 63] = value;
        }

        @Override
        public DeviceEndianness endianness() {
            return DeviceEndianness.BIG;
        }
    }

    /** {@link Registers} with QEMU-style non-default constraints: 4-byte accesses only. */
    static final class WordRegisters implements MmioOps {
        private final long[] regs = new long[64];

        @Override
        public long read(long addr, int size) {
            return regs[(int) (addr >>> 2) & 63] + addr;
        }

        @Override
        public void write(long addr, long value, int size) {
            regs[(int) (addr >>> 2) & 63] = value;
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.of(4, 4);
        }

        @Override
        public AccessConstraints impl() {
            return AccessConstraints.of(4, 4);
        }
    }

    /** {@link Registers} through the with-attrs callbacks (the device sees the attrs, may fail). */
    static final class AttrsRegisters implements MmioOps {
        private final long[] regs = new long[64];

        @Override
        public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
            return regs[(int) (addr >>> 2) & 63] + addr;
        }

        @Override
        public int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
            regs[(int) (addr >>> 2) & 63] = value;
            return MemTxResult.OK;
        }
    }

    /** {@link Registers} as a lockless device: QEMU's lockless_io, which also turns the re-entrancy guard off. */
    static final class LocklessRegisters implements MmioOps {
        private final long[] regs = new long[64];

        @Override
        public long read(long addr, int size) {
            return regs[(int) (addr >>> 2) & 63] + addr;
        }

        @Override
        public void write(long addr, long value, int size) {
            regs[(int) (addr >>> 2) & 63] = value;
        }

        @Override
        public boolean lockless() {
            return true;
        }
    }

    /** {@link Registers} with an {@code accepts} callback (QEMU calls it on every access). */
    static final class AcceptingRegisters implements MmioOps {
        private final long[] regs = new long[64];

        @Override
        public long read(long addr, int size) {
            return regs[(int) (addr >>> 2) & 63] + addr;
        }

        @Override
        public void write(long addr, long value, int size) {
            regs[(int) (addr >>> 2) & 63] = value;
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return addr < 0x100;
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
        return deviceMap(system, devices, new MmioOps[0]);
    }

    /**
     * As {@link #deviceMap(MemorySystem, int)}, with the first windows' devices given (the rest are
     * {@link Registers}).
     *
     * @param system the memory system
     * @param devices how many device windows
     * @param first the devices of windows 0, 1, ...
     * @return the root container
     */
    static MemoryRegion deviceMap(MemorySystem system, int devices, MmioOps... first) {
        return deviceMap(system, devices, false, first);
    }

    /**
     * As {@link #deviceMap(MemorySystem, int, MmioOps...)}, with the RAM preallocated
     * ({@link MemoryRegion#ramPreallocated}: one array) or sparse ({@link MemoryRegion#ram}).
     *
     * @param system the memory system
     * @param devices how many device windows
     * @param preallocated whether the RAM is preallocated
     * @param first the devices of windows 0, 1, ...
     * @return the root container
     */
    static MemoryRegion deviceMap(MemorySystem system, int devices, boolean preallocated, MmioOps... first) {
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        system.transaction(() -> {
            for (int i = 0; i < devices; i++) {
                sysmem.addSubregion(DEVICES_BASE + i * DEVICE_WINDOW,
                        MemoryRegion.io(system, "dev" + i, DEVICE_WINDOW, i < first.length ? first[i] : new Registers()));
            }
            sysmem.addSubregion(Workload.RAM_BASE, preallocated
                    ? MemoryRegion.ramPreallocated(system, "ram", Workload.RAM_SIZE)
                    : MemoryRegion.ram(system, "ram", Workload.RAM_SIZE));
        });
        return sysmem;
    }
}
