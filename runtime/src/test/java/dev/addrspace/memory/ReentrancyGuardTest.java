package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The re-entrancy guard biased to a home thread ({@link ReentrancyGuard}): the home thread and other
 * threads are inside one device at the same time, nobody is refused for another thread's access, and
 * each thread's own re-entry is refused, on the fast path (plain callbacks) and the full dispatch
 * (with-attrs callbacks, stores).
 */
class ReentrancyGuardTest {

    private static final MemTxAttrs U = MemTxAttrs.UNSPECIFIED;
    private static final long BASE = 0x1000;

    /** Reads of register 0 wait inside the callback for the other thread, then re-enter at register 4. */
    private static final class Meeting implements MmioOps {
        AddressSpace as;
        CyclicBarrier inside;
        final boolean withAttrs;
        final ThreadLocal<Integer> innerResult = new ThreadLocal<>();

        Meeting(boolean withAttrs) {
            this.withAttrs = withAttrs;
        }

        long callback(long addr) {
            if (addr == 0) {
                await();
                AccessResult r = new AccessResult();
                as.ldlLe(BASE + 4, U, r);
                innerResult.set(r.get() | (as.stlLe(BASE + 4, 1, U) << 8));
                await();
                return 0x11;
            }
            return 0x22;
        }

        private void await() {
            try {
                inside.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long read(long addr, int size) {
            if (withAttrs) {
                throw new AssertionError("plain read of a with-attrs device");
            }
            return callback(addr);
        }

        @Override
        public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
            return callback(addr);
        }

        @Override
        public void write(long addr, long value, int size) {
        }
    }

    /** A class that overrides only the with-attrs pair, so the dispatcher calls it. */
    private static final class AttrsMeeting implements MmioOps {
        final Meeting m = new Meeting(true);

        @Override
        public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
            return m.callback(addr);
        }

        @Override
        public int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
            return MemTxResult.OK;
        }
    }

    @Test
    void homeAndOtherThreadsAreInsideTogetherAndEachReentryIsRefused() throws Exception {
        for (boolean attrs : new boolean[] {false, true}) {
            for (int threads = 2; threads <= 3; threads++) {
                MemorySystem ms = new MemorySystem();
                MemoryRegion root = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
                AddressSpace as = ms.newAddressSpace(root, "memory");
                AttrsMeeting am = new AttrsMeeting();
                Meeting dev = attrs ? am.m : new Meeting(false);
                dev.as = as;
                dev.inside = new CyclicBarrier(threads);
                root.addSubregion(BASE, MemoryRegion.io(ms, "meet", 0x100, attrs ? am : dev));
                AccessResult warm = new AccessResult();
                // this thread becomes the guard's home
                assertEquals(0x22, as.ldlLe(BASE + 4, U, warm));
                assertEquals(MemTxResult.OK, warm.get());

                List<Throwable> failures = new ArrayList<>();
                List<Integer> outer = new ArrayList<>();
                List<Integer> inner = new ArrayList<>();
                Runnable visit = () -> {
                    try {
                        AccessResult r = new AccessResult();
                        long v = as.ldlLe(BASE, U, r);
                        synchronized (outer) {
                            outer.add((int) v | (r.get() << 8));
                            inner.add(dev.innerResult.get());
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                };
                List<Thread> others = new ArrayList<>();
                for (int t = 1; t < threads; t++) {
                    Thread w = new Thread(visit);
                    others.add(w);
                    w.start();
                }
                visit.run();
                for (Thread w : others) {
                    w.join();
                }
                assertEquals(List.of(), failures, "attrs=" + attrs + " threads=" + threads);
                int refused = MemTxResult.ACCESS_ERROR | (MemTxResult.ACCESS_ERROR << 8);
                for (int t = 0; t < threads; t++) {
                    assertEquals(0x11, outer.get(t), "nobody is refused for another thread's access");
                    assertEquals(refused, inner.get(t), "each thread's own re-entry is refused");
                }
                // released everywhere: ordinary accesses work again from this thread and another
                assertEquals(0x22, as.ldlLe(BASE + 4, U, warm));
                assertEquals(MemTxResult.OK, warm.get());
                Thread after = new Thread(() -> {
                    AccessResult r = new AccessResult();
                    as.ldlLe(BASE + 4, U, r);
                    synchronized (outer) {
                        outer.add(r.get());
                    }
                });
                after.start();
                after.join();
                assertEquals(MemTxResult.OK, outer.get(threads));
            }
        }
    }

    @Test
    void anExceptionReleasesTheGuardOnTheFastPath() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        AddressSpace as = ms.newAddressSpace(root, "memory");
        root.addSubregion(BASE, MemoryRegion.io(ms, "fails", 0x100, new MmioOps() {
            @Override
            public long read(long addr, int size) {
                if (addr == 0) {
                    throw new IllegalStateException("device fault");
                }
                return 7;
            }
        }));
        AccessResult r = new AccessResult();
        assertEquals(7, as.ldlLe(BASE + 4, U, r)); // claims the home
        assertThrows(IllegalStateException.class, () -> as.ldlLe(BASE, U, r)); // fast path, engaged, throws
        assertEquals(7, as.ldlLe(BASE + 4, U, r));
        assertEquals(MemTxResult.OK, r.get());
    }

    @Test
    void aGuardIsSharedByEveryViewOfItsRegion() {
        MemorySystem ms = new MemorySystem();
        MemoryRegion rootA = MemoryRegion.container(ms, "a", MemoryRegion.SIZE_2_64);
        MemoryRegion rootB = MemoryRegion.container(ms, "b", MemoryRegion.SIZE_2_64);
        AddressSpace a = ms.newAddressSpace(rootA, "a");
        AddressSpace b = ms.newAddressSpace(rootB, "b");
        AccessResult inner = new AccessResult();
        MmioOps ops = new MmioOps() {
            @Override
            public long read(long addr, int size) {
                if (addr == 0) {
                    b.ldlLe(0x2004, U, inner); // the same region, reached through another view
                }
                return 1;
            }
        };
        MemoryRegion dev = MemoryRegion.io(ms, "dev", 0x100, ops);
        rootA.addSubregion(BASE, dev);
        rootB.addSubregion(0x2000, MemoryRegion.alias(ms, "dev-alias", dev, 0, 0x100));
        AccessResult r = new AccessResult();
        assertEquals(1, a.ldlLe(BASE, U, r));
        assertEquals(MemTxResult.OK, r.get());
        assertEquals(MemTxResult.ACCESS_ERROR, inner.get());
    }
}
