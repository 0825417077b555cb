package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers on other threads see either the old or the new view, whole: while a writer moves a window
 * back and forth in transactions, every view a reader obtains is one of the two complete layouts.
 */
class PublicationStressTest {

    @Test
    void readersSeeWholeViewsOnly() throws InterruptedException {
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x100000);
        sys.addSubregion(0, ram);
        MemoryRegion a = MemoryRegion.ram(ms, "a", 0x1000);
        MemoryRegion b = MemoryRegion.ram(ms, "b", 0x1000);
        sys.addSubregionOverlap(0x10000, a, 1);
        sys.addSubregionOverlap(0x20000, b, 1);
        AddressSpace as = ms.newAddressSpace(sys, "memory");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        int readers = 3;
        CountDownLatch started = new CountDownLatch(readers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
            Thread th = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    FlatView v = as.flatView();
                    FlatRange at1 = v.lookup(0x10000);
                    FlatRange at2 = v.lookup(0x20000);
                    // Layout 1: a at 0x10000, b at 0x20000. Layout 2: swapped. Never a mix.
                    boolean one = at1.region() == a && at2.region() == b;
                    boolean two = at1.region() == b && at2.region() == a;
                    if (!(one || two) || v.rangeCount() != 5) {
                        failure.compareAndSet(null, "torn view " + v.ranges());
                    }
                    reads.incrementAndGet();
                }
            });
            th.start();
            threads.add(th);
        }
        started.await();
        for (int i = 0; i < 2000; i++) {
            boolean swap = i % 2 == 0;
            ms.transaction(() -> {
                a.setAddress(swap ? 0x20000 : 0x10000);
                b.setAddress(swap ? 0x10000 : 0x20000);
            });
        }
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(null, failure.get());
        assertTrue(reads.get() > 0);
    }
}
