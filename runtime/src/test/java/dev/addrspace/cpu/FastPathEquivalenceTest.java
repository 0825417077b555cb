package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CPU fast path against the {@link AddressSpace} path over random topologies and random accesses:
 * two identical machines are built from one seed; one is accessed through a CPU's page cache, the other
 * through its address space, with identical topology changes in between. Values and results must be
 * identical, except the documented difference: a CPU store that lies in a read-only RAM or ROM range is
 * discarded with OK (the reference then skips the store). The final memory contents must be equal.
 *
 * <p>The same runs are repeated with the RAM of one side preallocated ({@link MemoryRegion#ramPreallocated}):
 * the CPU on preallocated RAM (its window and dense entries) against the address space on sparse RAM, and
 * the CPU on sparse RAM against the address space on preallocated RAM (the address-space path's dense case).
 * Mirrored runs show the map at four addresses a cache reach apart, so that one page sits in several entries.
 */
class FastPathEquivalenceTest {

    private static final int SEEDS = 120;
    private static final int OPS = 1500;
    private static final long SPAN = 0x14000L;
    private static final MemTxAttrs[] ATTRS = {MemTxAttrs.UNSPECIFIED, MemTxAttrs.NONE, MemTxAttrs.SECURE_ACCESS,
        MemTxAttrs.NONE.withMemory(true), MemTxAttrs.DEBUG_ACCESS};

    /** Mirrors: the map seen at 0 and, through aliases, at 1, 2 and 3 MiB, the page cache's reach apart. */
    private static final int MIRRORS = 4;
    private static final long MIRROR_STRIDE = (long) PageCache.ENTRIES << PageCache.PAGE_BITS;

    /** One machine: the root and its regions in creation order (identical across the two builds). */
    private static final class Machine {
        final MemorySystem system = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(system, "root", MemoryRegion.SIZE_2_64);
        /** Where the random regions go: the root, or (mirrored) a container that aliases show again. */
        final MemoryRegion top;
        final List<MemoryRegion> regions = new ArrayList<>();
        final List<MemoryRegion> aliases = new ArrayList<>();
        final List<MemoryRegion> romDevices = new ArrayList<>();

        Machine(boolean mirrored) {
            if (!mirrored) {
                top = root;
                return;
            }
            top = MemoryRegion.container(system, "low", MIRROR_STRIDE);
            root.addSubregion(0, top);
            for (int k = 1; k < MIRRORS; k++) {
                root.addSubregion(k * MIRROR_STRIDE, MemoryRegion.alias(system, "mirror" + k, top, 0, MIRROR_STRIDE));
            }
        }
    }

    private static MmioOps stateless() {
        return MmioOps.of((a, s) -> (a * 0x9e3779b97f4a7c15L + s) & (s == 8 ? -1L : (1L << (8 * s)) - 1),
                (a, v, s) -> { });
    }

    private static MemoryRegion ram(MemorySystem sys, String name, long size, boolean preallocated) {
        return preallocated ? MemoryRegion.ramPreallocated(sys, name, size) : MemoryRegion.ram(sys, name, size);
    }

    private static Machine build(long seed, boolean preallocated, boolean mirrored) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Machine m = new Machine(mirrored);
        final MemorySystem sys = m.system;
        final List<MemoryRegion> rams = new ArrayList<>();
        final int n = 3 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            // mostly page-granular (cacheable), sometimes 1 KiB-granular (shared and unaligned pages)
            final long grain = rnd.nextInt(4) == 0 ? 0x400L : 0x1000L;
            final long size = grain * (1 + rnd.nextInt((int) (0x6000 / grain)));
            final long at = grain * rnd.nextInt((int) (SPAN / grain));
            final int prio = rnd.nextInt(4) - 1;
            final MemoryRegion mr;
            switch (rnd.nextInt(8)) {
                case 0:
                case 1:
                case 2:
                    mr = ram(sys, "ram" + i, size, preallocated);
                    rams.add(mr);
                    break;
                case 3:
                    mr = MemoryRegion.rom(sys, "rom" + i, size);
                    rams.add(mr);
                    break;
                case 4:
                    mr = MemoryRegion.romDevice(sys, "romd" + i, size, stateless());
                    m.romDevices.add(mr);
                    break;
                case 5:
                    mr = MemoryRegion.io(sys, "io" + i, size, stateless());
                    break;
                case 6:
                    if (rams.isEmpty()) {
                        mr = MemoryRegion.reservation(sys, "resv" + i, size);
                        break;
                    }
                    final MemoryRegion target = rams.get(rnd.nextInt(rams.size()));
                    final long off = 0x200L * rnd.nextInt((int) (target.size() / 0x200));
                    mr = MemoryRegion.alias(sys, "alias" + i, target, off, Math.min(size, target.size() - off));
                    m.aliases.add(mr);
                    break;
                default:
                    final MemoryRegion box = MemoryRegion.container(sys, "box" + i, size);
                    final MemoryRegion inner = ram(sys, "inner" + i, size, preallocated);
                    box.addSubregion(0, inner);
                    rams.add(inner);
                    m.regions.add(inner);
                    mr = box;
                    break;
            }
            if (rnd.nextInt(5) == 0) {
                mr.setReadonly(true);
            }
            m.top.addSubregionOverlap(at, mr, prio);
            m.regions.add(mr);
        }
        // contents: some pages written, others left untouched (zero entries)
        for (MemoryRegion mr : rams) {
            for (long p = 0; p < mr.size(); p += 0x400) {
                if (rnd.nextBoolean()) {
                    final byte[] b = new byte[0x400];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) rnd.nextInt();
                    }
                    mr.ramBlock().write(p, b, 0, b.length);
                }
            }
        }
        return m;
    }

    private static void mutate(Machine m, SplittableRandom rnd) {
        final int what = rnd.nextInt(4);
        if (what == 0 || m.regions.isEmpty()) {
            if (!m.romDevices.isEmpty()) {
                final MemoryRegion d = m.romDevices.get(rnd.nextInt(m.romDevices.size()));
                d.setRomdMode(!d.romdMode());
            }
            return;
        }
        final MemoryRegion r = m.regions.get(rnd.nextInt(m.regions.size()));
        if (what == 1) {
            r.setEnabled(!r.isEnabled());
        } else if (what == 2) {
            r.setReadonly(!r.isReadonly());
        } else if (r.container() == m.top) {
            r.setAddress(0x400L * rnd.nextInt((int) (SPAN / 0x400)));
        }
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void fastPathAnswersAsTheAddressSpaceOverRandomTopologies(CpuState.Coherence mode) {
        run(mode, false, false);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void fastPathOnPreallocatedRamAnswersAsTheAddressSpaceOnSparseRam(CpuState.Coherence mode) {
        run(mode, true, false);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void addressSpaceOnPreallocatedRamAnswersAsTheFastPathOnSparseRam(CpuState.Coherence mode) {
        run(mode, false, true);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void fetchesThroughTheCodeWindowAnswerAsTheAddressSpace(CpuState.Coherence mode) {
        run(mode, false, false, true);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void fetchesThroughTheCodeWindowOnPreallocatedRamAnswerAsTheAddressSpace(CpuState.Coherence mode) {
        run(mode, true, false, true);
    }

    /**
     * The map shown at four addresses one cache reach (1 MiB) apart: each page of a block is cached in up
     * to four entries at once (a store through one is seen through the others), and the pages of the
     * mirrors share the low bits of their page numbers, which the entry index folds with the next bits.
     */
    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void aMirroredMapAnswersAsTheAddressSpace(CpuState.Coherence mode) {
        run(mode, false, false, false, true);
    }

    @ParameterizedTest
    @EnumSource(CpuState.Coherence.class)
    void aMirroredPreallocatedMapAnswersAsTheAddressSpace(CpuState.Coherence mode) {
        run(mode, true, false, false, true);
    }

    private static void run(CpuState.Coherence mode, boolean preallocatedCpu, boolean preallocatedRef) {
        run(mode, preallocatedCpu, preallocatedRef, false);
    }

    private static void run(CpuState.Coherence mode, boolean preallocatedCpu, boolean preallocatedRef,
            boolean fetches) {
        run(mode, preallocatedCpu, preallocatedRef, fetches, false);
    }

    /**
     * With {@code fetches}, 15 in 100 operations are instruction fetches ({@link PageCache#ldlLeCode}) of
     * the CPU's cache against {@code ldlLe} of the address space: mostly the next word after the last
     * fetch, as an interpreter fetches, sometimes anywhere, so that fetches run through the code window
     * while stores (to code too), topology changes and loads move the entries around it. With
     * {@code mirrored}, both machines show their map at {@link #MIRRORS} addresses and each load and store
     * picks one of them.
     */
    private static void run(CpuState.Coherence mode, boolean preallocatedCpu, boolean preallocatedRef,
            boolean fetches, boolean mirrored) {
        long codeHits = 0;
        long hits = 0;
        long discarded = 0;
        long flushes = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            final int sd = seed;
            final Machine a = build(seed, preallocatedCpu, mirrored);
            final Machine b = build(seed, preallocatedRef, mirrored);
            final CpuState cpu = new CpuState(a.system, 0, mode);
            cpu.setHitCounting(true);
            CpuState.ensureDefaultAddressSpace(cpu, a.root);
            final AddressSpace ref = b.system.newAddressSpace(b.root, "ref");
            final SplittableRandom rnd = new SplittableRandom(seed * 7919L + 1);
            final AccessResult ra = new AccessResult();
            final AccessResult rb = new AccessResult();
            long pc = 0;
            for (int op = 0; op < OPS; op++) {
                final int kind = rnd.nextInt(100);
                if (kind < 1) {
                    final long s = rnd.nextLong();
                    mutate(a, new SplittableRandom(s));
                    mutate(b, new SplittableRandom(s));
                    continue;
                }
                final int size = 1 << rnd.nextInt(4);
                final boolean be = rnd.nextBoolean();
                final MemTxAttrs attrs = ATTRS[rnd.nextInt(4) == 0 ? rnd.nextInt(ATTRS.length) : 0];
                final long mirror = mirrored ? MIRROR_STRIDE * rnd.nextInt(MIRRORS) : 0;
                final long addr = mirror + (rnd.nextInt(4) == 0
                        ? 0x1000L * (1 + rnd.nextInt((int) (SPAN / 0x1000))) - 1 - rnd.nextInt(8)
                        : rnd.nextLong(SPAN));
                final int o = op;
                final java.util.function.Supplier<String> where = () -> "seed " + sd + " op " + o + " addr=0x" + Long.toHexString(addr) + " size="
                        + size + (be ? " be " : " le ") + attrs;
                if (fetches && kind >= 55 && kind < 70) {
                    pc = rnd.nextInt(8) == 0 || pc + 4 > SPAN ? addr : pc + 4;
                    final long at = pc;
                    final int va = cpu.pageCacheFor(attrs).ldlLeCode(at, attrs, ra);
                    final int vb = ref.ldlLe(at, attrs, rb);
                    final java.util.function.Supplier<String> fetchedAt = () -> "seed " + sd + " op " + o
                            + " fetch at 0x" + Long.toHexString(at) + " " + attrs;
                    assertEquals(vb, va, fetchedAt);
                    assertEquals(rb.get(), ra.get(), fetchedAt);
                } else if (kind < 55) {
                    CpuReference.assertLoadAlike(cpu, ref, addr, size, be, attrs, ra, rb, where);
                } else if (CpuReference.assertStoreAlike(cpu, ref, addr, size, rnd.nextLong(), be, attrs, where)) {
                    discarded++;
                }
            }
            final byte[] ma = new byte[(int) SPAN];
            final byte[] mb = new byte[(int) SPAN];
            assertEquals(ref.read(0, MemTxAttrs.UNSPECIFIED, mb), cpu.as().read(0, MemTxAttrs.UNSPECIFIED, ma));
            assertArrayEquals(mb, ma, "seed " + seed + ": final contents");
            hits += cpu.slot(0).pageCache().hits();
            codeHits += cpu.slot(0).pageCache().codeHits();
            flushes += cpu.slot(0).pageCache().flushes();
        }
        System.out.println("[FastPathEquivalenceTest] " + mode + (preallocatedCpu ? " cpu-prealloc" : "")
                + (preallocatedRef ? " ref-prealloc" : "") + " seeds=" + SEEDS + " ops=" + SEEDS * OPS + " hits=" + hits
                + (fetches ? " code-window hits=" + codeHits : "") + (mirrored ? " mirrored" : "")
                + " flushes=" + flushes + " discarded stores=" + discarded);
        assertTrue(hits > SEEDS * OPS / 20, "the fast path was exercised: " + hits + " hits");
        assertTrue(!fetches || codeHits > SEEDS * OPS / 50, "the code window was exercised: " + codeHits);
        assertTrue(discarded > 0 && flushes > 0);
    }
}
