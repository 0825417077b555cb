package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Preallocated blocks ({@link RamBlock#createPreallocated}, {@link MemoryRegion#ramPreallocated}) against
 * sparse blocks as the model: every public operation, at random offsets, sizes, byte orders and
 * alignments (page-crossing ones included), must leave both with the same bytes and answer the same,
 * exceptions included; plus what preallocation changes (memory accounting, the page hooks) and rejects.
 */
class PreallocatedRamBlockTest {

    private static final int SIZE = 5 * RamBlock.PAGE_SIZE + 123;

    @Test
    void everyOperationAnswersAsOnASparseBlock() {
        SeededCases.run("PreallocatedRamBlockTest#everyOperationAnswersAsOnASparseBlock", 60, (seed, rnd) -> {
            final RamBlock dense = RamBlock.createPreallocated(SIZE);
            final RamBlock sparse = RamBlock.create(SIZE);
            final RamBlock otherDense = RamBlock.createPreallocated(SIZE);
            final RamBlock otherSparse = RamBlock.create(SIZE);
            for (int op = 0; op < 400; op++) {
                final int what = rnd.nextInt(9);
                final int size = 1 << rnd.nextInt(4);
                // mostly in range, sometimes at or past the end (both must throw the same)
                final long offset = rnd.nextInt(10) == 0 ? SIZE - rnd.nextInt(16) : rnd.nextInt(SIZE);
                final boolean be = rnd.nextBoolean();
                final long value = rnd.nextLong();
                final int len = rnd.nextInt(3 * RamBlock.PAGE_SIZE);
                final String where = "op " + op + " what=" + what + " offset=" + offset + " size=" + size
                        + " len=" + len;
                switch (what) {
                    case 0:
                        same(where, () -> dense.load(offset, size, be), () -> sparse.load(offset, size, be));
                        break;
                    case 1:
                        same(where, () -> {
                            dense.store(offset, size, value, be);
                            return 0;
                        }, () -> {
                            sparse.store(offset, size, value, be);
                            return 0;
                        });
                        break;
                    case 2:
                        same(where, () -> fixedLoads(dense, offset, size), () -> fixedLoads(sparse, offset, size));
                        break;
                    case 3:
                        same(where, () -> {
                            fixedStore(dense, offset, size, value, be);
                            return 0;
                        }, () -> {
                            fixedStore(sparse, offset, size, value, be);
                            return 0;
                        });
                        break;
                    case 4: {
                        final byte[] src = new byte[len];
                        rnd.nextBytes(src);
                        same(where, () -> {
                            dense.write(offset, src, 0, len);
                            return 0;
                        }, () -> {
                            sparse.write(offset, src, 0, len);
                            return 0;
                        });
                        break;
                    }
                    case 5: {
                        final int b = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(256);
                        same(where, () -> {
                            dense.fill(offset, len, b);
                            return 0;
                        }, () -> {
                            sparse.fill(offset, len, b);
                            return 0;
                        });
                        break;
                    }
                    case 6: {
                        // within one block: overlapping both ways (memmove)
                        final long to = rnd.nextInt(SIZE);
                        same(where + " to=" + to, () -> {
                            dense.copy(offset, dense, to, len);
                            return 0;
                        }, () -> {
                            sparse.copy(offset, sparse, to, len);
                            return 0;
                        });
                        break;
                    }
                    case 7: {
                        // across blocks, every pairing of layouts; the other blocks stay equal too
                        final long to = rnd.nextInt(SIZE);
                        final boolean fromDenseToSparse = rnd.nextBoolean();
                        same(where + " to=" + to, () -> {
                            if (fromDenseToSparse) {
                                dense.copy(offset, otherSparse, to, len);
                            } else {
                                otherDense.copy(offset, dense, to, len);
                            }
                            return 0;
                        }, () -> {
                            if (fromDenseToSparse) {
                                sparse.copy(offset, otherDense, to, len);
                            } else {
                                otherSparse.copy(offset, sparse, to, len);
                            }
                            return 0;
                        });
                        break;
                    }
                    default:
                        same(where, () -> hash(dense.snapshot(offset, len)), () -> hash(sparse.snapshot(offset, len)));
                        break;
                }
            }
            assertArrayEquals(sparse.snapshot(0, SIZE), dense.snapshot(0, SIZE), "seed " + seed);
            assertArrayEquals(otherDense.snapshot(0, SIZE), otherSparse.snapshot(0, SIZE), "seed " + seed);
        });
    }

    @Test
    void aPreallocatedBlockCountsEveryPageAndHasNoPages() {
        final RamBlock b = RamBlock.createPreallocated(3 * RamBlock.PAGE_SIZE + 1);
        assertTrue(b.isPreallocated());
        assertEquals(4, b.allocatedPages(), "every page, from the start");
        b.stlLe(0, 0x11223344);
        assertEquals(4, b.allocatedPages());
        assertEquals(3 * RamBlock.PAGE_SIZE + 1, b.preallocatedBytes().length);
        assertEquals(0x44, b.preallocatedBytes()[0], "the live storage");
        assertThrows(IllegalStateException.class, () -> b.pageIfAllocated(0));
        assertThrows(IllegalStateException.class, () -> b.pageForWrite(0));
        final RamBlock sparse = RamBlock.create(RamBlock.PAGE_SIZE);
        assertFalse(sparse.isPreallocated());
        assertNull(sparse.preallocatedBytes());
    }

    @Test
    void badSizesAreRejected() {
        final MemorySystem sys = new MemorySystem();
        assertThrows(IllegalArgumentException.class, () -> RamBlock.createPreallocated(0));
        assertThrows(IllegalArgumentException.class, () -> RamBlock.createPreallocated(RamBlock.PREALLOC_MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> RamBlock.createPreallocated(MemoryRegion.SIZE_2_64));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryRegion.ramPreallocated(sys, "big", 1L << 31));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
        assertThrows(NullPointerException.class, () -> MemoryRegion.ramPreallocated(sys, null, 0x1000));
        assertThrows(NullPointerException.class, () -> MemoryRegion.ramPreallocated(null, "r", 0x1000));
    }

    @Test
    void aPreallocatedRegionIsRamInEveryView() {
        final MemorySystem sys = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(sys, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = MemoryRegion.ramPreallocated(sys, "ram", 0x10000);
        root.addSubregion(0x4000_0000L, ram);
        final AddressSpace as = sys.newAddressSpace(root, "memory");
        assertTrue(ram.isRam());
        assertSame(ram, as.flatView().lookup(0x4000_0000L).region());
        assertEquals(MemTxResult.OK, as.stlLe(0x4000_fffcL, 0xcafef00d, MemTxAttrs.UNSPECIFIED));
        assertEquals(0xcafef00d, as.ldlLe(0x4000_fffcL, MemTxAttrs.UNSPECIFIED));
        assertEquals(0xcafef00d, ram.ramBlock().ldlLe(0xfffc));
        // one past the end: the range ends where the block does
        final AccessResult r = new AccessResult();
        as.ldlLe(0x4001_0000L, MemTxAttrs.UNSPECIFIED, r);
        assertEquals(MemTxResult.DECODE_ERROR, r.get());
    }

    @Test
    void readOnlyAndAliasedPreallocatedRamAnswerAddressSpaceAccessesAsSparseRam() {
        final long[] answers = new long[2 * 6];
        for (int k = 0; k < 2; k++) {
            final boolean preallocated = k == 1;
            final MemorySystem sys = new MemorySystem();
            final MemoryRegion root = MemoryRegion.container(sys, "root", MemoryRegion.SIZE_2_64);
            final MemoryRegion ram = preallocated ? MemoryRegion.ramPreallocated(sys, "ram", 0x10000)
                    : MemoryRegion.ram(sys, "ram", 0x10000);
            root.addSubregion(0, ram);
            // a read-only alias of the RAM elsewhere: QEMU's address_space_write ignores the inherited flag
            final MemoryRegion alias = MemoryRegion.alias(sys, "ro-alias", ram, 0x8000, 0x1000);
            alias.setReadonly(true);
            root.addSubregion(0x100000, alias);
            final AddressSpace as = sys.newAddressSpace(root, "memory");
            ram.ramBlock().stlLe(0x100, 0x11);
            ram.setReadonly(true);
            answers[6 * k] = as.stlLe(0x100, 5, MemTxAttrs.UNSPECIFIED);
            answers[6 * k + 1] = ram.ramBlock().ldlLe(0x100);
            answers[6 * k + 2] = as.ldlLe(0x100, MemTxAttrs.UNSPECIFIED);
            ram.setReadonly(false);
            answers[6 * k + 3] = as.stlLe(0x100, 6, MemTxAttrs.UNSPECIFIED);
            answers[6 * k + 4] = as.stlLe(0x100010, 7, MemTxAttrs.UNSPECIFIED);
            answers[6 * k + 5] = ram.ramBlock().ldlLe(0x100) * 1000L + ram.ramBlock().ldlLe(0x8010);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(answers[i], answers[6 + i], "answer " + i);
        }
        assertEquals(0x11, answers[1], "a store to read-only RAM changes nothing");
        assertEquals(6 * 1000L + 7, answers[5]);
    }

    private interface Op {
        long run();
    }

    /** Both operations return the same value, or both throw the same exception class. */
    private static void same(String where, Op dense, Op sparse) {
        Object a;
        Object b;
        try {
            a = dense.run();
        } catch (RuntimeException e) {
            a = e.getClass();
        }
        try {
            b = sparse.run();
        } catch (RuntimeException e) {
            b = e.getClass();
        }
        assertEquals(b, a, where);
    }

    private static long fixedLoads(RamBlock b, long offset, int size) {
        switch (size) {
            case 1:
                return b.ldub(offset);
            case 2:
                return b.lduwLe(offset) * 31L + b.lduwBe(offset);
            case 4:
                return b.ldlLe(offset) * 31L + b.ldlBe(offset);
            default:
                return b.ldqLe(offset) * 31L + b.ldqBe(offset);
        }
    }

    private static void fixedStore(RamBlock b, long offset, int size, long value, boolean be) {
        switch (size) {
            case 1:
                b.stb(offset, (int) value);
                break;
            case 2:
                if (be) {
                    b.stwBe(offset, (int) value);
                } else {
                    b.stwLe(offset, (int) value);
                }
                break;
            case 4:
                if (be) {
                    b.stlBe(offset, (int) value);
                } else {
                    b.stlLe(offset, (int) value);
                }
                break;
            default:
                if (be) {
                    b.stqBe(offset, value);
                } else {
                    b.stqLe(offset, value);
                }
                break;
        }
    }

    private static long hash(byte[] bytes) {
        long h = bytes.length;
        for (byte x : bytes) {
            h = h * 1_000_003L + x;
        }
        return h;
    }
}
