package dev.addrspace.targets.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.IommuOps;
import dev.addrspace.memory.IommuTlbEntry;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * World isolation as a property, on random ARM-like machines: a secure root container holds an alias of
 * system memory at priority -1 plus secure-only RAM, devices and aliases of them; system memory holds
 * non-secure RAM, devices, aliases and an IOMMU whose secure translation regime targets the CPU's secure
 * address space (its non-secure regime targets the non-secure one). A CPU realized with EL3
 * ({@link ArmCpu#realize}) makes secure ({@link MemTxAttrs#SECURE_ACCESS}) and non-secure
 * ({@link MemTxAttrs#NONE}) loads and stores through its page caches, interleaved with random topology
 * changes of both worlds; after every change, non-secure accesses hit the addresses secure accesses just
 * warmed.
 *
 * <p>The property: a non-secure access never reads or writes a secure-only region. Secure-only RAM holds
 * only 0xA5 bytes (secure stores into it write 0xA5 only); nothing a non-secure access may legitimately
 * see holds 0xA5 (non-secure RAM, non-secure stores and non-secure devices avoid that byte). So a
 * non-secure read never returns a 0xA5 byte, secure-only RAM never holds another byte, and secure
 * devices never see a callback during a non-secure access.
 *
 * <p>Runs in both {@link CpuState.Coherence} modes; the commits are this thread's own, so in safe-point
 * mode they take effect for the next access without a safe point, as in strict mode.
 *
 * <p>Seeds: {@code -Dreliability.seed=N} runs one seed; {@code -Dreliability.seeds=N} sets the count.
 */
class WorldIsolationTest {

    private static final byte MARK = (byte) 0xa5;
    private static final long SPAN = 0x40000L;
    private static final long IOMMU_AT = 0x80000L;
    private static final long SECURE_WINDOW = 0x20000L;
    private static final int STEPS = 1500;

    /** A device of one world: reads give its fill byte in every lane, calls are counted. */
    private static MmioOps device(byte fill, AtomicLong calls) {
        final long v = (fill & 0xffL) * 0x0101010101010101L;
        return MmioOps.of((a, s) -> {
            calls.incrementAndGet();
            return v;
        }, (a, val, s) -> calls.incrementAndGet());
    }

    private static byte nonSecureByte(SplittableRandom rnd) {
        final byte b = (byte) rnd.nextInt();
        return b == MARK ? 0x5a : b;
    }

    private static long nonSecureValue(SplittableRandom rnd) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (nonSecureByte(rnd) & 0xffL) << (8 * i);
        }
        return v;
    }

    private static final class Machine {
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion sysmem = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        final MemoryRegion secure = MemoryRegion.container(ms, "secure-memory", MemoryRegion.SIZE_2_64);
        final List<MemoryRegion> nsRegions = new ArrayList<>();
        final List<MemoryRegion> nsRams = new ArrayList<>();
        final List<MemoryRegion> sRegions = new ArrayList<>();
        final List<MemoryRegion> sRams = new ArrayList<>();
        final AtomicLong secureDeviceCalls = new AtomicLong();
        final AtomicLong nsDeviceCalls = new AtomicLong();
        CpuState cpu;
        AddressSpace ns;
        AddressSpace s;
    }

    private static Machine build(long seed, SplittableRandom rnd) {
        final Machine m = new Machine();
        final MemorySystem ms = m.ms;
        m.secure.addSubregionOverlap(0, MemoryRegion.alias(ms, "secure-sysmem", m.sysmem, 0, MemoryRegion.SIZE_2_64), -1);
        final int nns = 3 + rnd.nextInt(5);
        for (int i = 0; i < nns; i++) {
            final long size = 0x1000L * (1 + rnd.nextInt(8));
            final MemoryRegion mr;
            final int k = rnd.nextInt(6);
            if (k < 3) {
                mr = MemoryRegion.ram(ms, "ns-ram" + i, size);
                final byte[] b = new byte[(int) size];
                for (int j = 0; j < b.length; j++) {
                    b[j] = nonSecureByte(rnd);
                }
                mr.ramBlock().write(0, b, 0, b.length);
                m.nsRams.add(mr);
            } else if (k < 5 || m.nsRams.isEmpty()) {
                mr = MemoryRegion.io(ms, "ns-dev" + i, size, device((byte) 0x11, m.nsDeviceCalls));
            } else {
                final MemoryRegion t = m.nsRams.get(rnd.nextInt(m.nsRams.size()));
                mr = MemoryRegion.alias(ms, "ns-alias" + i, t, 0x1000L * rnd.nextInt((int) (t.size() / 0x1000)), size);
            }
            m.sysmem.addSubregionOverlap(0x1000L * rnd.nextInt((int) (SPAN / 0x1000)), mr, rnd.nextInt(3) - 1);
            m.nsRegions.add(mr);
        }
        final int ns = 2 + rnd.nextInt(5);
        for (int i = 0; i < ns; i++) {
            final long size = 0x1000L * (1 + rnd.nextInt(6));
            final MemoryRegion mr;
            final int k = rnd.nextInt(5);
            if (k < 3 || m.sRams.isEmpty()) {
                mr = MemoryRegion.ram(ms, "s-ram" + i, size);
                mr.ramBlock().fill(0, size, MARK);
                m.sRams.add(mr);
            } else if (k < 4) {
                mr = MemoryRegion.io(ms, "s-dev" + i, size, device(MARK, m.secureDeviceCalls));
            } else {
                final MemoryRegion t = m.sRams.get(rnd.nextInt(m.sRams.size()));
                mr = MemoryRegion.alias(ms, "s-alias" + i, t, 0x1000L * rnd.nextInt((int) (t.size() / 0x1000)), size);
            }
            m.secure.addSubregionOverlap(0x1000L * rnd.nextInt((int) (SPAN / 0x1000)), mr, rnd.nextInt(3));
            m.sRegions.add(mr);
        }
        m.cpu = ArmCpu.realize(ms, 0, ArmCpu.Config.of(m.sysmem).el3(true).secureMemory(m.secure));
        m.ns = ArmAddressSpaceSlots.ns(m.cpu);
        m.s = ArmAddressSpaceSlots.s(m.cpu);
        if (rnd.nextBoolean()) {
            // secure regime -> the secure space at SECURE_WINDOW; non-secure regime -> the non-secure space
            final MemoryRegion iommu = MemoryRegion.iommu(ms, "smmu", 0x10000, new IommuOps() {
                @Override
                public void translate(IommuTlbEntry e, long addr, int access, int idx) {
                    if (idx == 1) {
                        e.set(m.s, addr, SECURE_WINDOW + (addr & ~0xfffL), 0xfff, IommuTlbEntry.PERM_RW);
                    } else {
                        e.set(m.ns, addr, addr & ~0xfffL, 0xfff, IommuTlbEntry.PERM_RW);
                    }
                }

                @Override
                public int attrsToIndex(MemTxAttrs attrs) {
                    return attrs.secure() ? 1 : 0;
                }

                @Override
                public int numIndexes() {
                    return 2;
                }
            });
            m.sysmem.addSubregion(IOMMU_AT, iommu);
        }
        return m;
    }

    /** A random change of either world that never maps a secure-only region into system memory. */
    private static void mutate(Machine m, SplittableRandom rnd) {
        final boolean secureSide = rnd.nextBoolean();
        final List<MemoryRegion> pool = secureSide ? m.sRegions : m.nsRegions;
        final MemoryRegion parent = secureSide ? m.secure : m.sysmem;
        final MemoryRegion r = pool.get(rnd.nextInt(pool.size()));
        switch (rnd.nextInt(6)) {
            case 0:
                if (r.container() != null) {
                    parent.removeSubregion(r);
                } else {
                    parent.addSubregionOverlap(0x1000L * rnd.nextInt((int) (SPAN / 0x1000)), r, rnd.nextInt(3) - (secureSide ? 0 : 1));
                }
                break;
            case 1:
                r.setEnabled(!r.isEnabled());
                break;
            case 2:
                if (r.container() != null) {
                    r.setAddress(0x1000L * rnd.nextInt((int) (SPAN / 0x1000)));
                }
                break;
            case 3:
                r.setReadonly(!r.isReadonly());
                break;
            case 4:
                if (r.aliasTarget() != null) {
                    r.setAliasOffset(0x1000L * rnd.nextInt((int) (r.aliasTarget().size() / 0x1000)));
                }
                break;
            default:
                // several changes at once, both worlds
                m.ms.transaction(() -> {
                    mutate(m, rnd);
                    mutate(m, rnd);
                });
                break;
        }
    }

    /** @return true when the secure view maps {@code size} bytes at {@code addr} to secure-only RAM */
    private static boolean secureOnlyRam(Machine m, long addr, int size) {
        final FlatRange fr = m.s.flatView().lookup(addr);
        return fr != null && m.sRams.contains(fr.region()) && fr.contains(addr + size - 1);
    }

    private static void checkSecureRam(Machine m, String where) {
        for (MemoryRegion r : m.sRams) {
            final byte[] b = r.ramBlock().snapshot(0, (int) r.size());
            for (int i = 0; i < b.length; i++) {
                if (b[i] != MARK) {
                    fail(where + ": secure-only " + r.name() + " holds 0x" + Integer.toHexString(b[i] & 0xff) + " at 0x"
                            + Integer.toHexString(i));
                }
            }
        }
    }

    private static final class Counts {
        long nsAccesses;
        long sAccesses;
        long commits;
        long afterCommit;
    }

    /** One non-secure access; fails if it touched the secure world. */
    private static void nonSecure(Machine m, SplittableRandom rnd, long addr, Counts c, String where) {
        final long before = m.secureDeviceCalls.get();
        final int size = 1 << rnd.nextInt(4);
        final AccessResult r = new AccessResult();
        switch (rnd.nextInt(5)) {
            case 0:
            case 1: {
                final long v = m.cpu.load(addr, size, rnd.nextBoolean(), MemTxAttrs.NONE, r);
                for (int i = 0; i < size; i++) {
                    assertTrue((byte) (v >>> (8 * i)) != MARK, () -> where + ": non-secure load at 0x"
                            + Long.toHexString(addr) + " size " + size + " read a secure byte: 0x" + Long.toHexString(v));
                }
                break;
            }
            case 2:
            case 3:
                m.cpu.store(addr, size, nonSecureValue(rnd), rnd.nextBoolean(), MemTxAttrs.NONE);
                break;
            default: {
                final byte[] b = new byte[1 + rnd.nextInt(32)];
                if (rnd.nextBoolean()) {
                    m.ns.read(addr, MemTxAttrs.NONE, b);
                    for (int i = 0; i < b.length; i++) {
                        assertTrue(b[i] != MARK, () -> where + ": non-secure bulk read at 0x" + Long.toHexString(addr)
                                + " read a secure byte");
                    }
                } else {
                    for (int i = 0; i < b.length; i++) {
                        b[i] = nonSecureByte(rnd);
                    }
                    m.ns.write(addr, MemTxAttrs.NONE, b);
                }
                break;
            }
        }
        assertEquals(before, m.secureDeviceCalls.get(), () -> where + ": a non-secure access at 0x"
                + Long.toHexString(addr) + " reached a secure device");
        c.nsAccesses++;
    }

    private static long randomAddr(SplittableRandom rnd) {
        return rnd.nextInt(6) == 0 ? IOMMU_AT + rnd.nextLong(0x10000) : rnd.nextLong(SPAN + 0x1000);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void nonSecureAccessesNeverReachSecureOnlyRegions(CpuState.Coherence mode) {
        final String one = System.getProperty("reliability.seed");
        final int seeds = Integer.getInteger("reliability.seeds", 150);
        final long first = one == null ? 0 : Long.parseLong(one);
        final int count = one == null ? seeds : 1;
        final Counts c = new Counts();
        for (long seed = first; seed < first + count; seed++) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final Machine m = build(seed, rnd);
            m.cpu.setCoherence(mode);
            final long[] warm = new long[32];
            int nwarm = 0;
            for (int step = 0; step < STEPS; step++) {
                final String where = "seed " + seed + " step " + step;
                final int kind = rnd.nextInt(100);
                if (kind < 4) {
                    mutate(m, rnd);
                    c.commits++;
                    // right after the commit: non-secure accesses where the secure world was just used
                    for (int i = 0; i < Math.min(nwarm, 12); i++) {
                        nonSecure(m, rnd, warm[rnd.nextInt(Math.min(nwarm, warm.length))], c, where + " after commit");
                        c.afterCommit++;
                    }
                    checkSecureRam(m, where + " after commit");
                } else if (kind < 50) {
                    final long addr = randomAddr(rnd);
                    final int size = 1 << rnd.nextInt(4);
                    if (rnd.nextBoolean()) {
                        m.cpu.load(addr, size, rnd.nextBoolean(), MemTxAttrs.SECURE_ACCESS, null);
                    } else if (secureOnlyRam(m, addr, size)) {
                        m.cpu.store(addr, size, 0xa5a5a5a5a5a5a5a5L, false, MemTxAttrs.SECURE_ACCESS);
                    } else {
                        final FlatRange fr = m.s.flatView().lookup(addr);
                        if (fr == null || (!m.sRegions.contains(fr.region()) && !m.sRams.contains(fr.region()) && !fr.region().isIommu())) {
                            // secure stores to what the secure view shows of the non-secure world
                            m.cpu.store(addr, size, nonSecureValue(rnd), false, MemTxAttrs.SECURE_ACCESS);
                        }
                    }
                    warm[nwarm++ % warm.length] = addr;
                    nwarm = Math.min(nwarm, 1 << 20);
                    c.sAccesses++;
                } else {
                    nonSecure(m, rnd, rnd.nextInt(3) == 0 && nwarm > 0 ? warm[rnd.nextInt(Math.min(nwarm, warm.length))]
                            : randomAddr(rnd), c, where);
                }
                if (step % 50 == 49) {
                    checkSecureRam(m, where);
                }
            }
            checkSecureRam(m, "seed " + seed + " end");
        }
        System.out.println("[WorldIsolationTest] " + mode + " seeds=" + count + " steps=" + (long) count * STEPS + " non-secure accesses="
                + c.nsAccesses + " (right after a commit: " + c.afterCommit + ") secure accesses=" + c.sAccesses
                + " commits=" + c.commits);
        assertTrue(c.nsAccesses > count * STEPS / 3 && c.sAccesses > count * STEPS / 3 && c.afterCommit > count * 100);
    }
}
