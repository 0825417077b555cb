package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The dispatch structure against a brute-force linear scan. */
class ViewDispatchTest {

    /** A layout: sorted distinct cut points; consecutive pairs become ranges, every other one a hole. */
    static final class Layout {
        final List<AccessRange> ranges = new ArrayList<>();
        final List<Long> probes = new ArrayList<>();

        @Override
        public String toString() {
            return ranges.toString();
        }
    }

    @Provide
    Arbitrary<Layout> layouts() {
        Arbitrary<Long> anywhere = Arbitraries.longs();
        Arbitrary<Long> nearPages = Combinators.combine(Arbitraries.longs().between(0, 64),
                Arbitraries.integers().between(-3, 3), Arbitraries.integers().between(0, 40))
                .as((page, delta, shift) -> (page << (12 + shift % 30)) + delta);
        Arbitrary<Long> cut = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, anywhere), net.jqwik.api.Tuple.of(4, nearPages),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 0x3000)));
        return cut.list().ofMinSize(0).ofMaxSize(300).flatMap(cuts -> Arbitraries.integers().between(0, 2)
                .list().ofSize(cuts.size() + 1).map(kinds -> layout(cuts, kinds)));
    }

    private static Layout layout(List<Long> cuts, List<Integer> kinds) {
        TreeSet<Long> sorted = new TreeSet<>(Long::compareUnsigned);
        sorted.addAll(cuts);
        Layout l = new Layout();
        Long prev = null;
        int k = 0;
        for (Long c : sorted) {
            long start = prev == null ? 0 : prev + 1;
            if (prev == null || Long.compareUnsigned(prev, -1L) < 0) {
                // the interval [start, c] is a range unless its kind says hole
                if (kinds.get(k++ % kinds.size()) != 0 && Long.compareUnsigned(start, c) <= 0) {
                    l.ranges.add(AccessRange.ram(start, c, 0, "r" + l.ranges.size(), null));
                }
            }
            l.probes.add(c);
            l.probes.add(c + 1);
            l.probes.add(c - 1);
            l.probes.add(start);
            prev = c;
        }
        l.probes.add(0L);
        l.probes.add(-1L);
        return l;
    }

    private static AccessRange linear(List<AccessRange> ranges, long addr) {
        for (AccessRange r : ranges) {
            if (Long.compareUnsigned(addr, r.start) >= 0 && Long.compareUnsigned(addr, r.last) <= 0) {
                return r;
            }
        }
        return null;
    }

    private static long linearNext(List<AccessRange> ranges, long addr) {
        for (AccessRange r : ranges) {
            if (Long.compareUnsigned(r.start, addr) > 0) {
                return r.start;
            }
        }
        return 0;
    }

    @Property(tries = 300)
    void findAgreesWithLinearScan(@ForAll("layouts") Layout layout, @ForAll long random) {
        ViewDispatch d = ViewDispatch.of(layout.ranges);
        List<Long> probes = new ArrayList<>(layout.probes);
        probes.add(random);
        for (long p : probes) {
            assertSame(linear(layout.ranges, p), d.find(p), () -> "addr=0x" + Long.toHexString(p));
            // twice: the second lookup goes through the MRU hint
            assertSame(linear(layout.ranges, p), d.find(p), () -> "mru addr=0x" + Long.toHexString(p));
            if (linear(layout.ranges, p) == null) {
                assertEquals(linearNext(layout.ranges, p), d.nextStart(p), () -> "next addr=0x" + Long.toHexString(p));
            }
        }
    }

    @Test
    void manyRangesInOnePageUseBisection() {
        List<AccessRange> ranges = new ArrayList<>();
        for (int i = 0; i < 4096; i += 2) {
            ranges.add(AccessRange.ram(0x5000 + i, 0x5000 + i, 0, "b" + i, null));
        }
        ViewDispatch d = ViewDispatch.of(ranges);
        for (int i = 0; i < 4096; i++) {
            AccessRange r = d.find(0x5000 + i);
            if (i % 2 == 0) {
                assertSame(ranges.get(i / 2), r);
            } else {
                assertNull(r);
            }
        }
        assertNull(d.find(0x4fff));
        assertNull(d.find(0x6000));
    }

    @Test
    void fullSpaceRangeAndEmptyView() {
        AccessRange all = AccessRange.ram(0, -1L, 0, "all", null);
        ViewDispatch d = ViewDispatch.of(List.of(all));
        assertSame(all, d.find(0));
        assertSame(all, d.find(-1L));
        assertSame(all, d.find(Long.MIN_VALUE));
        assertNull(ViewDispatch.empty().find(0x1234));
        assertEquals(0, ViewDispatch.empty().nextStart(5));
    }

    @Test
    void overlappingRangesAreRejected() {
        AccessRange a = AccessRange.ram(0, 0x1fff, 0, "a", null);
        AccessRange b = AccessRange.ram(0x1000, 0x2fff, 0, "b", null);
        assertThrows(IllegalArgumentException.class, () -> ViewDispatch.of(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> ViewDispatch.of(List.of(b, AccessRange.ram(0, 5, 0, "c", null))));
    }
}
