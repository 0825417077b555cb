package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.io;
import static dev.addrspace.memory.TestSupport.ranges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.addrspace.memory.TestSupport.Recorder;
import dev.addrspace.mtree.Mtree;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unsigned 64-bit extremes, and which mutators re-render (the pending rules of section 1.1). */
class ExtremesAndPendingTest {

    private final MemorySystem ms = new MemorySystem();
    private final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);

    @Test
    void aliasBaseFarBelowZero() {
        MemoryRegion high = MemoryRegion.container(ms, "high", SIZE_2_64);
        high.addSubregion(0xfffffffffffff000L, MemoryRegion.ram(ms, "top", 0x1000));
        // base = 0 - 0xfffffffffffff000: about -2^64.
        sys.addSubregion(0, MemoryRegion.alias(ms, "al", high, 0xfffffffffffff000L, 0x1000));
        sys.addSubregion(0x10000, MemoryRegion.ram(ms, "other", 0x10));
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        assertEquals("0-fff top ram 0, 10000-1000f other ram 0", ranges(as));
    }

    @Test
    void aliasOfAliasAccumulatesNegativeBases() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        MemoryRegion inner = MemoryRegion.alias(ms, "inner", ram, 0x8000, 0x8000);
        MemoryRegion outer = MemoryRegion.alias(ms, "outer", inner, 0x4000, 0x2000);
        sys.addSubregion(0x100, outer);
        sys.addSubregion(0x10000, MemoryRegion.ram(ms, "other", 0x10));
        assertEquals("100-20ff ram @c000 ram 0, 10000-1000f other ram 0", ranges(ms.newAddressSpace(sys, "m")));
    }

    @Test
    void fullSizeAliasWithOffsetShiftsDown() {
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x2000);
        MemoryRegion c = MemoryRegion.container(ms, "c", SIZE_2_64);
        c.addSubregion(0, ram);
        c.addSubregion(0x100000, MemoryRegion.ram(ms, "r2", 0x10));
        AddressSpace as = ms.newAddressSpace(MemoryRegion.alias(ms, "al", c, 0x1000, SIZE_2_64), "shifted");
        assertEquals("0-fff ram @1000 ram 0, ff000-ff00f r2 ram 0", ranges(as));
    }

    @Test
    void fullSizeRegionAtAnOffsetAndTheLastByte() {
        sys.addSubregion(0x1000, MemoryRegion.ram(ms, "big", SIZE_2_64));
        sys.addSubregionOverlap(-1L, io(ms, "last", 1), 1);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        assertEquals("1000-fffffffffffffffe big ram 0, ffffffffffffffff-ffffffffffffffff last i/o 1", ranges(as));
        FlatRange last = as.flatView().lookup(-1L);
        assertEquals(1, last.size());
        MemoryRegionSection s = sys.find(0xfffffffffffffff0L, 0x100);
        assertEquals(0xfffffffffffffff0L, s.offsetWithinAddressSpace());
        assertEquals(0xfffffffffffffffeL, s.last());
        assertEquals(0xffffffffffffeff0L, s.offsetWithinRegion());
        assertEquals("address-space: memory\n"
                + "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
                + "[DETECTED OVERFLOW!]     0000000000001000-0000000000000fff (prio 0, ram): big\n"
                + "    ffffffffffffffff-ffffffffffffffff (prio 1, i/o): last\n\n", Mtree.tree(ms));
    }

    @Test
    void tenThousandRegionsRender() {
        ms.transaction(() -> {
            sys.addSubregionOverlap(0, MemoryRegion.ram(ms, "bg", 1L << 40), -1);
            for (int i = 0; i < 10_000; i++) {
                MemoryRegion c = MemoryRegion.container(ms, "c" + i, 0x10000);
                c.addSubregion(0x1000, MemoryRegion.ram(ms, "r" + i, 0x1000));
                sys.addSubregionOverlap((long) i * 0x10000, c, i % 3);
            }
        });
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        assertEquals(20_001, as.flatView().rangeCount());
        assertEquals("r9999", as.flatView().lookup(9999L * 0x10000 + 0x1800).region().name());
        assertEquals(9999L * 0x10000 + 0x2000, as.flatView().lookup(9999L * 0x10000 + 0x2000).offsetInRegion());
    }

    @Test
    void pendingRules() {
        MemoryRegion off = MemoryRegion.container(ms, "off", 0x10000);
        off.setEnabled(false);
        sys.addSubregion(0x10000, off);
        MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x1000);
        sys.addSubregion(0, ram);
        sys.addSubregion(0x2000, MemoryRegion.ram(ms, "ram2", 0x1000));
        MemoryRegion disabledChild = MemoryRegion.ram(ms, "dc", 0x10);
        disabledChild.setEnabled(false);
        MemoryRegion hidden = MemoryRegion.ram(ms, "hidden", 0x100);
        AddressSpace as = ms.newAddressSpace(sys, "memory");
        Recorder r = new Recorder();
        as.registerListener(r);
        r.log.clear();
        long renders = ms.renderCount();
        FlatView v = as.flatView();

        // Into a disabled container, a disabled child, flags of a disabled region: nothing pending.
        off.addSubregion(0, hidden);
        sys.addSubregion(0x30000, disabledChild);
        off.setReadonly(true);
        off.setNonvolatile(true);
        assertEquals(List.of(), r.log);
        assertEquals(renders, ms.renderCount());
        assertSame(v, as.flatView());

        // QEMU's rule for flags looks at the region's own enabled flag only: hidden is enabled (its
        // container is not), so this commit re-renders; nothing changes, listeners hear nops.
        hidden.setReadonly(true);
        assertEquals(List.of("begin", "nop 0-fff ram", "nop 2000-2fff ram2", "commit"), r.log);
        assertEquals(renders + 1, ms.renderCount());
        assertSame(v, as.flatView(), "a re-render with equal ranges keeps the published view object");
        r.log.clear();

        // setSize re-renders whenever the size changes, even for a disabled region; unchanged, it is a no-op.
        off.setSize(0x10000);
        assertEquals(List.of(), r.log);
        off.setSize(0x20000);
        assertEquals(List.of("begin", "nop 0-fff ram", "nop 2000-2fff ram2", "commit"), r.log);
        r.log.clear();

        // Enabling always re-renders; what was changed meanwhile shows up.
        off.setEnabled(true);
        assertEquals(List.of("begin", "nop 0-fff ram", "nop 2000-2fff ram2", "add 10000-100ff hidden ro", "commit"),
                r.log);
    }
}
