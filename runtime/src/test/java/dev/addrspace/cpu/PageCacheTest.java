package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Hits, misses, permissions, invalidation and allocation freedom of the per-CPU page cache. */
class PageCacheTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
    private final MemoryRegion ram = MemoryRegion.ram(system, "ram", 0x10_0000L);
    private final MemoryRegion rom = MemoryRegion.rom(system, "rom", 0x1_0000L);
    private final CpuState cpu = new CpuState(system, 0);
    private final AccessResult result = new AccessResult();

    {
        cpu.setHitCounting(true);
        sysmem.addSubregion(0, ram);
        sysmem.addSubregion(0x100_0000L, rom);
        CpuState.ensureDefaultAddressSpace(cpu, sysmem);
    }

    private PageCache cache() {
        return cpu.slot(0).pageCache();
    }

    private AddressSpace as() {
        return cpu.as();
    }

    /** A device whose reads answer a constant and whose writes are counted. */
    private static final class Device implements MmioOps {
        final long value;
        int writes;
        int reads;

        Device(long value) {
            this.value = value;
        }

        @Override
        public long read(long addr, int size) {
            reads++;
            return value;
        }

        @Override
        public void write(long addr, long v, int size) {
            writes++;
        }
    }

    @Test
    void ramStoreThenLoadHitsAfterOneMiss() {
        assertEquals(MemTxResult.OK, cpu.stlLe(0x1000, 0x11223344, A));
        assertEquals(1, cache().misses());
        assertEquals(0x11223344, cpu.ldlLe(0x1000, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(0x44332211, cpu.ldlBe(0x1000, A, result));
        assertEquals(0x3344, cpu.lduwLe(0x1000, A, result));
        assertEquals(0x44, cpu.ldub(0x1000, A, result));
        cpu.stqBe(0x1ff8, 0x0102030405060708L, A);
        assertEquals(0x0807060504030201L, cpu.ldqLe(0x1ff8, A, result));
        assertEquals(1, cache().misses(), "one refill serves the whole page");
        assertEquals(6, cache().hits());
        assertEquals(0x11223344, as().ldlLe(0x1000, A), "the address space sees the CPU's store");
    }

    @Test
    void theIndexGivesEveryPageOfAnAlignedMibAndPagesWholeMibsApartEntriesOfTheirOwn() {
        for (long mib : new long[] {0, 0x4000_0000L, 0x8000_0000_0000L - 0x10_0000L, -0x10_0000L}) {
            final boolean[] used = new boolean[PageCache.ENTRIES];
            for (long p = 0; p < PageCache.ENTRIES; p++) {
                final int i = PageCache.index(mib + (p << PageCache.PAGE_BITS) + (p & 0xfff));
                assertTrue(i >= 0 && i < PageCache.ENTRIES && !used[i], "page " + p + " of 0x" + Long.toHexString(mib));
                used[i] = true;
            }
        }
        for (long k = 1; k < PageCache.ENTRIES; k++) {
            assertNotEquals(PageCache.index(0x4000_0000L), PageCache.index(0x4000_0000L + (k << 20)), k + " MiB apart");
        }
        assertEquals(PageCache.index(0x1000), PageCache.index(0x101_1000L), "a direct-mapped cache still has conflicts");
    }

    @Test
    void pagesAMultipleOfTheReachApartStayCachedAndConflictingPagesStillAnswerRight() {
        byte[] image = {5, 6, 7, 8};
        as().writeRom(0x100_0004L, A, image, 0, 4);
        cpu.stlLe(0x10, 0x1234, A);
        assertEquals(0x08070605, cpu.ldlLe(0x100_0004L, A, result));
        final long misses = cache().misses();
        for (int round = 0; round < 10; round++) {
            assertEquals(0x1234, cpu.ldlLe(0x10, A, result));
            assertEquals(0x08070605, cpu.ldlLe(0x100_0004L, A, result));
        }
        assertEquals(misses, cache().misses(), "RAM page 0 and ROM page 0, 16 MiB apart, have two entries");
        // RAM page 0x10 and ROM page 0 (page 0x1000) share entry 0x10: each access refills it, and answers right
        assertEquals(PageCache.index(0x1_0000L), PageCache.index(0x100_0000L));
        cpu.stlLe(0x1_0004L, 0x5678, A);
        final long before = cache().misses();
        for (int round = 0; round < 10; round++) {
            assertEquals(0x08070605, cpu.ldlLe(0x100_0004L, A, result));
            assertEquals(0x5678, cpu.ldlLe(0x1_0004L, A, result));
        }
        assertEquals(before + 20, cache().misses());
    }

    @Test
    void accessCrossingAPageTakesTheSlowPathAndIsCorrect() {
        cpu.stqLe(0x1ffc, 0x8877665544332211L, A);
        assertEquals(0x8877665544332211L, as().ldqLe(0x1ffc, A));
        long misses = cache().misses();
        assertEquals(0x8877665544332211L, cpu.ldqLe(0x1ffc, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(misses + 1, cache().misses());
    }

    @Test
    void romReadsHitRomWritesMissAndAreDiscarded() {
        byte[] image = {1, 2, 3, 4};
        as().writeRom(0x100_0000L, A, image, 0, 4);
        assertEquals(0x04030201, cpu.ldlLe(0x100_0000L, A, result));
        long hits = cache().hits();
        assertEquals(0x04030201, cpu.ldlLe(0x100_0000L, A, result));
        assertEquals(hits + 1, cache().hits(), "ROM reads hit");

        long misses = cache().misses();
        assertEquals(MemTxResult.OK, cpu.stlLe(0x100_0000L, 0xdeadbeef, A), "TCG discards ROM stores");
        assertEquals(MemTxResult.OK, cpu.stlLe(0x100_0000L, 0xdeadbeef, A));
        assertEquals(misses + 2, cache().misses(), "ROM writes never hit");
        assertEquals(0x04030201, cpu.ldlLe(0x100_0000L, A, result), "unchanged");
        assertEquals(MemTxResult.DECODE_ERROR, as().stlLe(0x100_0000L, 0xdeadbeef, A),
                "the address-space path reports ROM stores (the documented difference)");

        assertEquals(MemTxResult.OK, cpu.stlLe(0x100_0000L, 0xcafef00d, MemTxAttrs.DEBUG_ACCESS),
                "a debug store writes ROM through the address space");
        assertEquals(0xcafef00d, cpu.ldlLe(0x100_0000L, A, result));
    }

    @Test
    void inheritedReadonlyDiscardsCpuStores() {
        MemoryRegion alias = MemoryRegion.alias(system, "ro-alias", ram, 0x2000, 0x1000);
        alias.setReadonly(true);
        sysmem.addSubregion(0x200_0000L, alias);
        cpu.stlLe(0x2000, 0x55667788, A);
        assertEquals(0x55667788, cpu.ldlLe(0x200_0000L, A, result), "reads through the read-only alias");
        assertEquals(MemTxResult.OK, cpu.stlLe(0x200_0000L, 0x12345678, A));
        assertEquals(0x55667788, cpu.ldlLe(0x2000, A, result), "TCG discards the store");
        assertEquals(MemTxResult.OK, as().stlLe(0x200_0000L, 0x12345678, A));
        assertEquals(0x12345678, cpu.ldlLe(0x2000, A, result), "address_space_write writes (QEMU's quirk)");
    }

    @Test
    void commitThatChangesTheViewFlushesBeforeItReturns() {
        cpu.stlLe(0x3000, 0x0a0b0c0d, A);
        assertEquals(0x0a0b0c0d, cpu.ldlLe(0x3000, A, result));
        long flushes = cache().flushes();
        Device dev = new Device(0x77);
        MemoryRegion io = MemoryRegion.io(system, "dev", 0x1000, dev);
        sysmem.addSubregionOverlap(0x3000, io, 1);
        assertEquals(0x77, cpu.ldlLe(0x3000, A, result), "the device answers at once");
        assertEquals(flushes + 1, cache().flushes());
        assertEquals(0x77, cpu.ldlLe(0x3000, A, result));
        assertEquals(2, dev.reads, "MMIO is never cached");
        io.setEnabled(false);
        assertEquals(0x0a0b0c0d, cpu.ldlLe(0x3000, A, result), "RAM is back");
        assertEquals(flushes + 2, cache().flushes());
    }

    @Test
    void commitThatLeavesTheViewUnchangedKeepsTheViewAndTheEntries() {
        cpu.stlLe(0x4000, 42, A);
        cpu.ldlLe(0x4000, A, result);
        FlatView before = as().flatView();
        long flushes = cache().flushes();
        // a region of another root: this address space's view does not depend on it
        MemoryRegion other = MemoryRegion.container(system, "other", 0x10000);
        system.newAddressSpace(other, "dma");
        other.addSubregion(0, MemoryRegion.ram(system, "dma-ram", 0x1000));
        // a region this view depends on, changed but fully hidden below RAM: re-rendered, same ranges
        MemoryRegion hidden = MemoryRegion.ram(system, "hidden", 0x1000);
        sysmem.addSubregionOverlap(0x4000, hidden, -1);
        FlatView withHidden = as().flatView();
        assertSame(before, withHidden, "an equal re-render keeps the published view");
        hidden.setEnabled(false);
        hidden.setEnabled(true);
        assertSame(before, as().flatView());
        long hits = cache().hits();
        assertEquals(42, cpu.ldlLe(0x4000, A, result));
        assertEquals(flushes, cache().flushes(), "no flush");
        assertEquals(hits + 1, cache().hits(), "still a hit");
    }

    @Test
    void untouchedRamIsAZeroEntryUntilSomeoneWrites() {
        CpuState other = new CpuState(system, 1);
        CpuState.ensureDefaultAddressSpace(other, sysmem);
        long pages = ram.ramBlock().allocatedPages();
        assertEquals(0, cpu.ldqLe(0x8000, A, result));
        assertEquals(0, cpu.ldqLe(0x8008, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(2, cache().zeroPageHits());
        assertEquals(pages, ram.ramBlock().allocatedPages(), "reads allocate nothing");
        other.stlLe(0x8010, 0x1234, A);
        assertEquals(0x1234, cpu.ldlLe(0x8010, A, result), "the other CPU's first write is seen");
        assertEquals(2, cache().zeroPageHits());
        cpu.stlLe(0x8014, 0x5678, A);
        assertEquals(0x5678, other.ldlLe(0x8014, A, result));
    }

    @Test
    void firstStoreToAZeroEntryAllocatesAndUpgrades() {
        assertEquals(0, cpu.ldub(0x9000, A, result));
        cpu.stb(0x9001, 0xab, A);
        assertEquals(0xab, cpu.ldub(0x9001, A, result));
        long hits = cache().hits();
        cpu.stb(0x9002, 0xcd, A);
        assertEquals(0xcd, cpu.ldub(0x9002, A, result));
        assertEquals(hits + 2, cache().hits());
    }

    @Test
    void romdModeReadsHitAndMmioModeGoesToTheDevice() {
        Device dev = new Device(0x99);
        MemoryRegion flash = MemoryRegion.romDevice(system, "flash", 0x2000, dev);
        sysmem.addSubregion(0x400_0000L, flash);
        as().writeRom(0x400_0000L, A, new byte[] {7}, 0, 1);
        assertEquals(7, cpu.ldub(0x400_0000L, A, result));
        long hits = cache().hits();
        assertEquals(7, cpu.ldub(0x400_0000L, A, result));
        assertEquals(hits + 1, cache().hits());
        cpu.stb(0x400_0000L, 1, A);
        assertEquals(1, dev.writes, "writes to a ROM device go to the device");
        assertEquals(0, cpu.ldub(0x400_0000L, MemTxAttrs.NONE.withMemory(true), result));
        assertEquals(MemTxResult.ACCESS_ERROR, result.get(), "attrs.memory refuses a ROM device");
        flash.setRomdMode(false);
        assertEquals(0x99, cpu.ldub(0x400_0000L, A, result));
        assertEquals(1, dev.reads);
    }

    @Test
    void deviceEntriesReachTheSameDeviceWithoutALookupAndFollowTheTopology() {
        Device a = new Device(0xa);
        Device b = new Device(0xb);
        // two devices in one page: the entry holds the last one, the other one refills it
        MemoryRegion da = MemoryRegion.io(system, "a", 0x100, a);
        MemoryRegion db = MemoryRegion.io(system, "b", 0x100, b);
        sysmem.addSubregion(0x200_0000L, da);
        sysmem.addSubregion(0x200_0100L, db);
        assertEquals(0xa, cpu.ldlLe(0x200_0000L, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(0, cache().deviceHits(), "the first access fills the entry");
        assertEquals(0xa, cpu.ldlLe(0x200_00fcL, A, result));
        assertEquals(MemTxResult.OK, cpu.stlLe(0x200_0010L, 1, A));
        assertEquals(2, cache().deviceHits());
        assertEquals(0xb, cpu.ldlLe(0x200_0100L, A, result), "past the range: the other device");
        assertEquals(2, cache().deviceHits());
        assertEquals(0xb, cpu.ldub(0x200_01ffL, A, result));
        assertEquals(3, cache().deviceHits());
        assertEquals(0, cpu.ldlLe(0x200_0200L, A, result), "past both: a hole");
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
        assertEquals(2, a.reads);
        assertEquals(1, a.writes);
        assertEquals(2, b.reads);
        // the owner's commit is seen by its next access, with no safe point (the default mode)
        assertEquals(0xb, cpu.ldlLe(0x200_0100L, A, result));
        db.setAddress(0x200_0400L);
        assertEquals(0, cpu.ldlLe(0x200_0100L, A, result));
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
        assertEquals(0xb, cpu.ldlLe(0x200_0400L, A, result));
        assertEquals(0, cpu.ldlLe(0x200_0000L, MemTxAttrs.NONE.withMemory(true), result));
        assertEquals(MemTxResult.ACCESS_ERROR, result.get(), "attrs.memory still refuses a device");
        assertEquals(2, a.reads);
    }

    @Test
    void anotherThreadsCommitReachesTheDeviceEntriesByTheNextSafePoint() throws Exception {
        cpu.setCoherence(CpuState.Coherence.SAFE_POINT);
        Device dev = new Device(0x55);
        MemoryRegion io = MemoryRegion.io(system, "dev", 0x1000, dev);
        sysmem.addSubregion(0x200_0000L, io);
        assertEquals(0x55, cpu.ldlLe(0x200_0000L, A, result));
        assertEquals(0x55, cpu.ldlLe(0x200_0000L, A, result));
        assertEquals(1, cache().deviceHits());
        Thread other = new Thread(() -> io.setEnabled(false));
        other.start();
        other.join();
        cpu.safePoint();
        assertEquals(0, cpu.ldlLe(0x200_0000L, A, result), "after the safe point the device is gone");
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
        assertEquals(2, dev.reads);
    }

    @Test
    void deviceEntriesAllocateNothing() {
        Device dev = new Device(3);
        sysmem.addSubregion(0x200_0000L, MemoryRegion.io(system, "dev", 0x100, dev));
        sysmem.addSubregion(0x200_0100L, MemoryRegion.io(system, "dev2", 0x100, new Device(4)));
        long allocated = allocatedByMillion(this::deviceLoop);
        assertTrue(cache().deviceHits() > 1_000_000);
        assertTrue(allocated < 4096, "1e6 device accesses allocated " + allocated + " bytes");
    }

    private long deviceLoop(int n) {
        long sum = 0;
        final AccessResult r = result;
        for (int i = 0; i < n; i++) {
            // alternating between the two devices of one page: entry hits and refills
            final long addr = 0x200_0000L + ((i & 0x20) << 3) + (i & 0x1c);
            cpu.stlLe(addr, i, A);
            sum += cpu.ldlLe(addr, A, r) + cpu.ldqBe(addr, A, r);
        }
        return sum;
    }

    @Test
    void holesAndDestroyedAddressSpacesDecodeError() {
        assertEquals(0, cpu.ldlLe(0x8000_0000L, A, result));
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
        assertEquals(MemTxResult.DECODE_ERROR, cpu.stlLe(0x8000_0000L, 1, A));
        cpu.stlLe(0, 5, A);
        assertEquals(5, cpu.ldlLe(0, A, result));
        as().destroy();
        assertEquals(0, cpu.slot(0).pageCache().ldlLe(0, A, result));
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
    }

    @Test
    void attrsPickTheSlot() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion ns = MemoryRegion.container(sys, "ns", MemoryRegion.SIZE_2_64);
        MemoryRegion s = MemoryRegion.container(sys, "s", MemoryRegion.SIZE_2_64);
        ns.addSubregion(0, MemoryRegion.ram(sys, "ns-ram", 0x1000));
        s.addSubregion(0, MemoryRegion.ram(sys, "s-ram", 0x1000));
        CpuState c = new CpuState(sys, 0);
        CpuState.cpuAddressSpaceInit(c, 2);
        CpuState.cpuAddressSpaceAdd(c, 0, "ns", ns);
        CpuState.cpuAddressSpaceAdd(c, 1, "s", s);
        c.setAsIndexMapper(attrs -> attrs.secure() ? 1 : 0);
        c.setHitCounting(true);
        c.stlLe(0x10, 1, MemTxAttrs.NONE);
        c.stlLe(0x10, 2, MemTxAttrs.SECURE_ACCESS);
        assertEquals(1, c.ldlLe(0x10, MemTxAttrs.NONE, null));
        assertEquals(2, c.ldlLe(0x10, MemTxAttrs.SECURE_ACCESS, null));
        assertSame(c.slot(1).pageCache(), c.pageCacheFor(MemTxAttrs.SECURE_ACCESS));
        assertNotSame(c.slot(0).pageCache(), c.slot(1).pageCache());
        assertEquals(2, c.slot(1).pageCache().hits() + c.slot(1).pageCache().misses());

        c.setAsIndexMapper(attrs -> 5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.ldub(0, MemTxAttrs.NONE, null));
        assertTrue(e.getMessage().contains("gave 5"), e.getMessage());
        c.setAsIndexMapper(attrs -> -1);
        e = assertThrows(IllegalStateException.class, () -> c.ldlLe(0, MemTxAttrs.NONE, null));
        assertTrue(e.getMessage().contains("gave -1") && e.getMessage().contains("outside 0..1"), e.getMessage());
        CpuState sparse = new CpuState(sys, 1);
        CpuState.cpuAddressSpaceInit(sparse, 3);
        CpuState.cpuAddressSpaceAdd(sparse, 0, "ns", ns);
        sparse.setAsIndexMapper(attrs -> 2);
        e = assertThrows(IllegalStateException.class, () -> sparse.stb(0, 0, MemTxAttrs.NONE));
        assertTrue(e.getMessage().contains("holds no address space"), e.getMessage());
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> cpu.load(0, 3, false, A, null));
        assertThrows(IllegalArgumentException.class, () -> cpu.store(0, 16, 0, false, A));
    }

    @Test
    void explicitFlushEmptiesTheCache() {
        cpu.stlLe(0x5000, 9, A);
        cpu.flushPageCaches();
        long misses = cache().misses();
        assertEquals(9, cpu.ldlLe(0x5000, A, result));
        assertEquals(misses + 1, cache().misses());
        cache().resetCounters();
        assertEquals(0, cache().hits() + cache().misses() + cache().flushes() + cache().zeroPageHits());
    }

    @Test
    void codeWindowServesFetchesOnTheLastFetchedPageWhateverLoadsAndStoresDoElsewhere() {
        cpu.stlLe(0x3000, 0x13, A);
        cpu.stlLe(0x3ffc, 0x6f, A);
        assertEquals(0x13, cpu.ldlLeCode(0x3000, A, result));
        assertEquals(0, cache().codeHits(), "the first fetch opens the window");
        assertEquals(0x6f, cpu.ldlLeCode(0x3ffc, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(1, cache().codeHits(), "the page's last word");
        // loads and stores on 300 other pages, the code page's entry index among them, leave it open
        for (int page = 0; page < 300; page++) {
            cpu.stlLe(0x10_000L + page * 0x1000L, page, A);
        }
        assertEquals(0x13, cpu.ldlLeCode(0x3000, A, result));
        assertEquals(2, cache().codeHits());
        // a store to the code page (through the entries) is seen by the next fetch: the same live array
        cpu.stlLe(0x3004, 0x73, A);
        assertEquals(0x73, cpu.ldlLeCode(0x3004, A, result));
        assertEquals(3, cache().codeHits());
        // and so is one through the address space (a DMA, another CPU's bulk write)
        as().write(0x3008, A, new byte[] {0x17, 0, 0, 0}, 0, 4);
        assertEquals(0x17, cpu.ldlLeCode(0x3008, A, result));
        assertEquals(4, cache().codeHits());
        // a word crossing the page's end is not the window's: the same value through the general path
        cpu.stlLe(0x4000, 0x55, A);
        assertEquals(as().ldlLe(0x3ffe, A, null), cpu.ldlLeCode(0x3ffe, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(4, cache().codeHits());
    }

    @Test
    void codeWindowClosesWithTheEntries() {
        cpu.stlLe(0x3000, 0x13, A);
        cpu.ldlLeCode(0x3000, A, result);
        cpu.ldlLeCode(0x3000, A, result);
        assertEquals(1, cache().codeHits());
        cpu.flushPageCaches();
        assertEquals(0x13, cpu.ldlLeCode(0x3000, A, result));
        assertEquals(1, cache().codeHits(), "a flush closes the code window");
        assertEquals(0x13, cpu.ldlLeCode(0x3000, A, result));
        assertEquals(2, cache().codeHits());
        // the CPU thread's own commit is seen by its next fetch: the code's page is a hole now
        ram.setEnabled(false);
        assertEquals(0, cpu.ldlLeCode(0x3000, A, result));
        assertEquals(MemTxResult.DECODE_ERROR, result.get());
        assertEquals(2, cache().codeHits());
        ram.setEnabled(true);
        assertEquals(0x13, cpu.ldlLeCode(0x3000, A, result));
        // attrs that take the general path never use the window
        assertEquals(0x13, cpu.ldlLeCode(0x3000, MemTxAttrs.DEBUG_ACCESS, result));
        assertEquals(2, cache().codeHits());
        // a page never written reads 0 through the general path and opens nothing
        assertEquals(0, cpu.ldlLeCode(0x7000, A, result));
        assertEquals(MemTxResult.OK, result.get());
        assertEquals(0, cpu.ldlLeCode(0x7000, A, result));
        assertEquals(2, cache().codeHits());
    }

    @Test
    void codeWindowDescribesItsLiveBytesForAnInterpretersCopy() {
        assertCodeWindowClosed();
        // a page of sparse RAM: the block's own page array
        cpu.stlLe(0x3010, 0x00a00513, A);
        assertEquals(0x00a00513, cpu.ldlLeCode(0x3010, A, result));
        assertSame(ram.ramBlock().pageIfAllocated(0x3000), cache().codeWindowBytes());
        assertEquals(0x3000, cache().codeWindowStart());
        assertEquals(0, cache().codeWindowOffset());
        assertEquals(PageCache.PAGE_SIZE, cache().codeWindowLength());
        assertEquals(0x00a00513, wordInCodeWindow(0x3010));
        // live: a later store is in the same array
        cpu.stlLe(0x3014, 0x00100073, A);
        assertEquals(0x00100073, wordInCodeWindow(0x3014));

        // a preallocated block seen through an alias: the range, at its offset in the block's one array
        MemoryRegion dense = MemoryRegion.ramPreallocated(system, "dense", 0x1_0000L);
        MemoryRegion window = MemoryRegion.alias(system, "dense-window", dense, 0x4000, 0x2000);
        system.transaction(() -> {
            sysmem.addSubregion(0x200_0000L, dense);
            sysmem.addSubregion(0x300_0000L, window);
        });
        dense.ramBlock().stlLe(0x4ff0, 0x12345678);
        assertEquals(0x12345678, cpu.ldlLeCode(0x300_0ff0L, A, result));
        assertSame(dense.ramBlock().preallocatedBytes(), cache().codeWindowBytes());
        assertEquals(0x300_0000L, cache().codeWindowStart());
        assertEquals(0x4000, cache().codeWindowOffset());
        assertEquals(0x2000, cache().codeWindowLength());
        assertEquals(0x12345678, wordInCodeWindow(0x300_0ff0L));

        // closed with the entries, and never opened by attrs that take the general path
        cpu.flushPageCaches();
        assertCodeWindowClosed();
        assertEquals(0x00a00513, cpu.ldlLeCode(0x3010, MemTxAttrs.DEBUG_ACCESS, result));
        assertCodeWindowClosed();
        // nor by a fetch from a page never written (it reads 0 through the general path)
        assertEquals(0, cpu.ldlLeCode(0x7000, A, result));
        assertCodeWindowClosed();
    }

    private void assertCodeWindowClosed() {
        assertNull(cache().codeWindowBytes());
        assertEquals(0, cache().codeWindowLength());
        assertEquals(0, cache().codeWindowOffset());
    }

    /** The little-endian word at {@code addr} read through the code window's description, as a copy would. */
    private int wordInCodeWindow(long addr) {
        final byte[] bytes = cache().codeWindowBytes();
        final int at = (int) (addr - cache().codeWindowStart()) + cache().codeWindowOffset();
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | bytes[at + 3] << 24;
    }

    @Test
    void hitsAllocateNothing() {
        for (int page = 0; page < 64; page++) {
            cpu.stqLe(page * 0x1000L, page, A);
        }
        long allocated = allocatedByMillion(this::loop);
        assertTrue(allocated < 4096, "1e6 hits allocated " + allocated + " bytes");
    }

    /**
     * Runs {@code loop} 200,000 times to let it compile, then 1,000,000 times, and returns what the second
     * run allocated on this thread; skips the test on a JVM that cannot count allocations per thread.
     */
    private static long allocatedByMillion(java.util.function.IntToLongFunction loop) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported());
        bean.setThreadAllocatedMemoryEnabled(true);
        long sum = loop.applyAsLong(200_000);
        long tid = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(tid);
        sum += loop.applyAsLong(1_000_000);
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(sum != 0);
        return allocated;
    }

    private long loop(int n) {
        long sum = 0;
        final AccessResult r = result;
        for (int i = 0; i < n; i++) {
            final long addr = ((i & 63) * 0x1000L) + ((i >>> 6) & 0xff) * 8;
            cpu.stlLe(addr + 4, i, A);
            sum += cpu.ldqLe(addr, A, r) + cpu.ldlBe(addr + 4, A, r) + cpu.ldlLeCode(addr, A, r);
        }
        return sum;
    }
}
