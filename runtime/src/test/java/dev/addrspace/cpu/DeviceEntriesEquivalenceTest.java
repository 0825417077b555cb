package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessConstraints;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.DeviceEndianness;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The page cache's device entries (QEMU's iotlb: an MMIO access goes from the entry to its device's
 * dispatch, without the view's lookup) against the {@link AddressSpace} path: two identical machines,
 * built from one seed, full of small stateful devices (a register file each, so that an access routed to
 * the wrong device, or to the right one at the wrong offset, reads another value), several to a page,
 * big- and little-endian, with size and alignment constraints, an {@code accepts} callback, ROM devices in
 * and out of romd mode, aliases of devices, and RAM between them. One machine is accessed through a CPU,
 * the other through its address space, with the same topology changes (moves, enable, romd, devices added
 * over others and removed) made by the CPU's own thread in between, so that in both coherence modes each
 * change is seen by the next access. Every value and result must be equal, and so must the devices' logs
 * of callbacks (device, read or write, offset, size, value), in order.
 */
class DeviceEntriesEquivalenceTest {

    private static final int SEEDS = 80;
    private static final int OPS = 2000;
    private static final long SPAN = 0x8000L;
    private static final MemTxAttrs[] ATTRS = {MemTxAttrs.UNSPECIFIED, MemTxAttrs.NONE, MemTxAttrs.SECURE_ACCESS,
        MemTxAttrs.NONE.withMemory(true), MemTxAttrs.DEBUG_ACCESS};

    /** One machine: the root, its regions in creation order and the log its devices write. */
    private static final class Machine {
        final MemorySystem system = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(system, "root", MemoryRegion.SIZE_2_64);
        final List<MemoryRegion> regions = new ArrayList<>();
        final List<MemoryRegion> romDevices = new ArrayList<>();
        final List<MemoryRegion> spares = new ArrayList<>();
        final StringBuilder log = new StringBuilder();
    }

    /** A device with 32 registers of 8 bytes; reads return a register mixed with the device's id. */
    private static final class Registers implements MmioOps {
        private final long[] regs = new long[32];
        private final int id;
        private final StringBuilder log;
        private final DeviceEndianness endianness;
        private final AccessConstraints valid;
        private final boolean picky;

        Registers(int id, StringBuilder log, SplittableRandom rnd) {
            this.id = id;
            this.log = log;
            this.endianness = rnd.nextBoolean() ? DeviceEndianness.BIG : DeviceEndianness.LITTLE;
            switch (rnd.nextInt(4)) {
                case 0:
                    valid = AccessConstraints.of(4, 4);
                    break;
                case 1:
                    valid = AccessConstraints.of(1, 8, true);
                    break;
                default:
                    valid = AccessConstraints.VALID_DEFAULT;
                    break;
            }
            this.picky = rnd.nextInt(5) == 0;
            for (int i = 0; i < regs.length; i++) {
                regs[i] = rnd.nextLong();
            }
        }

        @Override
        public long read(long addr, int size) {
            final long v = regs[(int) (addr >>> 3) & 31] ^ ((long) id << 40) ^ addr;
            log.append(id).append(" r ").append(addr).append(' ').append(size).append(' ').append(v).append('\n');
            return v;
        }

        @Override
        public void write(long addr, long value, int size) {
            log.append(id).append(" w ").append(addr).append(' ').append(size).append(' ').append(value).append('\n');
            regs[(int) (addr >>> 3) & 31] = value * 31 + addr;
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return !picky || (addr & 0x10) == 0;
        }

        @Override
        public DeviceEndianness endianness() {
            return endianness;
        }

        @Override
        public AccessConstraints valid() {
            return valid;
        }
    }

    private static Machine build(long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Machine m = new Machine();
        final MemorySystem sys = m.system;
        final List<MemoryRegion> devices = new ArrayList<>();
        final int n = 6 + rnd.nextInt(10);
        for (int i = 0; i < n; i++) {
            // devices of 16 bytes to 8 KiB, often several to a page; some pages whole
            final long size = rnd.nextInt(3) == 0 ? 0x1000L : 0x10L << rnd.nextInt(10);
            final long at = 0x10L * rnd.nextInt((int) ((SPAN - size) / 0x10));
            final int prio = rnd.nextInt(3) - 1;
            final MemoryRegion mr;
            switch (rnd.nextInt(7)) {
                case 0:
                    mr = MemoryRegion.ram(sys, "ram" + i, Math.max(size, 0x1000L));
                    break;
                case 1:
                    mr = MemoryRegion.romDevice(sys, "romd" + i, size, new Registers(i, m.log, rnd));
                    m.romDevices.add(mr);
                    break;
                case 2:
                    if (!devices.isEmpty()) {
                        final MemoryRegion target = devices.get(rnd.nextInt(devices.size()));
                        final long off = 0x8L * rnd.nextInt((int) (target.size() / 0x8));
                        mr = MemoryRegion.alias(sys, "alias" + i, target, off, target.size() - off);
                        break;
                    }
                    mr = MemoryRegion.io(sys, "io" + i, size, new Registers(i, m.log, rnd));
                    devices.add(mr);
                    break;
                default:
                    mr = MemoryRegion.io(sys, "io" + i, size, new Registers(i, m.log, rnd));
                    devices.add(mr);
                    break;
            }
            m.root.addSubregionOverlap(at, mr, prio);
            m.regions.add(mr);
        }
        for (int i = 0; i < 3; i++) {
            m.spares.add(MemoryRegion.io(sys, "spare" + i, 0x10L << rnd.nextInt(9),
                    new Registers(100 + i, m.log, rnd)));
        }
        return m;
    }

