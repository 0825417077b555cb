package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessConstraints;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.IommuOps;
import dev.addrspace.memory.IommuTlbEntry;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryListener;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemoryRegionSection;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Faults: device callbacks that throw, re-enter their own region or change the topology while an access
 * is in flight; listeners that throw or change the topology during a commit; IOMMUs that answer
 * nonsense. Each has one defined outcome, the same on the {@link AddressSpace} and the {@link CpuState}
 * path, and leaves the topology and the views consistent (docs/reliability.md, "Faults").
 */
class FaultsTest {

    private static final MemTxAttrs A = MemTxAttrs.UNSPECIFIED;

    /** A machine: root (2^64) with RAM at 0 and at 0x100000, and whatever the test adds. */
    private static final class Machine {
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(ms, "root", MemoryRegion.SIZE_2_64);
        final MemoryRegion ram = MemoryRegion.ram(ms, "ram", 0x10000);
        final MemoryRegion far = MemoryRegion.ram(ms, "far", 0x1000);
        AddressSpace as;
        CpuState cpu;

        Machine() {
            root.addSubregion(0, ram);
            root.addSubregion(0x100000, far);
        }

        Machine start() {
            as = ms.newAddressSpace(root, "as");
            cpu = new CpuState(ms, 0);
            CpuState.ensureDefaultAddressSpace(cpu, root);
            return this;
        }
    }

    /** A device whose callbacks throw while {@code armed}. */
    private static final class Boom extends RuntimeException {
        Boom(String what) {
            super(what);
        }
    }

    private static final class ThrowingDevice implements MmioOps {
        boolean armed = true;
        final boolean withAttrs;
        final AtomicInteger calls = new AtomicInteger();

        ThrowingDevice(boolean withAttrs) {
            this.withAttrs = withAttrs;
        }

        @Override
        public long read(long addr, int size) {
            calls.incrementAndGet();
            if (armed) {
                throw new Boom("read " + addr);
            }
            return 0x5a;
        }

        @Override
        public void write(long addr, long value, int size) {
            calls.incrementAndGet();
            if (armed) {
                throw new Boom("write " + addr);
            }
        }
    }

    /** Same callbacks through readWithAttrs/writeWithAttrs (the per-depth result holders). */
    private static MmioOps withAttrs(ThrowingDevice d) {
        return new MmioOps() {
            @Override
            public long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
                return d.read(addr, size);
            }

            @Override
            public int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
                d.write(addr, value, size);
                return MemTxResult.OK;
            }

