package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fixed-size path's hot case (the view's hint is flat RAM holding the whole access, checked by one
 * unsigned compare of {@code addr - start} against {@code span - (size - 1)}) against a brute-force model,
 * at the edges where it can go wrong: accesses that end exactly at a range's last byte or one byte past
 * it, accesses that cross a page, ranges smaller than 8 bytes (no hot case), ranges that start inside
 * their block (an alias with an offset), ROM (loads hot, stores refused), readonly RAM, a block above
 * {@link RamBlock#FLAT_MAX} (the radix, no flat table), holes between ranges, and the hint moving
 * between all of them. Forty seeds have the block above {@code FLAT_MAX} as the view's largest RAM
 * range (no main arrays); fifty more replace it by a main RAM, the range the path tests before the hint
 * ({@link FlatView#mainLoadDense} and the fields beside it): sparse RAM, preallocated RAM, ROM, readonly
 * preallocated RAM, or an alias into preallocated RAM at an offset. Seeded; the seed and main kind are
 * printed on failure; {@code -Dhotpath.seed=N -Dhotpath.main=K} replays one.
 */
class FixedSizeHotPathTest {

    private static final MemTxAttrs U = MemTxAttrs.UNSPECIFIED;
    private static final int[] SIZES = {1, 2, 4, 8};

    /** One mapped range of the model: where it is, its block, and what stores do. */
    private static final class Piece {
        final long start;
        final long size;
        final RamBlock block;
        final long offset;
        final boolean writable;

        Piece(long start, long size, RamBlock block, long offset, boolean writable) {
            this.start = start;
            this.size = size;
            this.block = block;
            this.offset = offset;
            this.writable = writable;
        }

        boolean holds(long addr, int n) {
            return addr - start >= 0 && addr - start + n <= size;
        }
    }

    @Test
    void hotPathAgreesWithTheModel() {
        final String replay = System.getProperty("hotpath.seed");
        if (replay != null) {
            run(Long.parseLong(replay), Integer.getInteger("hotpath.main", 0));
            return;
        }
        // 40 seeds with the block above FLAT_MAX as the largest range, then 50 with each other main RAM
        for (int k = 0; k < 90; k++) {
            run(0x5eedL + k, k < 40 ? 0 : 1 + k % 5);
        }
    }

    private static void run(long seed, int mainKind) {
        try {
            runOnce(seed, mainKind);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " main " + mainKind + " (replay with -Dhotpath.seed=" + seed
                    + " -Dhotpath.main=" + mainKind + "): " + e.getMessage(), e);
        }
    }

    private static void runOnce(long seed, int mainKind) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion sys = MemoryRegion.container(ms, "system", MemoryRegion.SIZE_2_64);
        final AddressSpace as = ms.newAddressSpace(sys, "memory");
        final List<Piece> pieces = new ArrayList<>();
        final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x4000);
        final MemoryRegion tiny = MemoryRegion.ram(ms, "tiny", 1 + rnd.nextInt(7));
        final MemoryRegion backing = MemoryRegion.ram(ms, "backing", 0x3000);
        final long aliasOffset = 1 + rnd.nextInt(0x1000);
        final long aliasSize = 0x800 + rnd.nextInt(0x800);
        final MemoryRegion alias = MemoryRegion.alias(ms, "alias", backing, aliasOffset, aliasSize);
        final MemoryRegion rom = MemoryRegion.rom(ms, "rom", 0x2000);
        final MemoryRegion ro = MemoryRegion.ram(ms, "ro", 0x1000 + rnd.nextInt(0x1000));
        ro.setReadonly(true);
        final MemoryRegion big = MemoryRegion.ram(ms, "big", RamBlock.FLAT_MAX * 2);
        // the main RAM: larger than every piece but big, which it replaces as the largest range (kind 0
        // draws nothing more, so those seeds run exactly as before the main RAM existed)
        final long mainSize = mainKind == 0 ? 0 : 0x20000 + 8 * rnd.nextInt(0x200);
        final long mainOffset = mainKind == 5 ? 1 + rnd.nextInt(0x1000) : 0;
        final MemoryRegion mainRegion = mainRegion(ms, mainKind, mainSize, mainOffset);
        // the block the main RAM reads: an alias's target's, else its own
        final RamBlock mainBlock = mainRegion == null ? null
                : (mainRegion.aliasTarget() != null ? mainRegion.aliasTarget() : mainRegion).ramBlock();
        ms.transaction(() -> {
            sys.addSubregion(0x10000, ram);
            sys.addSubregion(0x14000, tiny); // right after ram: the hint moves across the boundary
            sys.addSubregion(0x20000, alias);
            sys.addSubregion(0x30000, rom);
            sys.addSubregion(0x40000, ro);
            if (mainRegion == null) {
                sys.addSubregion(0x1_0000_0000L, big);
            } else {
                sys.addSubregion(0x80000, mainRegion);
            }
        });
        pieces.add(new Piece(0x10000, 0x4000, ram.ramBlock(), 0, true));
        pieces.add(new Piece(0x14000, tiny.size(), tiny.ramBlock(), 0, true));
        pieces.add(new Piece(0x20000, aliasSize, backing.ramBlock(), aliasOffset, true));
        pieces.add(new Piece(0x30000, 0x2000, rom.ramBlock(), 0, false));
        pieces.add(new Piece(0x40000, ro.size(), ro.ramBlock(), 0, false));
        if (mainRegion == null) {
            pieces.add(new Piece(0x1_0000_0000L, RamBlock.FLAT_MAX * 2, big.ramBlock(), 0, true));
        } else {
            pieces.add(new Piece(0x80000, mainSize, mainBlock, mainOffset, mainKind != 3 && mainKind != 4));
        }
        // the view took the intended range as its main RAM, with the arrays its permissions allow
        final FlatView view = as.flatView();
        final boolean dense = mainKind == 2 || mainKind == 4 || mainKind == 5;
        final boolean sparse = mainKind == 1 || mainKind == 3;
        final boolean writable = mainKind == 1 || mainKind == 2 || mainKind == 5;
        assertEquals(dense, view.mainLoadDense != null, "main RAM load array, kind " + mainKind);
        assertEquals(dense && writable, view.mainStoreDense != null, "main RAM store array, kind " + mainKind);
        assertEquals(sparse, view.mainLoadPages != null, "main RAM load pages, kind " + mainKind);
        assertEquals(sparse && writable, view.mainStorePages != null, "main RAM store pages, kind " + mainKind);
        // ROM and readonly RAM get content through their blocks
        for (int i = 0; i < 64; i++) {
            rom.ramBlock().stb(rnd.nextInt(0x2000), rnd.nextInt(256));
            ro.ramBlock().stb(rnd.nextInt((int) ro.size()), rnd.nextInt(256));
            if (mainBlock != null) {
                mainBlock.stb(mainOffset + rnd.nextLong(mainSize), rnd.nextInt(256));
            }
        }
        final AccessResult res = new AccessResult();
        for (int step = 0; step < 4000; step++) {
            final Piece p = pieces.get(rnd.nextInt(pieces.size()));
            final int size = SIZES[rnd.nextInt(SIZES.length)];
            final boolean be = rnd.nextBoolean();
            final long addr = edgeAddress(rnd, p, size);
            final Piece at = pieceAt(pieces, addr);
            final String where = "step " + step + " addr=0x" + Long.toHexString(addr) + " size=" + size
                    + (be ? " be" : " le");
            if (rnd.nextInt(3) == 0) {
                final long value = rnd.nextLong();
                final int got = as.store(addr, size, value, be, U);
                final boolean hits = at != null && at.holds(addr, size) && at.writable;
                assertEquals(hits ? MemTxResult.OK : MemTxResult.DECODE_ERROR, got, "store result, " + where);
                if (hits) {
                    assertEquals(value & MmioDispatch.sizeMask(size),
                            at.block.load(at.offset + (addr - at.start), size, be), "stored value, " + where);
                }
            } else {
                res.set(-1);
                final long got = as.load(addr, size, be, U, res);
                if (at != null && at.holds(addr, size)) {
                    assertEquals(MemTxResult.OK, res.get(), "load result, " + where);
                    assertEquals(at.block.load(at.offset + (addr - at.start), size, be), got, "loaded value, " + where);
                } else {
                    assertEquals(MemTxResult.DECODE_ERROR, res.get(), "load result, " + where);
                    assertEquals(0, got, "a refused load reads 0, " + where);
                }
            }
        }
    }

    /**
     * The main RAM of kind 1 to 5: sparse RAM, preallocated RAM, ROM, readonly preallocated RAM, or an
     * alias at {@code offset} into preallocated RAM; null for kind 0.
     */
    private static MemoryRegion mainRegion(MemorySystem ms, int kind, long size, long offset) {
        switch (kind) {
            case 1:
                return MemoryRegion.ram(ms, "main", size);
            case 2:
                return MemoryRegion.ramPreallocated(ms, "main", size);
            case 3:
                return MemoryRegion.rom(ms, "main", size);
            case 4: {
                final MemoryRegion ro = MemoryRegion.ramPreallocated(ms, "main", size);
                ro.setReadonly(true);
                return ro;
            }
            case 5:
                return MemoryRegion.alias(ms, "main",
                        MemoryRegion.ramPreallocated(ms, "main-backing", size + offset), offset, size);
            default:
                return null;
        }
    }

    /** An address at an edge of {@code p}: its first or last bytes, a page boundary in it, or just outside. */
    private static long edgeAddress(SplittableRandom rnd, Piece p, int size) {
        switch (rnd.nextInt(5)) {
            case 0:
                return p.start + rnd.nextInt(8) - 4; // around the start, sometimes in the hole before
            case 1:
                return p.start + p.size - size + rnd.nextInt(4) - 1; // ends at the last byte, or one past
            case 2: {
                final long page = (p.start + rnd.nextLong(Math.min(p.size, 0x10000L))) & ~0xfffL;
                return page + 0x1000 - rnd.nextInt(1, 9); // crosses (or ends at) a page boundary
            }
            default:
                return p.start + rnd.nextLong(Math.min(p.size, 0x10000L));
        }
    }

    private static Piece pieceAt(List<Piece> pieces, long addr) {
        for (Piece p : pieces) {
            if (addr - p.start >= 0 && addr - p.start < p.size) {
                return p;
            }
        }
        return null;
    }
}
