package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Shared view cells under concurrency: a writer splits and merges the sharing groups of eight x86-like
 * SMM roots (each CPU's SMRAM window shows one of three SMRAM banks; CPUs showing the same bank share one
 * view and one cell; each root has two address spaces, so that every view is read through a cell) while
 * it moves a version marker in system memory on every commit and gives
 * listeners to some CPUs and takes them away. Reader threads check every view they obtain against what
 * that CPU's root was ever given: a (bank, version) pair the writer recorded for that CPU before the
 * commit that published it. Some readers go through {@link AddressSpace#flatView()}; others load the
 * CPU's cell, yield, and only then read the cell's view, as a reader preempted between its two loads
 * would: a cell written again after a group left it shows that reader another root's view.
 *
 * <p>{@code -Dviewcell.seed=N} replays the writer's choices of one run (the interleaving is the
 * scheduler's); the seed is printed.
 */
class ViewCellStressTest {

    private static final int CPUS = 8;
    private static final int BANKS = 3;
    private static final long SMRAM_BASE = 0xa0000L;
    private static final long BANK = 0x10000L;
    private static final long VERSION_BASE = 0x100000000L;
    private static final int COMMITS = 4000;

    private static long key(int cpu, int bank, long version) {
        return ((long) cpu << 56) | ((long) bank << 48) | version;
    }

    @Test
    void readersNeverSeeAViewTheirRootWasNotGiven() throws InterruptedException {
        final long seed = Long.getLong("viewcell.seed", System.nanoTime());
        final SplittableRandom rnd = new SplittableRandom(seed);
        final MemorySystem ms = new MemorySystem();
        ms.setShareEqualViews(true);
        final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        sys.addSubregion(0, MemoryRegion.ram(ms, "pc.ram", 0x100000));
        final MemoryRegion version = MemoryRegion.ram(ms, "version", 0x1000);
        sys.addSubregion(VERSION_BASE, version);
        final MemoryRegion smram = MemoryRegion.container(ms, "smram", BANK * BANKS);
        final List<MemoryRegion> banks = new ArrayList<>();
        for (int b = 0; b < BANKS; b++) {
            MemoryRegion bank = MemoryRegion.ram(ms, "bank" + b, BANK);
            smram.addSubregion(b * BANK, bank);
            banks.add(bank);
        }
        final Set<Long> given = ConcurrentHashMap.newKeySet();
        final int[] bankOf = new int[CPUS];
        final List<MemoryRegion> windows = new ArrayList<>();
        final List<AddressSpace> smm = new ArrayList<>();
        final List<AddressSpace> twins = new ArrayList<>();
        ms.newAddressSpace(sys, "memory");
        for (int i = 0; i < CPUS; i++) {
            MemoryRegion root = MemoryRegion.container(ms, "memory", SIZE_2_64);
            root.addSubregion(0, MemoryRegion.alias(ms, "memory", sys, 0, SIZE_2_64));
            bankOf[i] = rnd.nextInt(BANKS);
            MemoryRegion window = MemoryRegion.alias(ms, "smram", smram, bankOf[i] * BANK, BANK);
            root.addSubregionOverlap(SMRAM_BASE, window, 1);
            windows.add(window);
            smm.add(ms.newAddressSpace(root, "cpu-smm-" + i));
            // a second address space over the root: views are read through cells, never directly
            twins.add(ms.newAddressSpace(root, "cpu-smm-twin-" + i));
            given.add(key(i, bankOf[i], 0));
        }

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong slowReads = new AtomicLong();
        final List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            final boolean slow = t == 1;
            Thread th = new Thread(() -> {
                int cpu = 0;
                boolean twin = false;
                while (!stop.get()) {
                    cpu = (cpu + 1) % CPUS;
                    twin ^= cpu == 0;
                    final AddressSpace as = (twin ? twins : smm).get(cpu);
                    final FlatView v;
                    if (slow) {
                        // flatView()'s two steps, preempted in between: the direct view, else the cell, then its view
                        final FlatView d = as.direct();
                        if (d != null) {
                            v = d;
                        } else {
                            final ViewCell c = as.cell();
                            Thread.yield();
                            v = c.view;
                            slowReads.incrementAndGet();
                        }
                    } else {
                        v = as.flatView();
                        reads.incrementAndGet();
                    }
                    long ver = -1;
                    int bank = -1;
                    for (FlatRange fr : v.ranges()) {
                        if (fr.region() == version) {
                            ver = (fr.start() - VERSION_BASE) / 0x1000;
                        } else if (fr.start() == SMRAM_BASE) {
                            bank = banks.indexOf(fr.region());
                        }
                    }
                    if (ver < 0 || bank < 0 || !given.contains(key(cpu, bank, ver))) {
                        failure.compareAndSet(null, "cpu " + cpu + " saw bank " + bank + " at version " + ver
                                + (slow ? " through a cell it held" : "") + ": " + v.ranges());
                    }
                }
            }, "viewcell-reader-" + t);
            th.setDaemon(true);
            th.start();
            readers.add(th);
        }

        final MemoryListener quiet = new MemoryListener() {
        };
        AddressSpace listened = null;
        int splits = 0;
        try {
            for (long v = 1; v <= COMMITS && failure.get() == null; v++) {
                ms.beginTransaction();
                version.setAddress(VERSION_BASE + v * 0x1000);
                int moves = rnd.nextInt(3);
                for (int m = 0; m < moves; m++) {
                    int cpu = rnd.nextInt(CPUS);
                    int bank = rnd.nextInt(BANKS);
                    if (bank != bankOf[cpu]) {
                        splits++;
                    }
                    bankOf[cpu] = bank;
                    windows.get(cpu).setAliasOffset(bank * BANK);
                }
                for (int i = 0; i < CPUS; i++) {
                    given.add(key(i, bankOf[i], v));
                }
                ms.commitTransaction();
                if (rnd.nextInt(50) == 0) {
                    if (listened != null) {
                        listened.unregisterListener(quiet);
                        listened = null;
                    } else {
                        listened = smm.get(rnd.nextInt(CPUS));
                        listened.registerListener(quiet);
                    }
                }
            }
        } finally {
            stop.set(true);
            for (Thread th : readers) {
                th.join(10_000);
            }
        }
        System.out.println("[ViewCellStressTest] seed=" + seed + " commits=" + COMMITS + " bank moves=" + splits
                + " reads=" + reads.get() + " slow reads=" + slowReads.get());
        assertNull(failure.get(), "seed " + seed + " (replay the writer: -Dviewcell.seed=" + seed + ")");
        assertTrue(reads.get() > 0 && slowReads.get() > 0);
        // after the last commit every CPU shows its own bank and the last version
        for (int i = 0; i < CPUS; i++) {
            FlatView v = smm.get(i).flatView();
            assertEquals(banks.get(bankOf[i]), v.lookup(SMRAM_BASE).region(), "cpu " + i);
            assertEquals(version, v.lookup(VERSION_BASE + COMMITS * 0x1000L).region(), "cpu " + i);
        }
    }
}
