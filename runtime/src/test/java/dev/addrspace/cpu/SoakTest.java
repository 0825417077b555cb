package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Soak: several CPU threads store, load and re-read their own RAM (every size, both byte orders,
 * through their page caches), make bulk reads and writes through their {@link AddressSpace}, and access
 * MMIO (a device that stays mapped, one that moves and one that comes and goes), while another thread
 * commits topology changes continuously: overlays, a RAM region added and removed, read-only toggles,
 * moves, aliases of the CPUs' RAM, a region hidden below it, nested transactions. Every write to RAM
 * that stays mapped must be read back intact, at once and later, no thread may see an exception, and
 * the counts are printed and must be non-trivial. Bounded by time ({@code -Dreliability.soakMillis},
 * default 4000), once per {@link CpuState.Coherence} mode; in safe-point mode each CPU passes a safe
 * point after every block of 256 accesses.
 */
class SoakTest {

    private static final int CPUS = 3;
    private static final long AREA = 0x10000L;
    private static final long MMIO = 0x800000L;
    private static final long MOVER = 0x900000L;
    private static final long OVERLAY = 0xa00000L;
    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;

    private static long areaBase(int cpu) {
        return 0x100000L * (cpu + 1);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void cpusKeepTheirRamIntactWhileTheTopologyChangesUnderThem(CpuState.Coherence mode) throws InterruptedException {
        final long millis = Long.getLong("reliability.soakMillis", 4000);
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final LongAdder deviceCalls = new LongAdder();
        final MmioOps ops = MmioOps.of((a, s) -> {
            deviceCalls.increment();
            return a ^ 0x5a5a;
        }, (a, v, s) -> deviceCalls.increment());
        final List<MemoryRegion> areas = new ArrayList<>();
        for (int i = 0; i < CPUS; i++) {
            final MemoryRegion ram = MemoryRegion.ram(ms, "area" + i, AREA);
            root.addSubregion(areaBase(i), ram);
            areas.add(ram);
        }
        root.addSubregion(MMIO, MemoryRegion.io(ms, "dev", 0x1000, ops));
        final MemoryRegion mover = MemoryRegion.io(ms, "mover", 0x1000, ops);
        root.addSubregion(MOVER, mover);
        final MemoryRegion overlay = MemoryRegion.io(ms, "overlay", 0x2000, ops);
        final MemoryRegion scratch = MemoryRegion.ram(ms, "scratch", 0x4000);
        final MemoryRegion under = MemoryRegion.ram(ms, "under", 0x100000L * (CPUS + 1));
        root.addSubregionOverlap(0, under, -1);
        final MemoryRegion alias = MemoryRegion.alias(ms, "area0-alias", areas.get(0), 0, 0x4000);
        root.addSubregion(0xb00000L, alias);

        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        final long[] commits = new long[1];
        final Thread committer = new Thread(() -> {
            final SplittableRandom rnd = new SplittableRandom(42);
            try {
                while (System.nanoTime() < deadline) {
                    final int what = rnd.nextInt(7);
                    switch (what) {
                        case 0:
                            if (overlay.container() == null) {
                                root.addSubregionOverlap(OVERLAY, overlay, 1);
                            } else {
                                root.removeSubregion(overlay);
                            }
                            break;
                        case 1:
                            if (scratch.container() == null) {
                                root.addSubregion(OVERLAY + 0x10000L * rnd.nextInt(4), scratch);
                            } else {
                                root.removeSubregion(scratch);
                            }
                            break;
                        case 2:
                            scratch.setReadonly(!scratch.isReadonly());
                            break;
                        case 3:
                            mover.setAddress(MOVER + 0x1000L * rnd.nextInt(4));
                            break;
                        case 4:
                            alias.setAliasOffset(0x1000L * rnd.nextInt(8));
                            alias.setEnabled(rnd.nextBoolean());
                            break;
                        case 5:
                            under.setEnabled(!under.isEnabled());
                            break;
                        default:
                            ms.transaction(() -> {
                                mover.setEnabled(!mover.isEnabled());
                                ms.transaction(() -> under.setReadonly(!under.isReadonly()));
                                overlay.setReadonly(!overlay.isReadonly());
                            });
                            break;
                    }
                    commits[0]++;
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "soak-committer");

        final long[] accesses = new long[CPUS];
        final long[] flushes = new long[CPUS];
        final byte[][] shadows = new byte[CPUS][];
        final List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < CPUS; c++) {
            final int id = c;
            final CpuState cpu = new CpuState(ms, id, mode);
            CpuState.ensureDefaultAddressSpace(cpu, root);
            workers.add(new Thread(() -> {
                final SplittableRandom rnd = new SplittableRandom(id);
                final byte[] shadow = new byte[(int) AREA];
                shadows[id] = shadow;
                final long base = areaBase(id);
                final AccessResult res = new AccessResult();
                final AddressSpace as = cpu.as();
                long n = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        for (int k = 0; k < 256; k++) {
                            final int kind = rnd.nextInt(100);
                            final int size = 1 << rnd.nextInt(4);
                            final int off = rnd.nextInt((int) AREA - 8);
                            final boolean be = rnd.nextBoolean();
                            if (kind < 40) {
                                final long v = rnd.nextLong();
                                check(MemTxResult.OK, cpu.store(base + off, size, v, be, A), "store", base + off);
                                for (int i = 0; i < size; i++) {
                                    shadow[off + i] = (byte) (v >>> (8 * (be ? size - 1 - i : i)));
                                }
                                final long back = cpu.load(base + off, size, be, A, res);
                                check(MemTxResult.OK, res.get(), "load", base + off);
                                check(v & ReferenceModelTest.mask(size), back, "read-back", base + off);
                            } else if (kind < 75) {
                                // an older write, through the cache
                                long want = 0;
                                for (int i = 0; i < size; i++) {
                                    want |= (shadow[off + i] & 0xffL) << (8 * (be ? size - 1 - i : i));
                                }
                                check(want, cpu.load(base + off, size, be, A, res), "re-read", base + off);
                            } else if (kind < 80) {
                                final byte[] b = new byte[1 + rnd.nextInt(64)];
                                final int at = rnd.nextInt((int) AREA - b.length);
                                if (rnd.nextBoolean()) {
                                    rnd.nextBytes(b);
                                    check(MemTxResult.OK, as.write(base + at, A, b), "bulk write", base + at);
                                    System.arraycopy(b, 0, shadow, at, b.length);
                                } else {
                                    check(MemTxResult.OK, as.read(base + at, A, b), "bulk read", base + at);
                                    for (int i = 0; i < b.length; i++) {
                                        check(shadow[at + i], b[i], "bulk read byte", base + at + i);
                                    }
                                }
                            } else if (kind < 90) {
                                final long a = MMIO + (off & 0xff8);
                                cpu.load(a, 4, false, A, res);
                                check(MemTxResult.OK, res.get(), "mmio load", a);
                                check(MemTxResult.OK, cpu.store(a, 4, off, false, A), "mmio store", a);
                            } else {
                                // regions that come and go: any result, no exception
                                final long a = (kind & 1) == 0 ? MOVER + (off & 0x3ff8) : OVERLAY + (off & 0x3fff8);
                                cpu.load(a, size, be, A, res);
                                cpu.store(a, size, off, be, A);
                            }
                            n++;
                        }
                        // the end of a block: the CPU loop's safe point (a no-op in strict mode)
                        cpu.safePoint();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
                accesses[id] = n;
                flushes[id] = cpu.slot(0).pageCache().flushes();
            }, "soak-cpu-" + id));
        }
        committer.start();
        workers.forEach(Thread::start);
        committer.join();
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            final AssertionError e = new AssertionError("soak failures: " + failures.size() + ", first: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
        long total = 0;
        for (int c = 0; c < CPUS; c++) {
            total += accesses[c];
            assertArrayEquals(shadows[c], areas.get(c).ramBlock().snapshot(0, (int) AREA), "final contents of area" + c);
            assertTrue(flushes[c] > 10, "cpu " + c + " saw the views change: " + flushes[c] + " flushes");
        }
        System.out.println("[SoakTest] " + mode + " " + millis + " ms, cpus=" + CPUS + " accesses=" + total + " commits=" + commits[0]
                + " device callbacks=" + deviceCalls.sum() + " page-cache flushes=" + java.util.Arrays.toString(flushes));
        assertTrue(total > 100_000, "accesses: " + total);
        assertTrue(commits[0] > 200, "commits: " + commits[0]);
    }

    private static void check(long want, long got, String what, long addr) {
        if (want != got) {
            throw new AssertionError(what + " at addr=0x" + Long.toHexString(addr) + ": want 0x" + Long.toHexString(want)
                    + " got 0x" + Long.toHexString(got));
        }
    }
}
