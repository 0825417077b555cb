package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The straight path of devices whose call is more than the plain callback (an {@code accepts} override,
 * with-attrs callbacks: {@link MmioProfile#straightReadCallbacks}) against QEMU's full dispatch
 * ({@link MmioDispatch#readSlowPath}, {@link MmioDispatch#writeSlowPath}), exhaustively over device shapes
 * (which callbacks each direction has, {@code accepts}, guarded or lockless, constraints, byte order),
 * access sizes, misalignments, byte orders and attrs: three copies of each device, reached through the
 * range path, the profile path and the full dispatch, must return the same value and result
 * and log the same calls, {@code accepts} included (QEMU calls it once per access). The devices re-enter
 * themselves at one register, so the guard's refusal inside a straight with-attrs call is compared too,
 * and the whole comparison is repeated on a thread that is not the guards' home.
 */
class StraightCallbacksTest {

    private static final int[] SIZES = {1, 2, 4, 8};
    private static final long REENTER = 0x48;

    /**
     * A device that logs every call. The value depends on the address, size and attrs; the with-attrs
     * read reports an error at offsets 8 mod 16; at {@link #REENTER} a call re-enters the device once.
     */
    private abstract static class Logged implements MmioOps {
        final List<String> log = new ArrayList<>();
        final AccessConstraints valid;
        final AccessConstraints impl;
        final DeviceEndianness endianness;
        final boolean lockless;
        AccessRange self;
        int depth;

        Logged(AccessConstraints valid, AccessConstraints impl, DeviceEndianness endianness, boolean lockless) {
            this.valid = valid;
            this.impl = impl;
            this.endianness = endianness;
            this.lockless = lockless;
        }

        long value(long addr, int size, MemTxAttrs attrs) {
            reenter(addr);
            return 0x1122_3344_5566_7788L * (addr + 1) + size + (attrs.secure() ? 0x100 : 0);
        }

        void reenter(long addr) {
            if (addr == REENTER && depth == 0) {
                depth++;
                try {
                    final AccessResult nested = new AccessResult();
                    final long v = MmioDispatch.read(self, 0x40, 4, false, MemTxAttrs.UNSPECIFIED, nested);
                    log.add("nested " + Long.toHexString(v) + " " + nested.get());
                } finally {
                    depth--;
                }
            }
        }

        long plainRead(long addr, int size) {
            log.add("read " + addr + " " + size);
            return value(addr, size, MemTxAttrs.UNSPECIFIED);
        }

        void plainWrite(long addr, long value, int size) {
            log.add("write " + addr + " " + Long.toHexString(value) + " " + size);
            reenter(addr);
        }

        long attrsRead(long addr, int size, MemTxAttrs attrs, AccessResult result) {
            log.add("readWithAttrs " + addr + " " + size + " " + attrs);
            if ((addr & 15) == 8) {
                result.set(MemTxResult.ERROR);
            }
            return value(addr, size, attrs);
        }

        int attrsWrite(long addr, long value, int size, MemTxAttrs attrs) {
            log.add("writeWithAttrs " + addr + " " + Long.toHexString(value) + " " + size + " " + attrs);
            reenter(addr);
            return (addr & 15) == 8 || attrs.secure() && addr == 0x41 ? MemTxResult.ERROR : MemTxResult.OK;
        }

        boolean accepting(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            log.add("accepts " + addr + " " + size + " " + isWrite + " " + attrs);
            return (addr & 31) != 4 && !(attrs.secure() && addr == 0x42 && isWrite);
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

        @Override
        public boolean lockless() {
            return lockless;
        }
    }

    /** Plain callbacks and {@code accepts}. */
    private static final class PlainAccepting extends Logged {
        PlainAccepting(AccessConstraints v, AccessConstraints i, DeviceEndianness e, boolean lockless) {
            super(v, i, e, lockless);
        }

        @Override
        public long read(long addr, int size) {
            return plainRead(addr, size);
        }

        @Override
        public void write(long addr, long value, int size) {
            plainWrite(addr, value, size);
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return accepting(addr, size, isWrite, attrs);
        }

    }

    /** With-attrs callbacks only. */
    private static class WithAttrs extends Logged {
        WithAttrs(AccessConstraints v, AccessConstraints i, DeviceEndianness e, boolean lockless) {
            super(v, i, e, lockless);
        }

        @Override
        public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
            return attrsRead(addr, size, attrs, result);
        }

        @Override
        public int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
            return attrsWrite(addr, value, size, attrs);
        }

    }

    /** With-attrs callbacks and {@code accepts}. */
    private static final class WithAttrsAccepting extends WithAttrs {
        WithAttrsAccepting(AccessConstraints v, AccessConstraints i, DeviceEndianness e, boolean lockless) {
            super(v, i, e, lockless);
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return accepting(addr, size, isWrite, attrs);
        }

    }

    /** A plain read and a with-attrs write: one direction each. */
    private static final class Mixed extends Logged {
        Mixed(AccessConstraints v, AccessConstraints i, DeviceEndianness e, boolean lockless) {
            super(v, i, e, lockless);
        }

        @Override
        public long read(long addr, int size) {
            return plainRead(addr, size);
        }

        @Override
        public int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
            return attrsWrite(addr, value, size, attrs);
        }

    }

    /** Makers of every device shape: each case makes three copies of its device. */
    private static List<Supplier<Logged>> devices() {
        final List<Supplier<Logged>> out = new ArrayList<>();
        final AccessConstraints[][] shapes = {
            {AccessConstraints.VALID_DEFAULT, AccessConstraints.IMPL_DEFAULT},
            {AccessConstraints.of(1, 8), AccessConstraints.of(1, 8)},
            {AccessConstraints.of(4, 4), AccessConstraints.of(4, 4)},
            {AccessConstraints.of(1, 8, true), AccessConstraints.of(1, 8)},
            {AccessConstraints.of(1, 8), AccessConstraints.of(2, 4)},
        };
        for (AccessConstraints[] s : shapes) {
            final AccessConstraints v = s[0];
            final AccessConstraints i = s[1];
            for (DeviceEndianness e : new DeviceEndianness[] {DeviceEndianness.LITTLE, DeviceEndianness.BIG}) {
                for (boolean lockless : new boolean[] {false, true}) {
                    out.add(() -> new PlainAccepting(v, i, e, lockless));
                    out.add(() -> new WithAttrs(v, i, e, lockless));
                    out.add(() -> new WithAttrsAccepting(v, i, e, lockless));
                    out.add(() -> new Mixed(v, i, e, lockless));
                }
            }
        }
        return out;
    }

    private static AccessRange range(Logged d) {
        final AccessRange r = AccessRange.io(0x1000, 0x1fff, 0, d.getClass().getSimpleName(), d, new Object());
        d.self = r;
        return r;
    }

    /** One device three times: through the range path, the profile path and the full dispatch. */
    private static final class Case {
        final Logged d;
        final AccessRange r;
        final Logged viaProfile;
        final AccessRange profileRange;
        final Logged ref;
        final AccessRange refRange;

        Case(Supplier<Logged> make) {
            d = make.get();
            r = range(d);
            viaProfile = make.get();
            profileRange = range(viaProfile);
            ref = make.get();
            refRange = range(ref);
        }

        void clearLogs() {
            d.log.clear();
            viaProfile.log.clear();
            ref.log.clear();
        }
    }

    /** Counts of what the comparison covered. */
    private static final class Counts {
        int straightCallbackLoads;
        int straightCallbackStores;
        int refusedByAccepts;
        int nestedRefusals;
    }

    private static List<Case> cases() {
        final List<Case> out = new ArrayList<>();
        for (Supplier<Logged> make : devices()) {
            out.add(new Case(make));
        }
        return out;
    }

    private static Counts compareAll(List<Case> cases) {
        final Counts c = new Counts();
        for (Case k : cases) {
            for (MemTxAttrs a : new MemTxAttrs[] {MemTxAttrs.UNSPECIFIED, MemTxAttrs.SECURE_ACCESS}) {
                for (int size : SIZES) {
                    for (long x = 0x40; x < 0x4c; x++) {
                        for (boolean big : new boolean[] {false, true}) {
                            final String what = k.d.getClass().getSimpleName() + " " + k.r.mmio + " " + a
                                    + " size=" + size + " x=0x" + Long.toHexString(x) + (big ? " big" : " little");
                            final boolean load = k.r.mmio.straightRead(x, size);
                            if (load) {
                                c.straightCallbackLoads += k.r.mmio.straightReadCallbacks ? 1 : 0;
                            }
                            if (k.r.mmio.straightWrite(x, size)) {
                                c.straightCallbackStores += k.r.mmio.straightWriteCallbacks ? 1 : 0;
                            }
                            compareLoad(k, x, size, big, a, what, load, c);
                            compareStore(k, x, size, big, a, what);
                        }
                    }
                }
            }
        }
        return c;
    }

    private static void compareLoad(Case k, long x, int size, boolean big, MemTxAttrs a, String what,
            boolean straight, Counts c) {
        k.clearLogs();
        final AccessResult out = new AccessResult();
        final AccessResult profileOut = new AccessResult();
        final AccessResult refOut = new AccessResult();
        final long v = MmioDispatch.read(k.r, x, size, big, a, out);
        final long profileV = MmioDispatch.read(k.profileRange.mmio, x, size, big, a, profileOut);
        final long refV = MmioDispatch.readSlowPath(k.refRange.mmio, x, size, big, a, refOut);
        assertEquals(refV, v, "load value " + what);
        assertEquals(refOut.get(), out.get(), "load result " + what);
        assertEquals(k.ref.log, k.d.log, "load calls " + what);
        assertEquals(refV, profileV, "profile load value " + what);
        assertEquals(refOut.get(), profileOut.get(), "profile load result " + what);
        assertEquals(k.ref.log, k.viaProfile.log, "profile load calls " + what);
        if (straight && refOut.get() == MemTxResult.DECODE_ERROR) {
            // a straight access passes the size and alignment checks: only accepts refuses it
            c.refusedByAccepts++;
        }
        for (String call : k.ref.log) {
            if (call.equals("nested 0 " + MemTxResult.ACCESS_ERROR)) {
                c.nestedRefusals++;
            }
        }
    }

    private static void compareStore(Case k, long x, int size, boolean big, MemTxAttrs a, String what) {
        k.clearLogs();
        final long masked = (0x8877_6655_4433_2211L ^ x) & MmioDispatch.sizeMask(size);
        final int res = MmioDispatch.write(k.r, x, masked, size, big, a);
        final int profileRes = MmioDispatch.write(k.profileRange.mmio, x, masked, size, big, a);
        final long deviceOrder = big == k.refRange.mmio.bigEndian ? masked : MmioDispatch.swap(masked, size);
        final int refRes = MmioDispatch.writeSlowPath(k.refRange.mmio, x, deviceOrder, size, a);
        assertEquals(refRes, res, "store result " + what);
        assertEquals(k.ref.log, k.d.log, "store calls " + what);
        assertEquals(refRes, profileRes, "profile store result " + what);
        assertEquals(k.ref.log, k.viaProfile.log, "profile store calls " + what);
    }

    @Test
    void straightCallbacksMatchTheFullDispatch() {
        final Counts c = compareAll(cases());
        // the comparison covers the paths it is about: straight calls with accepts or with-attrs callbacks,
        // accepts refusing, and the guard refusing a re-entry from inside a straight call
        assertTrue(c.straightCallbackLoads > 300 && c.straightCallbackStores > 500 && c.refusedByAccepts > 50
                && c.nestedRefusals > 20, c.straightCallbackLoads + " " + c.straightCallbackStores + " "
                + c.refusedByAccepts + " " + c.nestedRefusals);
    }

    @Test
    void aThreadOtherThanTheGuardsHomeGetsTheSameAnswers() throws InterruptedException {
        final List<Case> cases = cases();
        // the test thread becomes every guard's home; the other thread then takes the full dispatch
        compareAll(cases);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            try {
                compareAll(cases);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "not-home");
        other.start();
        other.join();
        if (failure.get() != null) {
            throw new AssertionError("on a thread that is not the guards' home", failure.get());
        }
    }

    @Test
    void withAttrsReadsAreStraightOnlyWhenGuardedAndNeverPassTheWord() {
        for (Supplier<Logged> make : devices()) {
            final Logged d = make.get();
            final AccessRange r = range(d);
            final MmioProfile p = r.mmio;
            final boolean withAttrsRead = !(d instanceof PlainAccepting || d instanceof Mixed);
            assertEquals(withAttrsRead && d.lockless, p.notStraightReads == MmioProfile.ALL_SIZES, p.toString());
            // Mixed's read is plain and it has no accepts; every other read and every write is more
            assertEquals(!(d instanceof Mixed), p.straightReadCallbacks, p.toString());
            assertTrue(p.straightWriteCallbacks, p.toString());
            // the range's straight words leave those devices to the dispatch's fallback
            final long key = AccessRange.straightKey(0x40, 4, MemTxAttrs.UNSPECIFIED);
            assertEquals(p.straightReadCallbacks, (key & r.straightLoadLe) != 0, p.toString());
            assertTrue((key & r.straightStoreLe) != 0, p.toString());
        }
    }
}
