package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The page cache on preallocated RAM: the window (a whole RAM range served from its block's one array),
 * the entries of preallocated pages outside the window, permissions, invalidation by commits, and
 * allocation freedom.
 */
class PreallocatedPageCacheTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;
    private static final long BASE = 0x4000_0000L;
    private static final long SIZE = 0x40_0000L;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
    private final MemoryRegion ram = MemoryRegion.ramPreallocated(system, "ram", SIZE);
    private final CpuState cpu = new CpuState(system, 0);
    private final AccessResult result = new AccessResult();

    {
        cpu.setHitCounting(true);
        sysmem.addSubregion(BASE, ram);
        CpuState.ensureDefaultAddressSpace(cpu, sysmem);
    }

    private PageCache cache() {
        return cpu.slot(0).pageCache();
    }

    @Test
    void oneMissOpensTheWholeRange() {
        for (long p = 0; p < SIZE; p += 0x1000) {
            ram.ramBlock().stqLe(p, p * 3);
        }
        assertEquals(0, cpu.ldqLe(BASE, A, result));
        assertEquals(1, cache().misses());
        // every other page of the 4 MiB range (1,024 pages, more than the 256 entries) hits
        for (long p = 0x1000; p < SIZE; p += 0x1000) {
            assertEquals(p * 3, cpu.ldqLe(BASE + p, A, result));
            assertEquals(MemTxResult.OK, result.get());
        }
        assertEquals(1, cache().misses());
        assertEquals(SIZE / 0x1000 - 1, cache().hits());
    }

    @Test
    void unalignedAndPageCrossingAccessesInsideTheWindowHit() {
        cpu.stqLe(BASE, 0, A);
        final long misses = cache().misses();
        assertEquals(MemTxResult.OK, cpu.stqLe(BASE + 0x1ffd, 0x1122334455667788L, A));
        assertEquals(0x1122334455667788L, cpu.ldqLe(BASE + 0x1ffd, A, result));
        assertEquals(0x88776655, cpu.ldlBe(BASE + 0x1ffd, A, result));
        assertEquals(0x6677, cpu.lduwLe(BASE + 0x1ffe, A, result));
        assertEquals(0x88, cpu.ldub(BASE + 0x1ffd, A, result));
        assertEquals(0x1122334455667788L, ram.ramBlock().ldqLe(0x1ffd));
        assertEquals(misses, cache().misses(), "no miss inside the window");
        // the last bytes of the range hit; an access running past its end does not
        assertEquals(MemTxResult.OK, cpu.stlLe(BASE + SIZE - 4, 0xabcdef01, A));
        assertEquals(0xabcdef01, cpu.ldlLe(BASE + SIZE - 4, A, result));
        assertEquals(misses, cache().misses());
        cpu.ldlLe(BASE + SIZE - 2, A, result);
        assertEquals(misses + 1, cache().misses());
    }

    @Test
    void readOnlyPreallocatedRamDiscardsStoresButServesLoads() {
        ram.ramBlock().stlLe(0x10, 0x5a5a5a5a);
        ram.setReadonly(true);
        assertEquals(0x5a5a5a5a, cpu.ldlLe(BASE + 0x10, A, result));
        assertEquals(MemTxResult.OK, cpu.stlLe(BASE + 0x10, 1, A), "discarded, as TCG does");
        assertEquals(MemTxResult.OK, cpu.stlLe(BASE + 0x2010, 1, A));
        assertEquals(0x5a5a5a5a, ram.ramBlock().ldlLe(0x10));
        assertEquals(0, ram.ramBlock().ldlLe(0x2010));
        ram.setReadonly(false);
        assertEquals(MemTxResult.OK, cpu.stlLe(BASE + 0x10, 2, A));
        assertEquals(2, ram.ramBlock().ldlLe(0x10), "the commit closed the read-only window");
    }

    @Test
    void ownCommitsCloseTheWindowAtTheNextAccess() {
        cpu.stlLe(BASE + 0x100, 42, A);
        assertEquals(42, cpu.ldlLe(BASE + 0x100, A, result));
        ram.setAddress(BASE + SIZE);
        cpu.ldlLe(BASE + 0x100, A, result);
        assertEquals(MemTxResult.DECODE_ERROR, result.get(), "the RAM moved away");
        assertEquals(42, cpu.ldlLe(BASE + SIZE + 0x100, A, result));
        final long[] reg = new long[1];
        sysmem.addSubregionOverlap(BASE + SIZE, MemoryRegion.io(system, "dev", 0x1000, MmioOps.of(
                (a, s) -> 7, (a, v, s) -> reg[0] = v)), 1);
        assertEquals(7, cpu.ldlLe(BASE + SIZE + 0x100, A, result), "a device now covers the first page");
        assertEquals(MemTxResult.OK, cpu.stlLe(BASE + SIZE + 0x100, 9, A));
        assertEquals(9, reg[0]);
        assertEquals(42, ram.ramBlock().ldlLe(0x100));
    }

    @Test
    void twoRangesOfOneBlockAlternate() {
        // a device over the middle splits the RAM into two ranges, as x86's VGA hole splits pc.ram
        sysmem.addSubregionOverlap(BASE + 0x1000, MemoryRegion.io(system, "hole", 0x1000, MmioOps.of(
                (a, s) -> 0x77, (a, v, s) -> { })), 1);
        for (int i = 0; i < 1000; i++) {
            final long low = BASE + (i % 4) * 8;
            final long high = BASE + 0x2000 + (i * 0x1008L) % (SIZE - 0x2000 - 8);
            assertEquals(MemTxResult.OK, cpu.stqLe(low, i, A));
            assertEquals(MemTxResult.OK, cpu.stqLe(high, -i, A));
            assertEquals(i, cpu.ldqLe(low, A, result));
            assertEquals(-i, cpu.ldqLe(high, A, result));
            assertEquals(0x77, cpu.ldub(BASE + 0x1000 + i % 0x1000, A, result));
        }
        // per round two misses at most (the device read, and the high access's new page); the other three RAM
        // accesses hit the window or their entry, which moves the window back
        assertTrue(cache().misses() <= 2000 + 10, "misses: " + cache().misses());
        assertTrue(cache().hits() >= 3 * 1000 - 10, "hits: " + cache().hits());
    }

    @Test
    void windowAndDenseEntryHitsAllocateNothing() {
        final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);
        sysmem.addSubregionOverlap(BASE + 0x1000, MemoryRegion.io(system, "hole", 0x1000, MmioOps.of(
                (a, s) -> 0, (a, v, s) -> { })), 1);
        long sum = loop(100_000);
        final long tid = Thread.currentThread().getId();
        final long before = bean.getThreadAllocatedBytes(tid);
        sum += loop(500_000);
        final long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(sum != 0);
        assertTrue(allocated < 4096, "window and entry hits allocated " + allocated + " bytes");
    }

    private long loop(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            final long at = BASE + 0x2000 + ((i * 0x1040L) & 0xf_fff8L);
            cpu.stqLe(at, i + 1, A);
            sum += cpu.ldqLe(at, A, result);
            // the low range: its entry, then the window moves back and forth
            sum += cpu.ldlLe(BASE + (i & 0xff8), A, result);
        }
        return sum;
    }
}
