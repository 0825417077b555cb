package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.mtree.Mtree;
import dev.addrspace.mtree.MtreeDump;
import dev.addrspace.mtree.MtreeImport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Correctness at the extremes (sizes of 2^64, 1 TiB of sparse RAM, 100,000 siblings, trees 10,000 deep,
 * alias chains 1,000 long): flat ranges and values read back, with no {@code StackOverflowError} on any
 * path. Each test prints what it took (wall time, heap in use after a GC hint) for {@code docs/reliability.md} (section Scale and depth);
 * nothing is asserted about time.
 */
class ScaleAndDepthTest {

    private static final MemTxAttrs ATTRS = MemTxAttrs.NONE;
    private static final int DEPTH = 10_000;
    private static final int CHAIN = 1_000;

    private static void report(String what, long startNanos) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long usedMiB = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("[scale] %s: %d ms, heap in use %d MiB%n", what, (System.nanoTime() - startNanos) / 1_000_000,
                usedMiB);
    }

    @Test
    void regionsOfTwoToTheSixtyFour() {
        long t0 = System.nanoTime();
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", SIZE_2_64);
        sys.addSubregion(0, ram);
        sys.addSubregionOverlap(0x1000, TestSupport.io(ms, "dev", 0x1000), 1);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        // The sole child at 0 would be the root; with the device the root is "system".
        assertEquals(3, as.flatView().rangeCount());
        FlatRange last = as.flatView().range(2);
        assertEquals(0x2000L, last.start());
        assertEquals(-1L, last.last());
        assertEquals(0x2000L, last.offsetInRegion());
        assertEquals(0, as.stqLe(0, 0x1122334455667788L, ATTRS));
        assertEquals(0, as.stqLe(0xffff_ffff_ffff_fff8L, 0x99L, ATTRS));
        assertEquals(0x1122334455667788L, as.ldqLe(0, ATTRS));
        assertEquals(0x99L, as.ldqLe(0xffff_ffff_ffff_fff8L, ATTRS));
        assertEquals(0L, as.ldqLe(0x8000_0000_0000_0000L, ATTRS));
        assertEquals(2, ram.ramBlock().allocatedPages());
        // An alias of the whole 2^64 block at an offset: the window is clipped at 2^64.
        MemoryRegion root2 = MemoryRegion.container(ms, "root2", SIZE_2_64);
        root2.addSubregion(0, MemoryRegion.alias(ms, "hi", ram, 0xffff_ffff_ffff_f000L, SIZE_2_64));
        root2.addSubregion(0x10000, MemoryRegion.ram(ms, "other", 0x1000));
        AddressSpace as2 = ms.newAddressSpace(root2, "hi");
        assertEquals(0x99L, as2.ldqLe(0xff8, ATTRS));
        assertEquals(0xfffL, as2.flatView().range(0).last());
        report("2^64 regions", t0);
    }

    @Test
    void oneTebibyteOfSparseRam() {
        long t0 = System.nanoTime();
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        long tib = 1L << 40;
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", tib);
        sys.addSubregion(0, ram);
        sys.addSubregion(tib, MemoryRegion.ram(ms, "above", 0x1000));
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        long[] addrs = {0, 0x1234_5000L, tib / 2 + 8, tib - 8};
        for (int i = 0; i < addrs.length; i++) {
            assertEquals(0, as.stqLe(addrs[i], 0xabcd_0000L + i, ATTRS));
        }
        for (int i = 0; i < addrs.length; i++) {
            assertEquals(0xabcd_0000L + i, as.ldqLe(addrs[i], ATTRS));
        }
        assertEquals(0L, as.ldqLe(tib / 4, ATTRS));
        assertEquals(0L, as.ldqLe(tib - 0x10_0000L, ATTRS));
        assertEquals(4, ram.ramBlock().allocatedPages());
        report("1 TiB sparse RAM, 4 pages written", t0);
    }

    @Test
    void oneHundredThousandSubregions() {
        long t0 = System.nanoTime();
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        int n = 100_000;
        List<MemoryRegion> rams = new ArrayList<>(n);
        ms.transaction(() -> {
            for (int i = 0; i < n; i++) {
                MemoryRegion r = MemoryRegion.ram(ms, "r" + i, 0x1000);
                rams.add(r);
                sys.addSubregion(i * 0x2000L, r);
            }
        });
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        assertEquals(n, as.flatView().rangeCount());
        int[] probe = {0, n / 2, n - 1};
        for (int i : probe) {
            long a = i * 0x2000L + 0x10;
            assertEquals(0, as.stlLe(a, i, ATTRS));
            assertEquals(i, as.ldlLe(a, ATTRS));
            assertSame(rams.get(i), as.flatView().lookup(a).region());
            assertNull(as.flatView().lookup(a + 0x1000));
        }
        long t1 = System.nanoTime();
        ms.transaction(() -> {
            for (int i = 0; i < n; i += 1000) {
                sys.removeSubregion(rams.get(i));
            }
        });
        assertEquals(n - 100, as.flatView().rangeCount());
        assertNull(as.flatView().lookup(n / 2 * 0x2000L));
        assertEquals(n - 1, as.ldlLe((n - 1) * 0x2000L + 0x10, ATTRS));
        report("100,000 subregions: build+render+access " + (t1 - t0) / 1_000_000 + " ms, remove 100 + commit "
                + (System.nanoTime() - t1) / 1_000_000 + " ms; total", t0);
    }

    @Test
    void containersTenThousandDeep() {
        long t0 = System.nanoTime();
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion[] level = new MemoryRegion[DEPTH];
        ms.transaction(() -> {
            MemoryRegion parent = sys;
            for (int i = 0; i < DEPTH; i++) {
                MemoryRegion c = MemoryRegion.container(ms, "c" + i, 0x100_0000L);
                // Each level 0x10 further in: the leaf sits at 0x10 * DEPTH.
                parent.addSubregion(i == 0 ? 0 : 0x10, c);
                level[i] = c;
                parent = c;
            }
            parent.addSubregion(0x10, MemoryRegion.ram(ms, "leaf", 0x1000));
            sys.addSubregion(0x4000_0000L, MemoryRegion.ram(ms, "beside", 0x1000));
        });
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        long leafAt = 0x10L * DEPTH;
        assertEquals(2, as.flatView().rangeCount());
        assertEquals(leafAt, as.flatView().range(0).start());
        assertEquals(0, as.stlLe(leafAt + 4, 0x5a5a, ATTRS));
        assertEquals(0x5a5a, as.ldlLe(leafAt + 4, ATTRS));
        // Readonly inherited from the top through 10,000 levels.
        level[0].setReadonly(true);
        assertTrue(as.flatView().range(0).readonly());
        level[0].setReadonly(false);
        // The root walk: an address space on the top container (single child at 0) goes 10,000 deep.
        AddressSpace deep = ms.newAddressSpace(level[0], "deep");
        assertEquals(1, deep.flatView().rangeCount());
        // Alias loops through the whole depth: one that turns once is rendered, one that maps the window
        // onto itself is refused; then removal at the bottom.
        MemoryRegion bottom = level[DEPTH - 1];
        MemoryRegion once = MemoryRegion.alias(ms, "loop", level[0], 0, 0x1000);
        bottom.addSubregion(0, once);
        assertEquals(2, as.flatView().rangeCount());
        bottom.removeSubregion(once);
        assertThrowsIae(() -> bottom.addSubregion(0, MemoryRegion.alias(ms, "same", level[0], 0x10L * (DEPTH - 1),
                0x1000)));
        bottom.removeSubregion(bottom.subregions().get(0));
        assertEquals(1, as.flatView().rangeCount());
        String tree = Mtree.treeWithDisabled(ms);
        // QEMU's text indents two spaces a level: the deepest container's line has DEPTH + 1 of them.
        int at = tree.indexOf("): c" + (DEPTH - 1) + "\n");
        int lineStart = tree.lastIndexOf('\n', at) + 1;
        assertEquals("  ".repeat(DEPTH + 1) + hex16(0x10L * (DEPTH - 1)) + "-"
                + hex16(0x10L * (DEPTH - 1) + 0xffffff) + " (prio 0, i/o",
                tree.substring(lineStart, at));
        String flat = Mtree.flat(ms);
        // The -D dump of this machine imports back to the same text.
        MemorySystem back = MtreeImport.rebuild(MtreeDump.parse(tree), MtreeDump.parse(flat), e -> TestSupport.NO_OPS);
        assertEquals(tree, Mtree.treeWithDisabled(back));
        assertEquals(flat, Mtree.flat(back));
        report("containers 10,000 deep: render, access, readonly, root walk, alias loops, remove, mtree, import",
                t0);
    }

    private static void assertThrowsIae(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("expected IllegalArgumentException");
    }

    /**
     * ARM SSE's shape at scale: a container that shows a window of itself through an alias, with 10,000
     * devices added one by one in one transaction while the address space exists. Each addition is
     * checked for an endless render; the check enters only the subregions from which the loop can be
     * reached, so the build stays linear.
     */
    @Test
    void aliasLoopWithTenThousandDevices() {
        long t0 = System.nanoTime();
        MemorySystem ms = new MemorySystem();
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        MemoryRegion cpu = MemoryRegion.container(ms, "cpu-container", SIZE_2_64);
        sys.addSubregionOverlap(0, cpu, -1);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        cpu.addSubregionOverlap(0x5000_0000L, MemoryRegion.alias(ms, "mirror", cpu, 0x4000_0000L, 0x1000_0000L), -1500);
        int n = 10_000;
        ms.transaction(() -> {
            for (int i = 0; i < n; i++) {
                cpu.addSubregion(0x4000_0000L + 0x1000L * i, TestSupport.io(ms, "dev" + i, 0x1000));
            }
        });
        // Every device twice: at its own address and through the mirror, 0x10000000 higher; merged per region.
        assertEquals(2 * n, as.flatView().rangeCount());
        FlatRange mirrored = as.flatView().lookup(0x5000_0000L + 0x1000L * (n - 1));
        assertEquals("dev" + (n - 1), mirrored.region().name());
        report("alias loop (ARM SSE's) with 10,000 devices added one by one in a transaction, each checked", t0);
    }

    @Test
    void aliasChainsOneThousandLong() {
        long t0 = System.nanoTime();
        MemorySystem ms = new MemorySystem();
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10_0000L);
        MemoryRegion[] chain = new MemoryRegion[CHAIN];
        MemoryRegion target = ram;
        for (int i = 0; i < CHAIN; i++) {
            // Each alias skips 0x10 more of its target: the end of the chain starts at 0x10 * CHAIN.
            chain[i] = MemoryRegion.alias(ms, "a" + i, target, 0x10, 0x10_0000L - 0x10L * (i + 1));
            target = chain[i];
        }
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        sys.addSubregion(0x1000_0000L, chain[CHAIN - 1]);
        sys.addSubregion(0, MemoryRegion.ram(ms, "low", 0x1000));
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        assertEquals(2, as.flatView().rangeCount());
        FlatRange fr = as.flatView().range(1);
        assertSame(ram, fr.region());
        assertEquals(0x10L * CHAIN, fr.offsetInRegion());
        assertEquals(0, as.stlLe(0x1000_0000L, 0x77, ATTRS));
        assertEquals(0x77, ram.ramBlock().ldlLe(0x10L * CHAIN));
        assertEquals(0x77, as.ldlLe(0x1000_0000L, ATTRS));
        // Readonly on the first alias of the chain reaches the range.
        chain[0].setReadonly(true);
        assertTrue(as.flatView().range(1).readonly());
        // A loop through 1,000 aliases that maps a window onto itself is refused (the root walk goes round).
        MemorySystem loops = new MemorySystem();
        MemoryRegion box = MemoryRegion.container(loops, "box", 0x1000);
        MemoryRegion over = box;
        for (int i = 0; i < CHAIN; i++) {
            over = MemoryRegion.alias(loops, "b" + i, over, 0, 0x1000);
        }
        MemoryRegion lastOver = over;
        loops.newAddressSpace(box, "box");
        assertThrowsIae(() -> box.addSubregion(0, lastOver));
        assertTrue(box.subregions().isEmpty());
        // The root walk follows a chain of full-size, offset-0 aliases to the end.
        MemoryRegion t = ram;
        for (int i = 0; i < CHAIN; i++) {
            t = MemoryRegion.alias(ms, "f" + i, t, 0, 0x10_0000L);
        }
        AddressSpace walked = ms.newAddressSpace(t, "walked");
        assertSame(ram, walked.flatView().root());
        String tree = Mtree.treeWithDisabled(ms);
        assertTrue(tree.contains("memory-region: a0\n"));
        String flat = Mtree.flat(ms);
        MemorySystem back = MtreeImport.rebuild(MtreeDump.parse(tree), MtreeDump.parse(flat), e -> TestSupport.NO_OPS);
        assertEquals(tree, Mtree.treeWithDisabled(back));
        report("alias chains 1,000 long: render, access, readonly, root walk, mtree, import", t0);
    }

    private static String hex16(long v) {
        return String.format("%016x", v);
    }
}
