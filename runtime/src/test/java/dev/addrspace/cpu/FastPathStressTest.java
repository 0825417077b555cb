package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Concurrency of the CPU fast path: vCPU threads access memory through their page caches while another
 * thread commits topology changes. Bounded in time (a few seconds), deterministic in what it asserts:
 * every read-back equals what was written, no exception, and every CPU saw commits. Each test runs in
 * both {@link CpuState.Coherence} modes; in safe-point mode the CPU threads call
 * {@link CpuState#safePoint()} once per block of accesses, as a CPU loop does.
 */
class FastPathStressTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;
    private static final int CPUS = 4;
    /** Each CPU owns this many bytes of RAM: 64 pages, within its 256-entry cache's reach. */
    private static final int AREA = 64 * 4096;
    private static final long MAX_MILLIS = 4_000;
    private static final long MIN_COMMITS = 300;
    private static final long MIN_FLUSHES_SEEN = 20;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
    private MemoryRegion ram = MemoryRegion.ram(system, "ram", 0x40_0000L);

    private static MmioOps device(long value) {
        return MmioOps.of((a, s) -> s == 8 ? value : value & ((1L << (8 * s)) - 1), (a, v, s) -> { });
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("dev.addrspace.cpu.SafePointContractTest#modesAndRam")
    void cpusNeverLoseWritesToRamThatStaysMappedWhileTopologyChanges(CpuState.Coherence mode, boolean preallocated)
            throws Exception {
        if (preallocated) {
            // the CPUs' areas then lie in one array, served through each CPU's window
            ram = MemoryRegion.ramPreallocated(system, "ram", 0x40_0000L);
        }
        sysmem.addSubregion(0, ram);
        final CpuState[] cpus = new CpuState[CPUS];
        for (int t = 0; t < CPUS; t++) {
            cpus[t] = new CpuState(system, t, mode);
            CpuState.ensureDefaultAddressSpace(cpus[t], sysmem);
        }
        // what the committer toggles: none of it covers the CPUs' areas [0, CPUS * AREA)
        final MemoryRegion overlay = MemoryRegion.io(system, "overlay", 0x1000, device(0x5a5a5a5a5a5a5a5aL));
        final MemoryRegion alias = MemoryRegion.alias(system, "ram-alias", ram, 0, 0x10_0000L);
        final MemoryRegion extra = MemoryRegion.ram(system, "extra", 0x1_0000L);
        final MemoryRegion flag = MemoryRegion.alias(system, "ro-alias", ram, 0x30_0000L, 0x1000);
        sysmem.addSubregion(0x8000_0000L, flag);

        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLongArray seenFlushes = new AtomicLongArray(CPUS);
        final long[] accesses = new long[CPUS];
        final long[] flushes = new long[CPUS];
        final byte[][] shadows = new byte[CPUS][AREA];
        final CountDownLatch start = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] workers = new Thread[CPUS];
        for (int t = 0; t < CPUS; t++) {
            final int id = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    accesses[id] = runCpu(cpus[id], (long) id * AREA, shadows[id], stop, seenFlushes, id);
                    flushes[id] = cpus[id].slot(0).pageCache().flushes();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "vcpu-" + t);
            workers[t].start();
        }

        long commits = 0;
        final SplittableRandom rnd = new SplittableRandom(42);
        final long t0 = System.nanoTime();
        start.countDown();
        try {
            while (failure.get() == null && (System.nanoTime() - t0) / 1_000_000 < MAX_MILLIS
                    && (commits < MIN_COMMITS || minOf(seenFlushes) < MIN_FLUSHES_SEEN)) {
                switch (rnd.nextInt(5)) {
                    case 0:
                        if (overlay.container() == null) {
                            sysmem.addSubregionOverlap(0x3f_0000L, overlay, 1);
                        } else {
                            overlay.setEnabled(!overlay.isEnabled());
                        }
                        break;
                    case 1:
                        if (alias.container() == null) {
                            sysmem.addSubregion(0x1000_0000L, alias);
                        } else {
                            sysmem.removeSubregion(alias);
                        }
                        break;
                    case 2:
                        system.transaction(() -> {
                            if (extra.container() == null) {
                                sysmem.addSubregion(0x2000_0000L, extra);
                            } else {
                                extra.setEnabled(!extra.isEnabled());
                            }
                            overlay.setEnabled(!overlay.isEnabled());
                        });
                        break;
                    case 3:
                        flag.setReadonly(!flag.isReadonly());
                        break;
                    default:
                        if (overlay.container() != null) {
                            overlay.setAddress(0x3f_0000L + rnd.nextInt(8) * 0x1000L);
                        }
                        break;
                }
                commits++;
            }
        } finally {
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
        }
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        assertNull(failure.get(), () -> "a CPU failed: " + failure.get());
        long total = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < CPUS; t++) {
            total += accesses[t];
            report.append(" cpu").append(t).append(": accesses=").append(accesses[t]).append(" flushes=")
                    .append(flushes[t]);
        }
        System.out.println("[FastPathStressTest] " + mode + " " + elapsed + " ms, commits=" + commits + ", accesses=" + total
                + report);
        for (int t = 0; t < CPUS; t++) {
            assertTrue(flushes[t] >= 1, "cpu" + t + " saw no commit");
            // after the run, every byte the CPU wrote reads back through the address-space path too
            byte[] back = new byte[AREA];
            assertEquals(MemTxResult.OK, cpus[t].as().read((long) t * AREA, A, back));
            for (int i = 0; i < AREA; i++) {
                if (back[i] != shadows[t][i]) {
                    throw new AssertionError("cpu" + t + " lost a write at 0x" + Long.toHexString((long) t * AREA + i)
                            + ": expected " + shadows[t][i] + " found " + back[i]);
                }
            }
        }
    }

    private static long minOf(AtomicLongArray a) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < a.length(); i++) {
            m = Math.min(m, a.get(i));
        }
        return m;
    }

    /** Write, read back and re-verify through the fast path until told to stop; returns the access count. */
    private static long runCpu(CpuState cpu, long base, byte[] shadow, java.util.concurrent.atomic.AtomicBoolean stop,
            AtomicLongArray seenFlushes, int id) {
        final SplittableRandom rnd = new SplittableRandom(1000 + id);
        final AccessResult result = new AccessResult();
        final PageCache cache = cpu.slot(0).pageCache();
        long n = 0;
        while (!stop.get()) {
            for (int k = 0; k < 256; k++) {
                final int size = 1 << rnd.nextInt(4);
                final boolean be = rnd.nextBoolean();
                final int off = rnd.nextInt(AREA - size + 1);
                final long value = rnd.nextLong() & mask(size);
                final long addr = base + off;
                final int st = cpu.store(addr, size, value, be, A);
                if (st != MemTxResult.OK) {
                    throw new AssertionError("store at 0x" + Long.toHexString(addr) + " gave " + st);
                }
                put(shadow, off, size, value, be);
                final long got = cpu.load(addr, size, be, A, result);
                if (got != value || result.get() != MemTxResult.OK) {
                    throw new AssertionError("read-back at 0x" + Long.toHexString(addr) + " size " + size + ": wrote 0x"
                            + Long.toHexString(value) + " read 0x" + Long.toHexString(got) + " result " + result);
                }
                // an older write, somewhere else in the area
                final int old = rnd.nextInt(AREA - 8 + 1);
                final long expect = get(shadow, old, 8, false);
                final long seen = cpu.ldqLe(base + old, A, result);
                if (seen != expect) {
                    throw new AssertionError("re-read at 0x" + Long.toHexString(base + old) + ": expected 0x"
                            + Long.toHexString(expect) + " read 0x" + Long.toHexString(seen));
                }
                n += 3;
            }
            // the end of a block: a CPU loop's safe point (a no-op in strict mode)
            cpu.safePoint();
            seenFlushes.set(id, cache.flushes());
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void mmioToggledOverRamReadsEitherValueNeverAnythingElse(CpuState.Coherence mode) throws Exception {
        sysmem.addSubregion(0, ram);
        final long ramWord = 0x4242424242424242L; // every byte equal: any size at any offset reads the same
        final long devWord = 0xdeadbeefdeadbeefL;
        for (long a = 0x1_0000L; a < 0x1_2000L; a += 8) {
            ram.ramBlock().stqLe(a, ramWord);
        }
        final MemoryRegion dev = MemoryRegion.io(system, "dev", 0x2000, device(devWord));
        sysmem.addSubregionOverlap(0x1_0000L, dev, 1);
        dev.setEnabled(false);
        final CpuState[] cpus = new CpuState[2];
        for (int t = 0; t < cpus.length; t++) {
            cpus[t] = new CpuState(system, t, mode);
            CpuState.ensureDefaultAddressSpace(cpus[t], sysmem);
        }
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final long[][] counts = new long[cpus.length][2];
        Thread[] readers = new Thread[cpus.length];
        for (int t = 0; t < readers.length; t++) {
            final int id = t;
            readers[t] = new Thread(() -> {
                final SplittableRandom rnd = new SplittableRandom(7 + id);
                final AccessResult result = new AccessResult();
                long n = 0;
                try {
                    while (!stop.get()) {
                        final int size = 1 << rnd.nextInt(4);
                        final long addr = 0x1_0000L + (long) rnd.nextInt(0x2000 / size) * size;
                        if ((++n & 63) == 0) {
                            cpus[id].safePoint();
                        }
                        final long v = cpus[id].load(addr, size, false, A, result);
                        if (result.get() != MemTxResult.OK) {
                            throw new AssertionError("result " + result + " at 0x" + Long.toHexString(addr));
                        }
                        if (v == (ramWord & mask(size))) {
                            counts[id][0]++;
                        } else if (v == (devWord & mask(size))) {
                            counts[id][1]++;
                        } else {
                            throw new AssertionError("size " + size + " at 0x" + Long.toHexString(addr) + " read 0x"
                                    + Long.toHexString(v) + ": neither RAM nor the device");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "reader-" + t);
            readers[t].start();
        }
        long toggles = 0;
        final long t0 = System.nanoTime();
        try {
            while (failure.get() == null && (System.nanoTime() - t0) / 1_000_000 < 1_000) {
                dev.setEnabled(!dev.isEnabled());
                toggles++;
            }
        } finally {
            stop.set(true);
            for (Thread r : readers) {
                r.join();
            }
        }
        assertNull(failure.get(), () -> "a reader failed: " + failure.get());
        System.out.println("[FastPathStressTest] MMIO toggles=" + toggles + " reads (ram, device): "
                + java.util.Arrays.deepToString(counts));
        assertTrue(toggles > 0);
    }

    @Test
    void windowsInUseAreRevokedByConcurrentCommitsAndThenRefuseUse() throws Exception {
        sysmem.addSubregion(0, ram);
        final dev.addrspace.memory.AddressSpace as = system.newAddressSpace(sysmem, "dma");
        final MemoryRegion overlay = MemoryRegion.io(system, "overlay", 0x1000, device(0));
        final java.util.concurrent.atomic.AtomicInteger callbacks = new java.util.concurrent.atomic.AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final long[] stats = new long[3]; // grants, refused uses after revocation, accesses
        final Thread dma = new Thread(() -> {
            final SplittableRandom rnd = new SplittableRandom(99);
            try {
                while (!stop.get()) {
                    final DirectWindow w = DirectWindow.grant(as, 0x8000, 0x2000, DirectWindow.READ_WRITE,
                            x -> callbacks.incrementAndGet());
                    if (w == null) {
                        continue; // the overlay is there: no direct memory at 0x8000
                    }
                    stats[0]++;
                    while (true) {
                        final long addr = w.start() + rnd.nextInt((int) (w.last() - w.start() + 1) - 7);
                        final long v = rnd.nextLong();
                        try {
                            w.store(addr, 8, v, false);
                            final long back = w.load(addr, 8, false);
                            if (back != v) {
                                throw new AssertionError("window read-back 0x" + Long.toHexString(back));
                            }
                            stats[2]++;
                        } catch (IllegalStateException e) {
                            if (w.isValid()) {
                                throw new AssertionError("a valid window refused use", e);
                            }
                            stats[1]++;
                            break;
                        }
                        if (stop.get()) {
                            w.revoke();
                            break;
                        }
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "dma");
        dma.start();
        long commits = 0;
        final long t0 = System.nanoTime();
        try {
            while (failure.get() == null && (System.nanoTime() - t0) / 1_000_000 < MAX_MILLIS
                    && (commits < MIN_COMMITS || callbacks.get() < 10)) {
                if (overlay.container() == null) {
                    sysmem.addSubregionOverlap(0x8000, overlay, 1);
                } else {
                    overlay.setEnabled(!overlay.isEnabled());
                }
                commits++;
            }
        } finally {
            stop.set(true);
            dma.join();
        }
        assertNull(failure.get(), () -> "the DMA thread failed: " + failure.get());
        System.out.println("[FastPathStressTest] windows: commits=" + commits + " grants=" + stats[0]
                + " revocations=" + callbacks.get() + " refused uses=" + stats[1] + " accesses=" + stats[2]);
        assertTrue(stats[1] >= 1, "some window was revoked under use");
        assertEquals(stats[0], callbacks.get(), "every window granted was revoked exactly once");
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    private static void put(byte[] shadow, int off, int size, long value, boolean be) {
        for (int i = 0; i < size; i++) {
            final int shift = be ? 8 * (size - 1 - i) : 8 * i;
            shadow[off + i] = (byte) (value >>> shift);
        }
    }

    private static long get(byte[] shadow, int off, int size, boolean be) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            final long b = shadow[off + i] & 0xffL;
            v |= be ? b << (8 * (size - 1 - i)) : b << (8 * i);
        }
        return v;
    }
}