            @Override
            public AccessConstraints impl() {
                return AccessConstraints.of(1, 1); // split: the exception comes from inside the split loop
            }
        };
    }

    // ------------------------------------------------------------------------------ callbacks that throw

    @Test
    void aThrowingCallbackPropagatesOnEveryPathAndLeavesNothingEngaged() {
        for (int variant = 0; variant < 3; variant++) {
            final Machine m = new Machine();
            final ThrowingDevice d = new ThrowingDevice(variant == 1);
            final MmioOps ops = variant == 1 ? withAttrs(d) : variant == 2 ? new MmioOps() {
                // accepts() throwing: before any callback
                @Override
                public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
                    if (d.armed) {
                        throw new Boom("accepts");
                    }
                    return true;
                }

                @Override
                public long read(long addr, int size) {
                    return 0x5a;
                }
            } : d;
            final MemoryRegion dev = MemoryRegion.io(m.ms, "dev", 0x1000, ops);
            m.root.addSubregion(0x10000, dev);
            m.start();
            final FlatView before = m.as.flatView();
            final List<Runnable> accesses = List.of(
                () -> m.as.load(0x10000, 4, false, A, new AccessResult()),
                () -> m.as.store(0x10000, 4, 1, false, A),
                () -> m.as.read(0xfffc, A, new byte[8]),
                () -> m.as.write(0xfffc, A, new byte[8]),
                () -> m.as.fill(0xff00, 0x11, 0x200, A),
                () -> m.cpu.load(0x10000, 4, false, A, new AccessResult()),
                () -> m.cpu.store(0x10000, 4, 1, false, A),
                () -> m.cpu.ldub(0x10003, A, null));
            for (Runnable r : accesses) {
                assertThrows(Boom.class, r::run, "variant " + variant);
            }
            // the bytes of the bulk write and the fill that lie before the device were written
            assertEquals(0x11, m.as.ldub(0xff00, A));
            // nothing stays engaged: the same thread reaches the device again, and a fill works again
            d.armed = false;
            final AccessResult res = new AccessResult();
            assertEquals(0x5a, m.as.load(0x10000, 1, false, A, res) & 0xff, "variant " + variant);
            assertEquals(MemTxResult.OK, res.get());
            assertEquals(0x5a, m.cpu.ldub(0x10000, A, res));
            assertEquals(MemTxResult.OK, res.get());
            assertEquals(MemTxResult.OK, m.as.fill(0, 0x22, 0x300, A));
            assertEquals(0x22, m.cpu.ldub(0x2ff, A, null));
            assertSame(before, m.as.flatView(), "the topology did not change");
        }
    }

    // ------------------------------------------------------------------------------------- re-entrancy

    @Test
    void aCallbackThatReentersItsOwnRegionGetsAccessErrorOnEveryPath() {
        final Machine m = new Machine();
        final List<String> inner = new ArrayList<>();
        final CpuState[] cpu = new CpuState[1];
        final AddressSpace[] as = new AddressSpace[1];
        final MmioOps ops = new MmioOps() {
            @Override
            public long read(long addr, int size) {
                final AccessResult r = new AccessResult();
                final long v = addr == 0 ? as[0].load(0x10008, 4, false, A, r) : cpu[0].load(0x10008, 4, false, A, r);
                inner.add("read via " + (addr == 0 ? "as" : "cpu") + " " + v + " " + r.get());
                // another region is not guarded
                inner.add("ram " + as[0].ldub(0x10, A, r) + " " + r.get());
                return 7;
            }

            @Override
            public void write(long addr, long value, int size) {
                inner.add("write " + as[0].store(0x10008, 4, 1, false, A) + " " + cpu[0].store(0x10008, 4, 1, false, A));
            }
        };
        m.root.addSubregion(0x10000, MemoryRegion.io(m.ms, "dev", 0x1000, ops));
        m.start();
        as[0] = m.as;
        cpu[0] = m.cpu;
        final AccessResult r = new AccessResult();
        assertEquals(7, m.as.load(0x10000, 4, false, A, r));
        assertEquals(MemTxResult.OK, r.get());
        assertEquals(7, m.cpu.load(0x10004, 4, false, A, r));
        assertEquals(MemTxResult.OK, r.get());
        assertEquals(MemTxResult.OK, m.cpu.store(0x10000, 4, 0, false, A));
        final String access = Integer.toString(MemTxResult.ACCESS_ERROR);
        assertEquals(List.of("read via as 0 " + access, "ram 0 0", "read via cpu 0 " + access, "ram 0 0",
                "write " + access + " " + access), inner);
    }

    // -------------------------------------------------------------------- topology changes during access

    @Test
    void aCallbackThatUnmapsItselfOrMapsRamOverItselfFinishesOnTheViewItStartedWith() {
        final Machine m = new Machine();
        final MemoryRegion overlay = MemoryRegion.ram(m.ms, "overlay", 0x1000);
        overlay.ramBlock().fill(0, 0x1000, 0x33);
        final List<String> log = new ArrayList<>();
        final MemoryRegion[] self = new MemoryRegion[1];
        final MmioOps ops = new MmioOps() {
            @Override
            public long read(long addr, int size) {
                log.add("r " + addr);
                if (addr == 0) {
                    m.root.addSubregionOverlap(0x10000, overlay, 1); // RAM over itself
                }
                return 0x44;
            }

            @Override
            public void write(long addr, long value, int size) {
                log.add("w " + addr);
                if (addr == 0) {
                    self[0].setEnabled(false); // unmaps itself
                }
            }

            @Override
            public AccessConstraints valid() {
                return AccessConstraints.of(1, 4);
            }
        };
        self[0] = MemoryRegion.io(m.ms, "dev", 0x1000, ops);
        m.root.addSubregion(0x10000, self[0]);
        m.start();

        // a bulk write of two 4-byte pieces: the first unmaps the device, the second still reaches it
        final FlatView v0 = m.as.flatView();
        assertEquals(MemTxResult.OK, m.as.write(0x10000, A, new byte[8]));
        assertEquals(List.of("w 0", "w 4"), log);
        assertNotSame(v0, m.as.flatView());
        assertEquals(MemTxResult.DECODE_ERROR, m.as.store(0x10000, 4, 0, false, A), "later accesses see the new view");
        assertEquals(MemTxResult.DECODE_ERROR, m.cpu.store(0x10000, 4, 0, false, A));

        // a bulk read: the first piece maps RAM over the device, the second is still the device's
        self[0].setEnabled(true);
        log.clear();
        final byte[] buf = new byte[8];
        assertEquals(MemTxResult.OK, m.as.read(0x10000, A, buf));
        assertEquals(List.of("r 0", "r 4"), log);
        assertArrayEquals(new byte[] {0x44, 0, 0, 0, 0x44, 0, 0, 0}, buf);
        assertEquals(0x33333333, m.as.ldlLe(0x10000, A), "later accesses see the RAM");
        assertEquals(0x33333333, m.cpu.ldlLe(0x10000, A, null));

        // the CPU path: a store that unmaps the device; the CPU's next access sees the hole
        m.root.removeSubregion(overlay);
        log.clear();
        assertEquals(0x44, m.cpu.ldlLe(0x10004, A, null));
        assertEquals(MemTxResult.OK, m.cpu.store(0x10000, 4, 0, false, A));
        final AccessResult r = new AccessResult();
        assertEquals(0, m.cpu.ldlLe(0x10004, A, r));
        assertEquals(MemTxResult.DECODE_ERROR, r.get());
        assertEquals(List.of("r 4", "w 0"), log);
    }

    // ------------------------------------------------------------------------------------------ listeners

    private static MemoryListener listener(String on, Consumer<MemoryRegionSection> action) {
        return new MemoryListener() {
            @Override
            public void begin() {
                if (on.equals("begin")) {
                    action.accept(null);
                }
            }

            @Override
            public void commit() {
                if (on.equals("commit")) {
                    action.accept(null);
                }
            }

            @Override
            public void regionAdd(MemoryRegionSection s) {
                if (on.equals("add")) {
                    action.accept(s);
                }
            }

            @Override
            public void regionDel(MemoryRegionSection s) {
                if (on.equals("del")) {
                    action.accept(s);
                }
            }
        };
    }

    @Test
    void aThrowingListenerSurfacesItsExceptionAfterTheCommitIsPublished() {
        for (String on : List.of("begin", "commit", "add", "del")) {
            final Machine m = new Machine();
            final MemoryRegion extra = MemoryRegion.ram(m.ms, "extra", 0x1000);
            final MemoryRegion other = MemoryRegion.container(m.ms, "other-root", MemoryRegion.SIZE_2_64);
            m.start();
            final AddressSpace second = m.ms.newAddressSpace(other, "second");
            final List<String> heard = new ArrayList<>();
            final boolean[] armed = {false};
            m.as.registerListener(listener(on, s -> {
                if (armed[0]) {
                    throw new Boom(on);
                }
            }));
            armed[0] = true;
            second.registerListener(new MemoryListener() {
                @Override
                public void commit() {
                    heard.add("commit");
                }

                @Override
                public void regionAdd(MemoryRegionSection s) {
                    heard.add("add " + s.region().name());
                }
            });
            heard.clear(); // the registration's replay
            // "del": the failing commit must delete something: remove RAM; otherwise add RAM
            final Runnable change = on.equals("del") ? () -> m.root.removeSubregion(m.far)
                    : () -> m.root.addSubregion(0x200000, extra);
            final Runnable alsoOther = () -> other.addSubregion(0, MemoryRegion.ram(m.ms, "o", 0x1000));
            final Boom b = assertThrows(Boom.class, () -> m.ms.transaction(() -> {
                change.run();
                alsoOther.run();
            }), on);
            assertEquals(on, b.getMessage());
            assertEquals(0, m.ms.transactionDepth(), on);
            // the change is committed and published to every address space, the failing one included
            final AccessResult r = new AccessResult();
            m.as.ldub(on.equals("del") ? 0x100000 : 0x200000, A, r);
            assertEquals(on.equals("del") ? MemTxResult.DECODE_ERROR : MemTxResult.OK, r.get(), on);
            m.cpu.ldub(on.equals("del") ? 0x100000 : 0x200000, A, r);
            assertEquals(on.equals("del") ? MemTxResult.DECODE_ERROR : MemTxResult.OK, r.get(), on);
            assertEquals(MemTxResult.OK, second.stb(0, 1, A), on);
            // the other address space's listener heard its change
            assertEquals(List.of("add o", "commit"), heard, on);
            // later commits work
            armed[0] = false;
            m.root.addSubregion(0x300000, MemoryRegion.ram(m.ms, "later", 0x1000));
            assertEquals(MemTxResult.OK, m.as.stb(0x300000, 1, A), on);
        }
    }

    @Test
    void aListenerThatChangesTheTopologyDuringACommitIsRefusedAndTheViewsStayTrue() {
        final Machine m = new Machine();
        final MemoryRegion a = MemoryRegion.ram(m.ms, "a", 0x1000);
        final MemoryRegion b = MemoryRegion.ram(m.ms, "b", 0x1000);
        m.root.addSubregion(0x2000 + 0x10000, b);
        m.start();
        m.as.registerListener(listener("add", s -> {
            if (s.region() == a) {
                b.setEnabled(false);
            }
        }));
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.root.addSubregion(0x20000, a));
        assertTrue(e.getMessage().contains("listener"), e.getMessage());
        assertTrue(b.isEnabled(), "the listener's change was refused before it changed anything");
        // the views match the tree: a mapped, b still mapped
        assertEquals(MemTxResult.OK, m.as.stb(0x20000, 1, A));
        assertEquals(MemTxResult.OK, m.as.stb(0x12000, 1, A));
        assertEquals(MemTxResult.OK, m.cpu.stb(0x12000, 1, A));
        b.setEnabled(false);
        assertEquals(MemTxResult.DECODE_ERROR, m.as.stb(0x12000, 1, A));
        assertEquals(0, m.ms.transactionDepth());
    }

    @Test
    void aThrowingListenerDoesNotKeepTheOtherListenersOfItsAddressSpaceFromHearingTheChange() {
        final Machine m = new Machine().start();
        final DirectWindow window = DirectWindow.grant(m.as, 0x100000, 0x1000, DirectWindow.READ_WRITE, null);
        final List<String> heard = new ArrayList<>();
        m.as.registerListener(new MemoryListener() {
            @Override
            public void regionAdd(MemoryRegionSection s) {
                heard.add("add " + s.region().name());
            }

            @Override
            public void regionDel(MemoryRegionSection s) {
                heard.add("del " + s.region().name());
            }
        });
        final boolean[] armed = {false};
        // registered last: called first for deletions (descending order), last for additions
        m.as.registerListener(listener("del", s -> {
            if (armed[0]) {
                throw new Boom("del");
            }
        }));
        heard.clear();
        armed[0] = true;
        final MemoryRegion over = MemoryRegion.ram(m.ms, "over", 0x1000);
        assertThrows(Boom.class, () -> m.root.addSubregionOverlap(0x100000, over, 1));
        assertEquals(List.of("del far", "add over"), heard, "the other listener heard the whole change");
        assertFalse(window.isValid(), "the window over the unmapped RAM was revoked");
        assertThrows(IllegalStateException.class, () -> window.store(0x100000, 4, 1, false));
        assertEquals(0, m.far.ramBlock().ldlLe(0), "nothing reached the RAM that is no longer mapped");
    }

    // ---------------------------------------------------------------------------------------- IOMMUs

    /** What the test's IOMMU answers next. */
    private static final class Answer {
        Consumer<IommuTlbEntry> f;
    }

    /** An IOMMU that answers what {@code answer} fills in. */
    private static MemoryRegion iommu(Machine m, long size, Consumer<IommuTlbEntry> answer) {
        return MemoryRegion.iommu(m.ms, "iommu", size, new IommuOps() {
            @Override
            public void translate(IommuTlbEntry entry, long addr, int access, int iommuIndex) {
                answer.accept(entry);
            }
        });
    }

    @Test
    void iommuNonsenseHasDefinedOutcomes() {
        final Machine m = new Machine();
        final MemoryRegion troot = MemoryRegion.container(m.ms, "target-root", MemoryRegion.SIZE_2_64);
        final MemoryRegion low = MemoryRegion.ram(m.ms, "target-low", 0x1000);
        final MemoryRegion top = MemoryRegion.ram(m.ms, "target-top", 0x1000);
        low.ramBlock().fill(0, 0x1000, 0x77);
        top.ramBlock().fill(0, 0x1000, 0x66);
        troot.addSubregion(0, low);
        troot.addSubregion(0xfffffffffffff000L, top);
        final AddressSpace target = m.ms.newAddressSpace(troot, "target");
        final Answer answer = new Answer();
        m.root.addSubregion(0x40000, iommu(m, 0x10000, e -> answer.f.accept(e)));
        m.start();
        final FlatView before = m.as.flatView();
        final AccessResult r = new AccessResult();

        // a null target with full permissions: unassigned
        answer.f = e -> e.set(null, 0, 0, 0xfff, IommuTlbEntry.PERM_RW);
        assertEquals(0, m.as.ldlLe(0x40000, A, r));
        assertEquals(MemTxResult.DECODE_ERROR, r.get());
        assertEquals(MemTxResult.DECODE_ERROR, m.cpu.store(0x40000, 4, 1, false, A));
        assertEquals(MemTxResult.DECODE_ERROR, m.as.read(0x40000, A, new byte[16]));

        // permission NONE or left unset: unassigned
        answer.f = e -> { };
        assertEquals(MemTxResult.DECODE_ERROR, m.as.stb(0x40000, 1, A));

        // translated to the last bytes below 2^64: an access that would run past 2^64 does not wrap to 0
        answer.f = e -> e.set(target, 0, 0xfffffffffffff000L, 0xfff, IommuTlbEntry.PERM_RW);
        assertEquals(0x66666666, m.as.ldlLe(0x40ffc, A, r));
        assertEquals(MemTxResult.OK, r.get());
        assertEquals(0, m.as.ldqLe(0x40ffc, A, r));
        assertEquals(MemTxResult.DECODE_ERROR, r.get(), "8 bytes at 2^64-4: RAM's unassigned ops, no wrap");
        assertEquals(0, m.cpu.ldqLe(0x40ffc, A, r));
        assertEquals(MemTxResult.DECODE_ERROR, r.get());
        final byte[] buf = new byte[8];
        // the bulk read is cut at the IOMMU page: the next page is translated anew, to the same target page
        assertEquals(MemTxResult.OK, m.as.read(0x40ffc, A, buf));
        assertArrayEquals(new byte[] {0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66}, buf);
        // a whole-space mask (2^64 - 1): the low bits pass through unchanged
        answer.f = e -> e.set(target, 0, 0x123456789L, -1L, IommuTlbEntry.PERM_RW);
        assertEquals(0x77, m.as.ldub(0x40010, A, r));
        assertEquals(MemTxResult.OK, r.get());

        // a mask that is not 2^n - 1, or garbage permissions: IommuTlbEntry.set refuses them, and the
        // IllegalArgumentException propagates out of the access
        answer.f = e -> e.set(target, 0, 0, 0x1234, IommuTlbEntry.PERM_RW);
        assertThrows(IllegalArgumentException.class, () -> m.as.ldub(0x40000, A, r));
        assertThrows(IllegalArgumentException.class, () -> m.cpu.ldub(0x40000, A, r));
        answer.f = e -> e.set(target, 0, 0, 0xfff, 7);
        assertThrows(IllegalArgumentException.class, () -> m.as.stb(0x40000, 1, A));
        answer.f = e -> e.set(target, 0, 0, 0xfff, -1);
        assertThrows(IllegalArgumentException.class, () -> m.as.read(0x40000, A, new byte[4]));

        // an IOMMU that throws: the exception propagates
        answer.f = e -> {
            throw new Boom("iommu");
        };
        assertThrows(Boom.class, () -> m.as.ldub(0x40000, A, r));
        assertThrows(Boom.class, () -> m.cpu.stb(0x40000, 1, A));

        // translation to itself (a loop): IllegalStateException after 16 hops, on every path
        answer.f = e -> e.set(m.as, 0, 0x40000, 0xfff, IommuTlbEntry.PERM_RW);
        assertThrows(IllegalStateException.class, () -> m.as.ldub(0x40000, A, r));
        assertThrows(IllegalStateException.class, () -> m.cpu.stb(0x40000, 1, A));
        assertThrows(IllegalStateException.class, () -> m.as.write(0x40000, A, new byte[4]));
        assertThrows(IllegalStateException.class, () -> m.as.translate(0x40000, 4, false, A));

        // nothing of this changed the topology or broke the thread's dispatch state
        assertSame(before, m.as.flatView());
        answer.f = e -> e.set(target, 0, 0, 0xfff, IommuTlbEntry.PERM_READ);
        assertEquals(0x77, m.cpu.ldub(0x40001, A, r));
        assertEquals(MemTxResult.OK, r.get());
        assertEquals(MemTxResult.DECODE_ERROR, m.cpu.stb(0x40001, 1, A), "read-only translation refuses writes");
        assertEquals(0x77, low.ramBlock().ldub(1));
    }

    @Test
    void aBulkAccessThatAnIommuDeniesIsCutAtTheIommuPage() {
        final Machine m = new Machine();
        final MemoryRegion troot = MemoryRegion.container(m.ms, "target-root", MemoryRegion.SIZE_2_64);
        final MemoryRegion low = MemoryRegion.ram(m.ms, "target-low", 0x10000);
        low.ramBlock().fill(0, 0x10000, 0x77);
        troot.addSubregion(0, low);
        troot.addSubregion(0x100000, MemoryRegion.ram(m.ms, "target-anchor", 0x1000));
        final AddressSpace target = m.ms.newAddressSpace(troot, "target");
        // pages of 0x100 bytes: even pages are denied (null target or no permission), odd pages map 1:1
        final boolean[] nullTarget = {false};
        m.root.addSubregion(0x40000, MemoryRegion.iommu(m.ms, "iommu2", 0x10000, new IommuOps() {
            @Override
            public void translate(IommuTlbEntry e, long addr, int access, int idx) {
                if ((addr & 0x100) != 0) {
                    e.set(target, addr, addr & ~0xffL, 0xff, IommuTlbEntry.PERM_RW);
                } else if (nullTarget[0]) {
                    e.set(null, addr, addr & ~0xffL, 0xff, IommuTlbEntry.PERM_RW);
                }
            }
        }));
        m.start();
        for (boolean nt : new boolean[] {false, true}) {
            nullTarget[0] = nt;
            final byte[] buf = new byte[8];
            // 4 denied bytes at the end of page 0, then 4 bytes of page 1, translated anew (as QEMU does)
            assertEquals(MemTxResult.DECODE_ERROR, m.as.read(0x400fc, A, buf), "null target " + nt);
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0x77, 0x77, 0x77, 0x77}, buf, "null target " + nt);
            assertEquals(MemTxResult.DECODE_ERROR, m.as.write(0x400fc, A, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            assertEquals(0x08070605, low.ramBlock().ldlLe(0x100), "null target " + nt);
            assertEquals(0x77777777, low.ramBlock().ldlLe(0xfc), "null target " + nt);
            low.ramBlock().fill(0, 0x10000, 0x77);
        }
    }

    // ------------------------------------------------------------------------------------ extreme offsets

    @Test
    void aBulkAccessAtRegionOffsetTwoToThe63Terminates() {
        final Machine m = new Machine();
        final List<String> log = new ArrayList<>();
        final MemoryRegion big = MemoryRegion.io(m.ms, "big", MemoryRegion.SIZE_2_64, MmioOps.of((a, s) -> {
            log.add("r " + Long.toHexString(a) + " " + s);
            return 0x11;
        }, (a, v, s) -> log.add("w " + Long.toHexString(a) + " " + s)));
        m.root.addSubregionOverlap(0, big, -1);
        m.start();
        final byte[] buf = new byte[8];
        assertEquals(MemTxResult.OK, assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> m.as.read(0x8000000000000000L, A, buf)));
        assertEquals(MemTxResult.OK, assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> m.as.write(0x8000000000000000L, A, buf)));
        assertEquals(List.of("r 8000000000000000 4", "r 8000000000000004 4", "w 8000000000000000 4",
                "w 8000000000000004 4"), log);
        assertFalse(log.isEmpty());
    }
}
