package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The straight MMIO path's one-word test ({@link AccessRange#straightLoadLe} and its siblings, tested with
 * {@link AccessRange#straightKey}) against the predicate it folds, exhaustively: for every device shape
 * (valid and impl sizes, {@code valid.unaligned}, byte order, plain or with-attrs callbacks, an
 * {@code accepts} override), every kind of range (device, RAM, ROM, a ROM device in and out of romd mode),
 * every access size, misalignment and byte order, and attrs with and without {@code memory} (and with every
 * other attrs bit set), the word passes if and only if the range is a device range for that direction,
 * {@code attrs.memory} is clear, {@link MmioProfile#straightRead}/{@link MmioProfile#straightWrite}
 * holds and the call is the plain callback (not {@link MmioProfile#straightReadCallbacks}: those devices
 * take the dispatch's fallback, {@link StraightCallbacksTest}); its swap bit is set if and only if the
 * device's byte order is not the access's.
 */
class StraightWordTest {

    private static final int[] SIZES = {1, 2, 4, 8};

    /** Plain callbacks, constraints and byte order as given. */
    private static class Plain implements MmioOps {
        private final AccessConstraints valid;
        private final AccessConstraints impl;
        private final DeviceEndianness endianness;

        Plain(AccessConstraints valid, AccessConstraints impl, DeviceEndianness endianness) {
            this.valid = valid;
            this.impl = impl;
            this.endianness = endianness;
        }

        @Override
        public long read(long addr, int size) {
            return addr;
        }

        @Override
        public void write(long addr, long value, int size) {
        }

        @Override
        public AccessConstraints valid() {
            return valid;
        }

        @Override
        public AccessConstraints impl() {
            return impl;
        }

        @Override
        public DeviceEndianness endianness() {
            return endianness;
        }
    }

    /** With-attrs callbacks only: never passes the word. */
    private static final class WithAttrs extends Plain {
        WithAttrs(AccessConstraints valid, AccessConstraints impl, DeviceEndianness endianness) {
            super(valid, impl, endianness);
        }

        @Override
        public long read(long addr, int size) {
            throw new AssertionError("not called");
        }

        @Override
        public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
            return addr;
        }
    }

    /** A plain read but no plain write: reads may be straight, writes never. */
    private static final class ReadOnlyPlain implements MmioOps {
        @Override
        public long read(long addr, int size) {
            return addr;
        }
    }

    /** An {@code accepts} override: never passes the word (QEMU calls it per access). */
    private static final class Accepting extends Plain {
        Accepting(AccessConstraints valid, AccessConstraints impl, DeviceEndianness endianness) {
            super(valid, impl, endianness);
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return true;
        }
    }

    private static List<MmioOps> devices() {
        final List<MmioOps> out = new ArrayList<>();
        final int[][] sizeRanges = {{0, 0}, {1, 1}, {1, 2}, {1, 4}, {1, 8}, {2, 4}, {4, 4}, {4, 8}, {8, 8}, {2, 8}};
        for (int[] v : sizeRanges) {
            for (int[] i : sizeRanges) {
                for (boolean unaligned : new boolean[] {false, true}) {
                    for (DeviceEndianness e : DeviceEndianness.values()) {
                        final AccessConstraints valid = AccessConstraints.of(v[0], v[1], unaligned);
                        final AccessConstraints impl = AccessConstraints.of(i[0], i[1], !unaligned);
                        out.add(new Plain(valid, impl, e));
                        if (v[0] == 1 && i[0] == 1) {
                            out.add(new WithAttrs(valid, impl, e));
                            out.add(new Accepting(valid, impl, e));
                        }
                    }
                }
            }
        }
        out.add(new ReadOnlyPlain());
        return out;
    }

    private static List<MemTxAttrs> attrs() {
        final List<MemTxAttrs> out = new ArrayList<>();
        for (MemTxAttrs a : new MemTxAttrs[] {MemTxAttrs.NONE, MemTxAttrs.UNSPECIFIED, MemTxAttrs.SECURE_ACCESS,
                MemTxAttrs.DEBUG_ACCESS, MemTxAttrs.NONE.withRequesterId(0xffff).withUser(true).withSpace(3)}) {
            out.add(a);
            out.add(a.withMemory(true));
        }
        return out;
    }

    /** Ranges of every kind the access path makes for {@code ops}. */
    private static List<AccessRange> ranges(MmioOps ops) {
        final RamBlock block = new RamBlock(0x1000);
        final List<AccessRange> out = new ArrayList<>();
        out.add(AccessRange.io(0x1000, 0x1fff, 0x40, "dev", ops, new Object()));
        // a ROM device out of romd mode (not guarded), and in romd mode (reads direct, writes refused)
        out.add(new AccessRange(0x1000, 0x1fff, 0, null, "romd-off", block, false, false, false, false,
                new MmioProfile(ops, "romd-off", null, false), null));
        out.add(new AccessRange(0x1000, 0x1fff, 0, null, "romd-on", block, false, true, false, true,
                new MmioProfile(ops, "romd-on", null, false), null));
        out.add(AccessRange.ram(0x1000, 0x1fff, 0, "ram", block));
        out.add(AccessRange.rom(0x1000, 0x1fff, 0, "rom", block));
        return out;
    }

    @Test
    void theWordPassesExactlyWhenTheStraightPathApplies() {
        int straightLoads = 0;
        int straightStores = 0;
        int swapped = 0;
        for (MmioOps ops : devices()) {
            for (AccessRange r : ranges(ops)) {
                for (MemTxAttrs a : attrs()) {
                    for (int size : SIZES) {
                        for (long x = 0x40; x < 0x48; x++) {
                            for (boolean big : new boolean[] {false, true}) {
                                final String what = r + " " + r.mmio + " " + a + " size=" + size + " x=0x"
                                        + Long.toHexString(x) + (big ? " big" : " little");
                                final long key = AccessRange.straightKey(x, size, a);
                                final boolean load = (key & r.straightLoad(big)) == 0;
                                final boolean store = (key & r.straightStore(big)) == 0;
                                assertEquals(r.mmioLoad && !a.memory() && r.mmio.straightRead(x, size)
                                        && !r.mmio.straightReadCallbacks, load,
                                        "load " + what);
                                assertEquals(r.mmioStore && !a.memory() && r.mmio.straightWrite(x, size)
                                        && !r.mmio.straightWriteCallbacks, store,
                                        "store " + what);
                                final boolean swap = r.mmio.bigEndian != big;
                                assertEquals(swap, r.straightLoad(big) < 0, "load swap " + what);
                                assertEquals(swap, r.straightStore(big) < 0, "store swap " + what);
                                straightLoads += load ? 1 : 0;
                                straightStores += store ? 1 : 0;
                                swapped += load && swap ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        // the cases cover both outcomes, and swapped straight loads
        assertTrue(straightLoads > 1000 && straightStores > 1000 && swapped > 100,
                straightLoads + " " + straightStores + " " + swapped);
    }

    @Test
    void attrsBitsStayBelowTheSizeAndAlignmentFields() {
        // every valid attrs value fits the low 32 bits of a key, under STRAIGHT_SIZE_SHIFT
        final long all = MemTxAttrs.NONE.withRequesterId(0xffff).withUser(true).withSpace(3).withMemory(true)
                .withDebug(true).withPid(0xff).withSecure(true).bits() | MemTxAttrs.UNSPECIFIED.bits();
        assertEquals(0, all >>> 32, Long.toHexString(all));
        assertEquals(MemTxAttrs.NONE.withMemory(true).bits(), AccessRange.MEMORY_BIT);
        assertTrue(AccessRange.STRAIGHT_SIZE_SHIFT >= 32);
        assertTrue(AccessRange.STRAIGHT_ALIGN_SHIFT >= AccessRange.STRAIGHT_SIZE_SHIFT + 4);
        assertTrue(AccessRange.STRAIGHT_ALIGN_SHIFT + 3 < 63);
    }
}
