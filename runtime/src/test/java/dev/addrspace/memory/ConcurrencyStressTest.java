package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stress tests of the concurrency claims of the access path. */
class ConcurrencyStressTest {

    private static final MemTxAttrs U = MemTxAttrs.UNSPECIFIED;

    /** Concurrent first writes to the same fresh pages install one page each and lose no store. */
    @Test
    void concurrentFirstWritesLoseNothing() throws Exception {
        final int threads = 8;
        for (int round = 0; round < 20; round++) {
            RamBlock b = new RamBlock(1L << 34);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        // every thread writes its own byte lane of the same 64 pages spread over the block
                        for (int p = 0; p < 64; p++) {
                            long page = (long) p * (1L << 28);
                            for (int i = 0; i < 64; i++) {
                                b.stb(page + i * threads + id, id + 1);
                            }
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(64, b.allocatedPages());
            for (int p = 0; p < 64; p++) {
                long page = (long) p * (1L << 28);
                for (int i = 0; i < 64 * threads; i++) {
                    assertEquals(i % threads + 1, b.ldub(page + i), "page " + p + " byte " + i);
                }
            }
        }
    }

    /** Two threads inside one guarded device at once: neither is refused (the guard is per thread). */
    @Test
    void guardDoesNotBlockAnotherThread() throws Exception {
        MemorySystem ms = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(root, "memory");
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger reads = new AtomicInteger();
        root.addSubregion(0x1000, MemoryRegion.io(ms, "slow", 0x100, new MmioOps() {
            @Override
            public long read(long addr, int size) {
                bothInside.countDown();
                try {
                    bothInside.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reads.incrementAndGet();
                return 0x42;
            }
        }));
        int[] results = new int[2];
        long[] values = new long[2];
        Thread[] ts = new Thread[2];
        for (int i = 0; i < 2; i++) {
            final int id = i;
            ts[i] = new Thread(() -> {
                AccessResult r = new AccessResult();
                values[id] = as.ldlLe(0x1000, U, r);
                results[id] = r.get();
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join(10_000);
        }
        assertEquals(2, reads.get());
        assertEquals(MemTxResult.OK, results[0]);
        assertEquals(MemTxResult.OK, results[1]);
        assertEquals(0x42, values[0]);
        assertEquals(0x42, values[1]);
    }

    /** Readers keep working while the map is re-rendered under them: they see the old or the new view. */
    @Test
    void accessesDuringCommitsSeeOldOrNewView() throws Exception {
        MemorySystem ms = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(root, "memory");
        MemoryRegion a = MemoryRegion.ram(ms, "a", 0x1000);
        MemoryRegion b = MemoryRegion.ram(ms, "b", 0x1000);
        a.ramBlock().stlLe(0, 0xaaaa);
        b.ramBlock().stlLe(0, 0xbbbb);
        root.addSubregion(0x10000, a);
        root.addSubregionOverlap(0x10000, b, 1);
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            AccessResult r = new AccessResult();
            for (int i = 0; i < 200_000; i++) {
                int v = as.ldlLe(0x10000, U, r);
                if (r.get() != MemTxResult.OK || (v != 0xaaaa && v != 0xbbbb)) {
                    synchronized (failures) {
                        failures.add(new AssertionError("v=" + Integer.toHexString(v) + " r=" + r.get()));
                    }
                    return;
                }
            }
        });
        reader.start();
        for (int i = 0; i < 2_000 && reader.isAlive(); i++) {
            b.setEnabled((i & 1) == 0);
        }
        reader.join();
        assertEquals(List.of(), failures);
    }
}
