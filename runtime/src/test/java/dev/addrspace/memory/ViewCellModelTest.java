package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.ranges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Shared view cells against a model, seeded: two machines built alike, one with equal-view sharing (cells
 * shared across roots), one without (the reference), take the same random operations: SMM windows moved
 * between banks (groups split and merge), system memory changed, address spaces created (inside open
 * transactions too) and destroyed, listeners registered and unregistered, sharing turned off and on.
 * After every outermost commit each address space shows the reference's ranges, and every cell an
 * address space ever read from holds a view that an address space over the same root was given: a cell
 * left by a group is never written with another root's view.
 *
 * <p>{@code -Dreliability.seed=N} replays one seed; {@code -Dreliability.seeds=N} sets the count.
 */
class ViewCellModelTest {

    private static final int CPUS = 6;
    private static final int BANKS = 3;
    private static final long SMRAM_BASE = 0xa0000L;
    private static final long BANK = 0x10000L;

    /** One machine: system memory, SMRAM banks, per CPU an SMM root. */
    private static final class Machine {
        final MemorySystem ms = new MemorySystem();
        final MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        final MemoryRegion smram = MemoryRegion.container(ms, "smram", BANK * BANKS);
        final List<MemoryRegion> roots = new ArrayList<>();
        final List<MemoryRegion> windows = new ArrayList<>();
        final List<MemoryRegion> extras = new ArrayList<>();
        /** Live address spaces, index for index with the other machine's. */
        final List<AddressSpace> spaces = new ArrayList<>();

        Machine(boolean share) {
            ms.setShareEqualViews(share);
            sys.addSubregion(0, MemoryRegion.ram(ms, "pc.ram", 0x100000));
            sys.addSubregion(0xfec00000L, TestSupport.io(ms, "ioapic", 0x1000));
            for (int b = 0; b < BANKS; b++) {
                smram.addSubregion(b * BANK, MemoryRegion.ram(ms, "bank" + b, BANK));
            }
            for (int i = 0; i < CPUS; i++) {
                MemoryRegion root = MemoryRegion.container(ms, "memory", SIZE_2_64);
                root.addSubregion(0, MemoryRegion.alias(ms, "memory", sys, 0, SIZE_2_64));
                MemoryRegion window = MemoryRegion.alias(ms, "smram", smram, 0, BANK);
                root.addSubregionOverlap(SMRAM_BASE, window, 1);
                roots.add(root);
                windows.add(window);
            }
        }

        /** The roots an address space may be created over: system memory, then the SMM roots. */
        MemoryRegion rootOf(int which) {
            return which == 0 ? sys : roots.get(which - 1);
        }
    }

    @Test
    void sharedCellsShowTheReferenceAndNeverAnotherRootsView() {
        SeededCases.run("ViewCellModelTest#sharedCellsShowTheReferenceAndNeverAnotherRootsView", 20,
                (seed, rnd) -> runCase(rnd));
    }