    /** One topology change, drawn from {@code rnd} (the same on both machines). */
    private static void mutate(Machine m, SplittableRandom rnd) {
        final int what = rnd.nextInt(5);
        if (what == 0) {
            if (!m.romDevices.isEmpty()) {
                final MemoryRegion d = m.romDevices.get(rnd.nextInt(m.romDevices.size()));
                d.setRomdMode(!d.romdMode());
            }
            return;
        }
        if (what == 1) {
            // a spare device over (or off) whatever lies there
            final MemoryRegion s = m.spares.get(rnd.nextInt(m.spares.size()));
            if (s.container() == null) {
                m.root.addSubregionOverlap(0x10L * rnd.nextInt((int) ((SPAN - s.size()) / 0x10)), s, 2);
            } else {
                m.root.removeSubregion(s);
            }
            return;
        }
        final MemoryRegion r = m.regions.get(rnd.nextInt(m.regions.size()));
        if (what == 2) {
            r.setEnabled(!r.isEnabled());
        } else {
            r.setAddress(0x10L * rnd.nextInt((int) ((SPAN - r.size()) / 0x10)));
        }
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void deviceAccessesThroughTheCpuAnswerAsTheAddressSpace(CpuState.Coherence mode) {
        long deviceHits = 0;
        long flushes = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            final int sd = seed;
            final Machine a = build(seed);
            final Machine b = build(seed);
            final CpuState cpu = new CpuState(a.system, 0, mode);
            cpu.setHitCounting(true);
            CpuState.ensureDefaultAddressSpace(cpu, a.root);
            final AddressSpace ref = b.system.newAddressSpace(b.root, "ref");
            final SplittableRandom rnd = new SplittableRandom(seed * 104729L + 3);
            final AccessResult ra = new AccessResult();
            final AccessResult rb = new AccessResult();
            long last = 0;
            for (int op = 0; op < OPS; op++) {
                final int kind = rnd.nextInt(100);
                if (kind < 2) {
                    final long s = rnd.nextLong();
                    mutate(a, new SplittableRandom(s));
                    mutate(b, new SplittableRandom(s));
                    continue;
                }
                final int size = 1 << rnd.nextInt(4);
                final boolean be = rnd.nextBoolean();
                final MemTxAttrs attrs = ATTRS[rnd.nextInt(8) == 0 ? rnd.nextInt(ATTRS.length) : 0];
                // mostly near the last access (the same device again), sometimes anywhere or at a page end
                final int where = rnd.nextInt(10);
                final long addr = where < 6 ? Math.floorMod(last + 8 * (rnd.nextInt(9) - 4), SPAN)
                        : where < 8 ? rnd.nextLong(SPAN)
                        : 0x1000L * (1 + rnd.nextInt((int) (SPAN / 0x1000))) - 1 - rnd.nextInt(8);
                last = addr;
                final int o = op;
                final Supplier<String> at = () -> "seed " + sd + " op " + o + " addr=0x" + Long.toHexString(addr)
                        + " size=" + size + (be ? " be " : " le ") + attrs;
                if (kind < 60) {
                    CpuReference.assertLoadAlike(cpu, ref, addr, size, be, attrs, ra, rb, at);
                } else {
                    CpuReference.assertStoreAlike(cpu, ref, addr, size, rnd.nextLong(), be, attrs, at);
                }
                assertEquals(b.log.length(), a.log.length(), at);
            }
            assertEquals(b.log.toString(), a.log.toString(), "seed " + seed + ": device callbacks");
            deviceHits += cpu.slot(0).pageCache().deviceHits();
            flushes += cpu.slot(0).pageCache().flushes();
        }
        System.out.println("[DeviceEntriesEquivalenceTest] " + mode + " seeds=" + SEEDS + " ops=" + SEEDS * OPS
                + " device hits=" + deviceHits + " flushes=" + flushes);
        assertTrue(deviceHits > SEEDS * OPS / 10, "the device entries were exercised: " + deviceHits);
        assertTrue(flushes > SEEDS, "topology changes were seen: " + flushes);
    }
}
