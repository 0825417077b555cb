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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The concurrency contract of {@link CpuState}: in {@link CpuState.Coherence#SAFE_POINT} mode a CPU sees
 * every commit of another thread by its next {@link CpuState#safePoint()} and its own commits at its next
 * access; in {@link CpuState.Coherence#STRICT} mode every access sees every commit that returned before it
 * started; in both, an access never sees a view of another address space.
 *
 * <p>Seeds: {@code -Dreliability.seed=N} replays one seed of the randomized tests.
 */
class SafePointContractTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;
    private static final long MAX_MILLIS = 1_500;

    private static long seed(long dflt) {
        final String s = System.getProperty("reliability.seed");
        return s == null ? dflt : Long.parseLong(s);
    }

    /** Every coherence mode, on sparse RAM and on preallocated RAM (the page cache's window). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> modesAndRam() {
        return java.util.Arrays.stream(CpuState.Coherence.values()).flatMap(m -> java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(m, false),
                org.junit.jupiter.params.provider.Arguments.of(m, true)));
    }

    /**
     * A committer thread moves a one-page window (an alias) over {@code BANKS} pages of RAM; before commit
     * {@code k} it fills the bank the window will show with the value {@code k}, and after the commit returns
     * it publishes {@code k}. The CPU thread reads the published count, passes a safe point, and reads the
     * window: it must read at least that count (the commit, or a later one), never an older bank, and never
     * a value nobody committed. In strict mode every access must, without safe points.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("modesAndRam")
    void everyCommitOfAnotherThreadIsSeenByTheNextSafePoint(CpuState.Coherence mode, boolean preallocated)
            throws Exception {
        final int banks = 64;
        final long window = 0x10_0000L;
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = preallocated ? MemoryRegion.ramPreallocated(ms, "banks", banks * 0x1000L)
                : MemoryRegion.ram(ms, "banks", banks * 0x1000L);
        root.addSubregion(0, ram);
        final MemoryRegion alias = MemoryRegion.alias(ms, "window", ram, 0, 0x1000);
        root.addSubregion(window, alias);
        final CpuState cpu = new CpuState(ms, 0, mode);
        CpuState.ensureDefaultAddressSpace(cpu, root);

        final AtomicLong committed = new AtomicLong();
        final long[] stats = new long[4]; // safe points, reads, reads older than the latest commit, flushes
        final long k = runAgainstCommitter(cpu, mode, committed, 11, (rnd, res, floor) -> {
            final long addr = window + 8L * rnd.nextInt(512);
            final long v = cpu.ldqLe(addr, A, res);
            checkCommitOrder(mode, "bank", addr, v, res, floor, committed.get(), stats);
        }, () -> cpu.slot(0).pageCache().flushes(), n -> {
            final long bank = n % banks;
            for (long off = 0; off < 0x1000; off += 8) {
                ram.ramBlock().stqLe(bank * 0x1000 + off, n);
            }
            alias.setAliasOffset(bank * 0x1000);
        }, stats);
        System.out.println("[SafePointContractTest] " + mode + " commits=" + k + " safe points=" + stats[0] + " reads="
                + stats[1] + " (older than the latest commit: " + stats[2] + ") flushes=" + stats[3]);
        assertTrue(stats[3] > 10, "the CPU flushed for commits: " + stats[3]);
    }

    /** One read of the window in a safe-point round, no older than commit {@code floor}. */
    @FunctionalInterface
    private interface WindowRead {
        void read(SplittableRandom rnd, AccessResult res, long floor);
    }

    /**
     * The harness of the two cross-thread tests. A CPU thread repeatedly reads the published commit
     * count, passes a safe point and makes 16 reads ({@code read}), each no older than that count (strict:
     * than the count published just before the read); when stopped it stores {@code lastCount} (the
     * cache's own counter, read on its thread) in {@code stats[3]}. This thread meanwhile makes commits
     * {@code 1, 2, ...} ({@code commit}), publishing each count in {@code committed} after it returns,
     * for {@link #MAX_MILLIS} or until the CPU thread fails. Asserts that it did not fail and that more
     * than 100 commits and safe points ran; {@code stats[0]} counts the safe points.
     *
     * @return the number of commits made
     */
    private static long runAgainstCommitter(CpuState cpu, CpuState.Coherence mode, AtomicLong committed,
            long seedDefault, WindowRead read, LongSupplier lastCount, LongConsumer commit, long[] stats)
            throws InterruptedException {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread vcpu = new Thread(() -> {
            final SplittableRandom rnd = new SplittableRandom(seed(seedDefault));
            final AccessResult res = new AccessResult();
            try {
                while (!stop.get()) {
                    final long before = committed.get();
                    cpu.safePoint();
                    stats[0]++;
                    for (int r = 0; r < 16; r++) {
                        read.read(rnd, res, mode == CpuState.Coherence.STRICT ? committed.get() : before);
                    }
                }
                stats[3] = lastCount.getAsLong();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "vcpu");
        vcpu.start();
        long k = 0;
        final long t0 = System.nanoTime();
        try {
            while (failure.get() == null && (System.nanoTime() - t0) / 1_000_000 < MAX_MILLIS) {
                k++;
                commit.accept(k);
                committed.set(k);
            }
        } finally {
            stop.set(true);
            vcpu.join();
        }
        assertNull(failure.get(), () -> "the CPU thread failed: " + failure.get());
        assertTrue(k > 100 && stats[0] > 100, "commits and safe points ran: " + k + ", " + stats[0]);
        return k;
    }

    /**
     * One read of the moving window, checked against the commits: OK, at least the commit {@code floor}
     * that had returned before the read's safe point (or, strict, before the read), at most one commit
     * past the {@code latest} published after the read. Counts the read in {@code stats[1]}, and in
     * {@code stats[2]} when it is older than {@code latest}.
     */
    private static void checkCommitOrder(CpuState.Coherence mode, String what, long addr, long v, AccessResult res,
            long floor, long latest, long[] stats) {
        if (res.get() != MemTxResult.OK) {
            throw new AssertionError("result " + res + " at 0x" + Long.toHexString(addr));
        }
        if (v < floor) {
            throw new AssertionError(mode + ": read the " + what + " of commit " + v + " at 0x" + Long.toHexString(addr)
                    + " but commit " + floor + " had returned before the safe point");
        }
        if (v > latest + 1) {
            throw new AssertionError("read " + v + ", a value no commit wrote (latest " + latest + ")");
        }
        if (v < latest) {
            stats[2]++;
        }
        stats[1]++;
    }

    /**
     * The contract for the page cache's device entries: as {@link #everyCommitOfAnotherThreadIsSeenByTheNextSafePoint}
     * with devices instead of RAM banks. A one-page window (an alias) moves over {@code banks} devices; before
     * commit {@code k} the committer sets the register the window will show to {@code k}. The CPU reads
     * the published count, passes a safe point and reads the window: at least that count, never a value
     * no commit wrote. At the same addresses the CPU's second address space maps a device that answers a
     * mark, which the first one never maps: a non-secure read must never return it (world isolation),
     * while the CPU also reads the secure device, so both address spaces' entries are filled.
     */
    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void deviceEntriesSeeEveryCommitOfAnotherThreadByTheNextSafePointAndNoOtherWorld(CpuState.Coherence mode)
            throws Exception {
        final int banks = 64;
        final long window = 0x10_0000L;
        final long mark = 0x5ec0_5ec0L; // registers are 32-bit: an 8-byte access would be split in two
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion secure = MemoryRegion.container(ms, "secure", MemoryRegion.SIZE_2_64);
        final MemoryRegion devices = MemoryRegion.container(ms, "devices", banks * 0x1000L);
        final java.util.concurrent.atomic.AtomicLongArray registers = new java.util.concurrent.atomic.AtomicLongArray(banks);
        for (int b = 0; b < banks; b++) {
            final int bank = b;
            devices.addSubregion(b * 0x1000L, MemoryRegion.io(ms, "dev" + b, 0x1000,
                    dev.addrspace.memory.MmioOps.of((a, size) -> registers.get(bank), (a, v, size) -> { })));
        }
        root.addSubregion(0, devices);
        final MemoryRegion alias = MemoryRegion.alias(ms, "window", devices, 0, 0x1000);
        root.addSubregion(window, alias);
        secure.addSubregion(window, MemoryRegion.io(ms, "secure-dev", 0x1000,
                dev.addrspace.memory.MmioOps.of((a, size) -> mark, (a, v, size) -> { })));
        final CpuState cpu = new CpuState(ms, 0, mode);
        CpuState.cpuAddressSpaceInit(cpu, 2);
        CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", root);
        CpuState.cpuAddressSpaceAdd(cpu, 1, "cpu-secure-memory", secure);
        cpu.setAsIndexMapper(attrs -> attrs.secure() ? 1 : 0);
        cpu.setHitCounting(true);

        final AtomicLong committed = new AtomicLong();
        final long[] stats = new long[4]; // safe points, reads, reads older than the latest commit, device hits
        final long k = runAgainstCommitter(cpu, mode, committed, 13, (rnd, res, floor) -> {
            final long addr = window + 4L * rnd.nextInt(1024);
            if ((cpu.ldlLe(addr, MemTxAttrs.SECURE_ACCESS, res) & 0xffff_ffffL) != mark) {
                throw new AssertionError("the secure world lost its device at 0x" + Long.toHexString(addr));
            }
            final long v = cpu.ldlLe(addr, MemTxAttrs.NONE, res) & 0xffff_ffffL;
            final long latest = committed.get();
            if (v == mark) {
                throw new AssertionError(mode + ": a non-secure read returned the secure device's mark");
            }
            checkCommitOrder(mode, "register", addr, v, res, floor, latest, stats);
        }, () -> cpu.slot(0).pageCache().deviceHits() + cpu.slot(1).pageCache().deviceHits(), n -> {
            final int bank = (int) (n % banks);
            registers.set(bank, n);
            alias.setAliasOffset(bank * 0x1000L);
        }, stats);
        System.out.println("[SafePointContractTest] devices " + mode + " commits=" + k + " safe points=" + stats[0]
                + " reads=" + stats[1] + " (older than the latest commit: " + stats[2] + ") device hits=" + stats[3]);
        assertTrue(stats[3] > stats[1], "the device entries served reads: " + stats[3]);
    }

    /**
     * A CPU's own commits take effect for its next access in safe-point mode, with no safe point in between:
     * a topology change made on its thread, and a bank switch made by its own store to a device (the commit
     * runs inside its access, on its thread).
     */
    @Test
    void ownCommitsTakeEffectForTheNextAccess() {
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10_0000L);
        root.addSubregion(0, ram);
        for (long bank = 0; bank < 16; bank++) {
            ram.ramBlock().stlLe(0x8_0000L + bank * 0x1000, (int) (0xb0 + bank));
        }
        final MemoryRegion window = MemoryRegion.alias(ms, "window", ram, 0x8_0000L, 0x1000);
        root.addSubregionOverlap(0x4000, window, 1);
        // the bank-switch register: a store of n shows bank n in the window
        root.addSubregion(0x20_0000L, MemoryRegion.io(ms, "bank-switch", 0x1000,
                MmioOps.of((a, s) -> 0, (a, v, s) -> window.setAliasOffset(0x8_0000L + (v & 15) * 0x1000))));
        final MemoryRegion dev = MemoryRegion.io(ms, "dev", 0x1000, MmioOps.of((a, s) -> 0x5a5a5a5aL, (a, v, s) -> { }));
        final CpuState cpu = new CpuState(ms, 0);
        assertEquals(CpuState.Coherence.SAFE_POINT, cpu.coherence(), "the default mode");
        CpuState.ensureDefaultAddressSpace(cpu, root);
        final AccessResult res = new AccessResult();

        cpu.stlLe(0x1000, 0x1234_5678, A);
        assertEquals(0x1234_5678, cpu.ldlLe(0x1000, A, res));
        final long misses = cpu.slot(0).pageCache().misses();
        assertEquals(0x1234_5678, cpu.ldlLe(0x1000, A, res));
        assertEquals(misses, cpu.slot(0).pageCache().misses(), "a hit");
        root.addSubregionOverlap(0x1000, dev, 2);
        assertEquals(0x5a5a5a5a, cpu.ldlLe(0x1000, A, res), "the device this thread mapped answers at once");
        dev.setEnabled(false);
        assertEquals(0x1234_5678, cpu.ldlLe(0x1000, A, res), "RAM again at once");

        for (int n = 0; n < 16; n++) {
            assertEquals(MemTxResult.OK, cpu.stlLe(0x20_0000L, n, A));
            assertEquals(0xb0 + n, cpu.ldlLe(0x4000, A, res), "bank " + n + " after this CPU's own switch");
            assertEquals(0xb0 + n, cpu.ldlLe(0x4000, A, res), "bank " + n + " again, from the cache");
        }
    }

    /**
     * A commit of another thread that has returned (joined) is seen after the CPU's next safe point, also
     * for an entry the CPU keeps hitting in between.
     */
    @Test
    void anotherThreadsCommitIsSeenAfterTheSafePoint() throws Exception {
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion a = MemoryRegion.ram(ms, "a", 0x1000);
        final MemoryRegion b = MemoryRegion.ram(ms, "b", 0x1000);
        a.ramBlock().stlLe(0, 0xaaaa);
        b.ramBlock().stlLe(0, 0xbbbb);
        root.addSubregion(0, a);
        final CpuState cpu = new CpuState(ms, 0);
        CpuState.ensureDefaultAddressSpace(cpu, root);
        final AccessResult res = new AccessResult();
        for (int round = 0; round < 50; round++) {
            final MemoryRegion now = (round & 1) == 0 ? a : b;
            final MemoryRegion next = (round & 1) == 0 ? b : a;
            for (int i = 0; i < 100; i++) {
                assertEquals(now.ramBlock().ldlLe(0), cpu.ldlLe(0, A, res));
            }
            final Thread t = new Thread(() -> ms.transaction(() -> {
                root.removeSubregion(now);
                root.addSubregion(0, next);
            }));
            t.start();
            t.join();
            cpu.safePoint();
            assertEquals(next.ramBlock().ldlLe(0), cpu.ldlLe(0, A, res), "round " + round + " after the safe point");
        }
    }

    /**
     * World isolation under concurrent commits, in both modes: a CPU with a non-secure and a secure address
     * space (secure = system memory at priority -1, plus secure-only RAM holding only 0xA5 bytes, fixed, and
     * an alias of it that a committer moves over system RAM and toggles) makes secure and non-secure loads
     * at the same pages, non-secure stores of non-0xA5 bytes and secure stores of 0xA5 into the fixed
     * secure RAM, passing a safe point every 64 accesses, while another thread changes both worlds. A
     * non-secure load must never return a 0xA5 byte (nothing the non-secure world maps holds one), and the
     * secure-only RAM must hold 0xA5 bytes only at the end.
     */
    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void nonSecureAccessesNeverSeeTheSecureWorldWhileAnotherThreadCommits(CpuState.Coherence mode) throws Exception {
        final byte mark = (byte) 0xa5;
        final long span = 0x10000L;
        final long secureFixed = 0x20000L;
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion sysmem = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        final MemoryRegion secure = MemoryRegion.container(ms, "secure-memory", MemoryRegion.SIZE_2_64);
        secure.addSubregionOverlap(0, MemoryRegion.alias(ms, "secure-sysmem", sysmem, 0, MemoryRegion.SIZE_2_64), -1);
        final MemoryRegion nsRam = MemoryRegion.ram(ms, "ns-ram", span + 0x8000);
        nsRam.ramBlock().fill(0, nsRam.size(), (byte) 0x11);
        sysmem.addSubregion(0, nsRam);
        final MemoryRegion nsExtra = MemoryRegion.ram(ms, "ns-extra", 0x3000);
        nsExtra.ramBlock().fill(0, nsExtra.size(), (byte) 0x22);
        final MemoryRegion nsAlias = MemoryRegion.alias(ms, "ns-alias", nsRam, 0x4000, 0x2000);
        final MemoryRegion sRam = MemoryRegion.ram(ms, "s-ram", 0x4000);
        sRam.ramBlock().fill(0, sRam.size(), mark);
        secure.addSubregionOverlap(secureFixed, sRam, 1);
        final MemoryRegion sAlias = MemoryRegion.alias(ms, "s-alias", sRam, 0, 0x2000);
        secure.addSubregionOverlap(0x3000, sAlias, 1);

        final CpuState cpu = new CpuState(ms, 0, mode);
        CpuState.cpuAddressSpaceInit(cpu, 2);
        CpuState.cpuAddressSpaceAdd(cpu, 0, "cpu-memory", sysmem);
        CpuState.cpuAddressSpaceAdd(cpu, 1, "cpu-secure-memory", secure);
        cpu.setAsIndexMapper(attrs -> attrs.secure() ? 1 : 0);

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long[] stats = new long[3]; // non-secure loads, secure loads, stores
        final long seed = seed(5);
        final Thread vcpu = new Thread(() -> {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final AccessResult res = new AccessResult();
            long n = 0;
            try {
                while (!stop.get()) {
                    if ((++n & 63) == 0) {
                        cpu.safePoint();
                    }
                    final int size = 1 << rnd.nextInt(4);
                    final long addr = rnd.nextLong(span - 8);
                    final boolean be = rnd.nextBoolean();
                    switch (rnd.nextInt(4)) {
                        case 0: {
                            cpu.load(addr, size, be, MemTxAttrs.SECURE_ACCESS, null);
                            stats[1]++;
                            // then the same page from the non-secure world
                            checkNoMark(cpu.load(addr, size, be, MemTxAttrs.NONE, res), size, mark, addr, mode);
                            stats[0]++;
                            break;
                        }
                        case 1:
                            checkNoMark(cpu.load(addr, size, be, MemTxAttrs.NONE, res), size, mark, addr, mode);
                            stats[0]++;
                            break;
                        case 2: {
                            long v = 0;
                            for (int i = 0; i < 8; i++) {
                                final byte b = (byte) rnd.nextInt();
                                v |= ((b == mark ? 0x5a : b) & 0xffL) << (8 * i);
                            }
                            cpu.store(addr, size, v, be, MemTxAttrs.NONE);
                            stats[2]++;
                            break;
                        }
                        default:
                            cpu.store(secureFixed + rnd.nextInt(0x4000 - 8), size, 0xa5a5a5a5a5a5a5a5L, be,
                                    MemTxAttrs.SECURE_ACCESS);
                            stats[2]++;
                            break;
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "vcpu");
        vcpu.start();
        final SplittableRandom rnd = new SplittableRandom(seed + 1);
        long commits = 0;
        final long t0 = System.nanoTime();
        try {
            while (failure.get() == null && (System.nanoTime() - t0) / 1_000_000 < MAX_MILLIS) {
                switch (rnd.nextInt(5)) {
                    case 0:
                        sAlias.setAddress(0x1000L * rnd.nextInt((int) (span / 0x1000) - 2));
                        break;
                    case 1:
                        sAlias.setEnabled(!sAlias.isEnabled());
                        break;
                    case 2:
                        if (nsExtra.container() == null) {
                            sysmem.addSubregionOverlap(0x1000L * rnd.nextInt((int) (span / 0x1000) - 3), nsExtra, 1);
                        } else {
                            sysmem.removeSubregion(nsExtra);
                        }
                        break;
                    case 3:
                        if (nsAlias.container() == null) {
                            sysmem.addSubregionOverlap(0x1000L * rnd.nextInt((int) (span / 0x1000) - 2), nsAlias, 2);
                        } else {
                            nsAlias.setAliasOffset(0x1000L * rnd.nextInt(8));
                        }
                        break;
                    default:
                        ms.transaction(() -> {
                            sAlias.setEnabled(!sAlias.isEnabled());
                            nsExtra.setEnabled(!nsExtra.isEnabled());
                            sAlias.setAddress(0x1000L * rnd.nextInt((int) (span / 0x1000) - 2));
                        });
                        break;
                }
                commits++;
            }
        } finally {
            stop.set(true);
            vcpu.join();
        }
        assertNull(failure.get(), () -> "the CPU thread failed (seed " + seed + "): " + failure.get());
        final byte[] s = sRam.ramBlock().snapshot(0, (int) sRam.size());
        for (int i = 0; i < s.length; i++) {
            assertEquals(mark, s[i], "secure-only RAM changed at 0x" + Integer.toHexString(i));
        }
        for (MemoryRegion r : new MemoryRegion[] {nsRam, nsExtra}) {
            final byte[] b = r.ramBlock().snapshot(0, (int) r.size());
            for (int i = 0; i < b.length; i++) {
                assertTrue(b[i] != mark, r.name() + " holds a secure byte at 0x" + Integer.toHexString(i));
            }
        }
        System.out.println("[SafePointContractTest] isolation " + mode + " commits=" + commits + " non-secure loads="
                + stats[0] + " secure loads=" + stats[1] + " stores=" + stats[2]);
        assertTrue(commits > 100 && stats[0] > 10_000, "commits and accesses ran: " + commits + ", " + stats[0]);
    }

    /**
     * The access path, safe points and the flushes and refills that commits cause allocate nothing, in
     * both modes: commits (which allocate) run between measured rounds; each round makes hits on 64 pages,
     * passes a safe point every 64 accesses, and in safe-point mode takes the commit at its first access
     * (its own thread's commit), flushing and refilling the cache.
     */
    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void accessesSafePointsAndRefillsAllocateNothing(CpuState.Coherence mode) {
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, MemoryRegion.ram(ms, "ram", 0x10_0000L));
        final MemoryRegion overlay = MemoryRegion.io(ms, "overlay", 0x1000, MmioOps.of((a, s) -> 0, (a, v, s) -> { }));
        root.addSubregionOverlap(0x8_0000L, overlay, 1);
        final CpuState cpu = new CpuState(ms, 0, mode);
        CpuState.ensureDefaultAddressSpace(cpu, root);
        for (int page = 0; page < 64; page++) {
            cpu.stqLe(page * 0x1000L, page, A);
        }
        final long tid = Thread.currentThread().getId();
        final AccessResult r = new AccessResult();
        long allocated = 0;
        long sum = 0;
        final long flushesBefore = cpu.slot(0).pageCache().flushes();
        for (int round = 0; round < 300; round++) {
            overlay.setEnabled(!overlay.isEnabled());
            final long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 4096; i++) {
                final long addr = ((i & 63) * 0x1000L) + ((i >>> 6) & 0x7f) * 8;
                cpu.stlLe(addr + 4, i, A);
                sum += cpu.ldqLe(addr, A, r) + cpu.ldlBe(addr + 4, A, r);
                if ((i & 63) == 63) {
                    cpu.safePoint();
                }
            }
            if (round >= 100) {
                allocated += bean.getThreadAllocatedBytes(tid) - before;
            }
        }
        assertTrue(sum != 0);
        assertTrue(cpu.slot(0).pageCache().flushes() - flushesBefore >= 300, "every commit flushed the cache");
        assertTrue(allocated < 4096, mode + ": 200 rounds of 12,288 accesses, safe points and refills allocated "
                + allocated + " bytes");
    }

    private static void checkNoMark(long v, int size, byte mark, long addr, CpuState.Coherence mode) {
        for (int i = 0; i < size; i++) {
            if ((byte) (v >>> (8 * i)) == mark) {
                throw new AssertionError(mode + ": a non-secure load of " + size + " bytes at 0x" + Long.toHexString(addr)
                        + " read a secure byte: 0x" + Long.toHexString(v));
            }
        }
    }
}