    private static void runCase(SplittableRandom rnd) {
        Machine shared = new Machine(true);
        Machine ref = new Machine(false);
        // views each root was given (identity), and every cell each address space read from
        Map<MemoryRegion, Set<FlatView>> given = new IdentityHashMap<>();
        Map<AddressSpace, Set<ViewCell>> held = new IdentityHashMap<>();
        Map<AddressSpace, MemoryListener> listenerOf = new IdentityHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int which = 0; which <= CPUS; which++) {
            for (int k = 0; k < 1 + (which == 0 ? 2 : rnd.nextInt(2)); k++) {
                create(shared, ref, which, "as");
            }
        }
        check(shared, ref, given, held);
        for (int step = 0; step < 60; step++) {
            boolean nested = rnd.nextInt(3) == 0;
            if (nested) {
                shared.ms.beginTransaction();
                ref.ms.beginTransaction();
            }
            int ops = nested ? 1 + rnd.nextInt(4) : 1;
            for (int o = 0; o < ops; o++) {
                String op = operation(rnd, shared, ref, listenerOf);
                counts.merge(op, 1, Integer::sum);
            }
            if (nested) {
                shared.ms.commitTransaction();
                ref.ms.commitTransaction();
            }
            check(shared, ref, given, held);
        }
        assertTrue(counts.size() > 3, counts.toString());
    }

    private static void create(Machine a, Machine b, int which, String name) {
        a.spaces.add(a.ms.newAddressSpace(a.rootOf(which), name));
        b.spaces.add(b.ms.newAddressSpace(b.rootOf(which), name));
    }

    /** One random operation on both machines; returns its name. */
    private static String operation(SplittableRandom rnd, Machine a, Machine b,
            Map<AddressSpace, MemoryListener> listenerOf) {
        switch (rnd.nextInt(9)) {
            case 0:
            case 1:
            case 2: {
                int cpu = rnd.nextInt(CPUS);
                long offset = rnd.nextInt(BANKS) * BANK;
                a.windows.get(cpu).setAliasOffset(offset);
                b.windows.get(cpu).setAliasOffset(offset);
                return "move window";
            }
            case 3: {
                if (!a.extras.isEmpty() && rnd.nextBoolean()) {
                    int i = rnd.nextInt(a.extras.size());
                    a.sys.removeSubregion(a.extras.remove(i));
                    b.sys.removeSubregion(b.extras.remove(i));
                    return "system memory: remove";
                }
                long at = 0x10000000L + 0x1000L * rnd.nextInt(64);
                for (Machine m : List.of(a, b)) {
                    MemoryRegion r = MemoryRegion.ram(m.ms, "extra", 0x1000);
                    m.sys.addSubregionOverlap(at, r, 1 + m.extras.size());
                    m.extras.add(r);
                }
                return "system memory: add";
            }
            case 4:
                create(a, b, rnd.nextInt(CPUS + 1), "new");
                return "create";
            case 5: {
                if (a.spaces.size() <= 1) {
                    return "nothing";
                }
                int i = rnd.nextInt(a.spaces.size());
                AddressSpace gone = a.spaces.remove(i);
                gone.destroy();
                b.spaces.remove(i).destroy();
                assertSame(a.ms.emptyView(), gone.flatView());
                listenerOf.remove(gone);
                return "destroy";
            }
            case 6: {
                AddressSpace as = a.spaces.get(rnd.nextInt(a.spaces.size()));
                MemoryListener l = listenerOf.remove(as);
                if (l != null) {
                    as.unregisterListener(l);
                    return "unregister";
                }
                l = new MemoryListener() {
                };
                as.registerListener(l);
                listenerOf.put(as, l);
                return "register";
            }
            case 7:
                if (rnd.nextInt(4) == 0) {
                    a.ms.setShareEqualViews(!a.ms.isShareEqualViews());
                    return "toggle sharing";
                }
                return "nothing";
            default: {
                int cpu = rnd.nextInt(CPUS);
                boolean on = rnd.nextBoolean();
                a.windows.get(cpu).setEnabled(on);
                b.windows.get(cpu).setEnabled(on);
                return "window on/off";
            }
        }
    }

    private static void check(Machine a, Machine b, Map<MemoryRegion, Set<FlatView>> given,
            Map<AddressSpace, Set<ViewCell>> held) {
        assertEquals(b.spaces.size(), a.spaces.size());
        for (int i = 0; i < a.spaces.size(); i++) {
            AddressSpace as = a.spaces.get(i);
            assertEquals(ranges(b.spaces.get(i)), ranges(as), as.name() + " over " + as.root().name());
            given.computeIfAbsent(as.root(), k -> newSet()).add(as.flatView());
            held.computeIfAbsent(as, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(as.cell());
        }
        for (Map.Entry<AddressSpace, Set<ViewCell>> e : held.entrySet()) {
            Set<FlatView> ok = given.get(e.getKey().root());
            for (ViewCell c : e.getValue()) {
                assertTrue(c.view == a.ms.emptyView() || ok.contains(c.view), e.getKey().name() + " over "
                        + e.getKey().root().name() + " once read a cell that now shows a view its root was never given: "
                        + c.view.ranges());
            }
        }
    }

    private static Set<FlatView> newSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
