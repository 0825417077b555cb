package dev.addrspace.mtree;

import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Rebuilds a {@link MemorySystem} from a QEMU {@code info mtree -D} dump (parsed by {@link MtreeDump}),
 * optionally helped by the same machine's {@code info mtree -f} dump: its regions, their nesting,
 * offsets, priorities, enabled and non-volatile flags, its aliases and its address spaces.
 *
 * <p><b>What the dump does not say, and how the rebuild decides it.</b>
 * <ul>
 *   <li><b>Identity.</b> Names are not unique (32 {@code virtio-mmio}, one {@code bus master container}
 *       per PCI device). A region printed in several places (as an address-space root, as a subregion
 *       and as a {@code memory-region:} section) is one region when the name and the whole printed
 *       subtree (offsets, sizes, priorities, types, flags, children) are equal and the name is one that
 *       can be printed twice (a section name or an address-space root). The roots of two different
 *       address-space groups are always distinct regions (QEMU groups by root identity).</li>
 *   <li><b>An {@code i/o} line: container or MMIO?</b> With the {@code -f} dump, a line without
 *       children is MMIO if its name appears as the region of some flat range and a pure container
 *       otherwise (an empty container and an unseen MMIO region render the same); a line with children
 *       is MMIO only if its name appears in a flat range and no childless line carries the same name
 *       (raspi3b has an MMIO {@code bcm2835-mbox} and a container of that name). Without the
 *       {@code -f} dump, an {@code i/o} line with children is a container and one without is MMIO. (A terminating region with children, such as the PCI host's {@code gpex_mmio_window} on
 *       virt, needs the {@code -f} dump; a covered MMIO region with no flat range becomes a container,
 *       which renders the same.) MMIO regions get the ops that {@code opsFactory} returns, or become
 *       reservations if it returns null. IOMMU regions also print {@code i/o} and become MMIO.</li>
 *   <li><b>Other types.</b> {@code ram} is RAM, {@code rom} is ROM, {@code romd} a ROM device in romd
 *       mode (ops from {@code opsFactory}, which must not return null for it). {@code ramd} (a RAM
 *       device) is not modelled and is rejected.</li>
 *   <li><b>Sizes.</b> {@code start-start} is printed for both 0 and 1 byte; the rebuild uses 1.
 *       {@code 0-ffffffffffffffff} is 2^64.</li>
 *   <li><b>Insertion order.</b> Among children of equal priority the earlier in the list wins (the most
 *       recently added goes first); the dump prints children by address, then priority, then list order.
 *       The rebuild adds each container's children in reverse printed order, which reproduces the list
 *       exactly for equal addresses. For equal-priority siblings at different addresses that overlap
 *       (an <em>open pair</em>: an "unimplemented device" region under real devices, a register block
 *       inside a larger one) the dump does not say which is first. Without the {@code -f} dump the lower
 *       address wins; with it, each open pair is put in the order that makes the rebuilt flat views
 *       equal QEMU's (the package-private {@code SiblingOrder} says how). {@link #rebuildWithReport}
 *       tells how many pairs were open, how many the {@code -f} dump turned round, and whether the
 *       views then equal it.</li>
 *   <li><b>Invisible flags.</b> {@code readonly} and {@code unmergeable} of containers and aliases, the
 *       dirty-log mask and IOMMU translation are not printed; the rebuild leaves them clear.</li>
 *   <li><b>Address-space order.</b> The tree groups address spaces by root and sorts names; the
 *       {@code -f} dump lists each view's address spaces in creation order. With the {@code -f} dump the
 *       address spaces are created in the order of its views and lines; otherwise in printed order.</li>
 * </ul>
 *
 * <p>Not thread safe while it runs; the result is an ordinary memory system. Allocates.
 */
public final class MtreeImport {

    private MtreeImport() {
    }

    /** A region to be: one canonical printed entry and its resolved children. */
    private static final class Node {
        final MtreeDump.Entry entry;
        final long addr;
        final List<Node> children = new ArrayList<>();
        MemoryRegion region;
        boolean hasParent;

        Node(MtreeDump.Entry entry, long addr) {
            this.entry = entry;
            this.addr = addr;
        }
    }

    private static final class Builder {
        final Map<MtreeDump.Entry, String> signatures = new IdentityHashMap<>();
        final Map<String, Node> byNameAndSignature = new HashMap<>();
        final Set<String> unifiable = new HashSet<>();
        final Map<String, Node> sections = new HashMap<>();
        final List<Node> all = new ArrayList<>();
        final Set<String> leafNames = new HashSet<>();
        /** Interned subtree bodies: a body names its children's bodies by id, so it stays short at any depth. */
        final Map<String, Integer> bodyIds = new HashMap<>();
    }

    /**
     * A rebuilt machine and what the rebuild could not read from the tree dump alone.
     *
     * @param system the rebuilt memory system
     * @param openPairs the overlapping equal-priority sibling pairs at different addresses, whose list
     *     order the tree dump leaves open; without the {@code -f} dump each is a guess (the lower address
     *     wins)
     * @param reordered how many open pairs were put against that default to reproduce the {@code -f}
     *     dump; 0 without it
     * @param mismatchedAddressSpaces the address spaces whose rebuilt flat view still differs from the
     *     {@code -f} dump's (0: all equal); -1 without the {@code -f} dump
     */
    public record Report(MemorySystem system, int openPairs, int reordered, int mismatchedAddressSpaces) {
    }

    /**
     * Rebuilds the machine of {@code tree}; {@link #rebuildWithReport} without the report.
     *
     * @param tree a parsed {@code info mtree -D} dump (plain {@code info mtree} works too, but hidden
     *     disabled regions are then lost)
     * @param flat the same machine's parsed {@code info mtree -f} dump, or null
     * @param opsFactory the device callbacks for each rebuilt MMIO or ROM-device region; may return
     *     null for MMIO (the region becomes a reservation)
     * @return a new memory system with the dump's regions and address spaces
     * @throws NullPointerException if {@code tree} or {@code opsFactory} is null
     * @throws IllegalArgumentException if {@code tree} has no tree view, names an alias target with no
     *     {@code memory-region:} section, holds a {@code ramd} region, or describes a topology the model
     *     rejects (the message says which line)
     */
    public static MemorySystem rebuild(MtreeDump tree, MtreeDump flat, Function<MtreeDump.Entry, MmioOps> opsFactory) {
        return rebuildWithReport(tree, flat, opsFactory).system();
    }

    /**
     * Rebuilds the machine of {@code tree}, with the sibling order that reproduces {@code flat} where
     * the tree leaves it open, and reports what was open.
     *
     * @param tree a parsed {@code info mtree -D} dump (plain {@code info mtree} works too, but hidden
     *     disabled regions are then lost)
     * @param flat the same machine's parsed {@code info mtree -f} dump, or null (or a dump without flat
     *     views): open pairs then keep the default order
     * @param opsFactory the device callbacks for each rebuilt MMIO or ROM-device region; may return
     *     null for MMIO (the region becomes a reservation)
     * @return the new memory system and the report
     * @throws NullPointerException if {@code tree} or {@code opsFactory} is null
     * @throws IllegalArgumentException if {@code tree} has no tree view, names an alias target with no
     *     {@code memory-region:} section, holds a {@code ramd} region, or describes a topology the model
     *     rejects (the message says which line)
     */
    public static Report rebuildWithReport(MtreeDump tree, MtreeDump flat,
            Function<MtreeDump.Entry, MmioOps> opsFactory) {
        if (tree == null || opsFactory == null) {
            throw new NullPointerException(tree == null ? "tree" : "opsFactory");
        }
        if (!tree.hasTree()) {
            throw new IllegalArgumentException("the dump has no tree view (info mtree -D)");
        }
        return new MtreeImport().run(tree, flat, opsFactory);
    }

    private Report run(MtreeDump tree, MtreeDump flat, Function<MtreeDump.Entry, MmioOps> opsFactory) {
        Builder b = new Builder();
        Set<String> terminalNames = null;
        if (flat != null && flat.hasFlatViews()) {
            terminalNames = new HashSet<>();
            for (MtreeDump.FlatViewDump v : flat.flatViews()) {
                for (MtreeDump.FlatRangeLine r : v.ranges()) {
                    terminalNames.add(r.name());
                }
            }
        }
        if (terminalNames != null) {
            // A name shared by a leaf and a region with children: the flat ranges are the leaf's.
            Set<String> leafNames = new HashSet<>();
            Stream.concat(tree.addressSpaceGroups().stream().flatMap(MtreeDump.AddressSpaceGroup::stream),
                    tree.memoryRegions().stream().flatMap(MtreeDump.RegionSection::stream))
                    .filter(e -> e.alias() == null && e.children().isEmpty())
                    .forEach(e -> leafNames.add(e.name()));
            b.leafNames.addAll(leafNames);
        }
        for (MtreeDump.RegionSection s : tree.memoryRegions()) {
            b.unifiable.add(s.name());
        }
        for (MtreeDump.AddressSpaceGroup g : tree.addressSpaceGroups()) {
            g.root().ifPresent(e -> b.unifiable.add(e.name()));
        }

        // Phase A: resolve the printed entries to nodes.
        List<Node> groupRoots = new ArrayList<>();
        Set<Node> usedAsGroupRoot = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MtreeDump.AddressSpaceGroup g : tree.addressSpaceGroups()) {
            MtreeDump.Entry e = g.root().orElseThrow(() -> new IllegalArgumentException(
                    "address-space group " + g.addressSpaces() + " has no visible root (use info mtree -D)"));
            String key = e.name() + "\u0000" + signature(b, e, e.start());
            Node existing = b.byNameAndSignature.get(key);
            Node root;
            if (existing != null && !usedAsGroupRoot.contains(existing)) {
                root = existing;
            } else {
                root = build(b, e, e.start(), true);
            }
            usedAsGroupRoot.add(root);
            groupRoots.add(root);
        }
        for (MtreeDump.RegionSection s : tree.memoryRegions()) {
            MtreeDump.Entry e = s.root().orElseThrow(() -> new IllegalArgumentException(
                    "memory-region section " + s.name() + " has no visible root (use info mtree -D)"));
            String key = e.name() + "\u0000" + signature(b, e, e.start());
            Node node = b.byNameAndSignature.get(key);
            if (node == null) {
                node = build(b, e, e.start(), true);
            }
            b.sections.putIfAbsent(s.name(), node);
        }

        // Phase B: create the regions, alias targets first.
        MemorySystem ms = new MemorySystem();
        for (Node n : b.all) {
            create(b, ms, n, terminalNames, opsFactory);
        }

        // Phase C: flags and wiring, in one transaction.
        final MemorySystem system = ms;
        system.transaction(() -> {
            for (Node n : b.all) {
                if (n.entry.disabled()) {
                    n.region.setEnabled(false);
                }
                if (n.entry.nonVolatile()) {
                    n.region.setNonvolatile(true);
                }
            }
            for (Node n : b.all) {
                for (int i = n.children.size() - 1; i >= 0; i--) {
                    Node c = n.children.get(i);
                    try {
                        n.region.addSubregionOverlap(c.addr, c.region, c.entry.priority());
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        throw new IllegalArgumentException("cannot rebuild line '" + describe(c.entry) + "' under '"
                                + n.entry.name() + "': " + e.getMessage(), e);
                    }
                }
            }
        });

        // Phase D: address spaces, in creation order when the flat dump tells it.
        List<String[]> pending = new ArrayList<>();
        List<MtreeDump.AddressSpaceGroup> groups = tree.addressSpaceGroups();
        for (int gi = 0; gi < groups.size(); gi++) {
            for (String name : groups.get(gi).addressSpaces()) {
                pending.add(new String[] {name, Integer.toString(gi)});
            }
        }
        if (flat != null) {
            for (MtreeDump.FlatViewDump v : flat.flatViews()) {
                for (MtreeDump.ViewAddressSpace vas : v.addressSpaces()) {
                    for (int i = 0; i < pending.size(); i++) {
                        String[] p = pending.get(i);
                        Node root = groupRoots.get(Integer.parseInt(p[1]));
                        if (p[0].equals(vas.name()) && root.entry.name().equals(vas.root())) {
                            ms.newAddressSpace(root.region, p[0]);
                            pending.remove(i);
                            break;
                        }
                    }
                }
            }
        }
        for (String[] p : pending) {
            ms.newAddressSpace(groupRoots.get(Integer.parseInt(p[1])).region, p[0]);
        }

        // Phase E: the order of open pairs, from the -f dump when there is one.
        List<MemoryRegion> parents = new ArrayList<>();
        for (Node n : b.all) {
            if (!n.children.isEmpty()) {
                parents.add(n.region);
            }
        }
        SiblingOrder order = SiblingOrder.find(parents);
        if (flat == null || !flat.hasFlatViews()) {
            return new Report(ms, order.openPairs(), 0, -1);
        }
        SiblingOrder.Outcome outcome = order.fit(ms, flat);
        return new Report(ms, outcome.openPairs(), outcome.flipped(), outcome.mismatchedSpaces());
    }

    /** A printed entry waiting to be built under {@code parent} (null for the context root). */
    private static final class PendingEntry {
        final MtreeDump.Entry entry;
        final long addr;
        final boolean contextRoot;
        final Node parent;

        PendingEntry(MtreeDump.Entry entry, long addr, boolean contextRoot, Node parent) {
            this.entry = entry;
            this.addr = addr;
            this.contextRoot = contextRoot;
            this.parent = parent;
        }
    }

    /**
     * Builds the node of {@code e} (or reuses an equal one) with its subtree, in the pre-order a
     * recursion would take, with an explicit stack (any depth).
     */
    private Node build(Builder b, MtreeDump.Entry e, long addr, boolean contextRoot) {
        Node result = null;
        ArrayList<PendingEntry> stack = new ArrayList<>();
        stack.add(new PendingEntry(e, addr, contextRoot, null));
        while (!stack.isEmpty()) {
            PendingEntry p = stack.remove(stack.size() - 1);
            Node n = null;
            boolean fresh = false;
            String key = p.entry.name() + "\u0000" + signature(b, p.entry, p.addr);
            if (!p.contextRoot && b.unifiable.contains(p.entry.name())) {
                Node existing = b.byNameAndSignature.get(key);
                if (existing != null && !existing.hasParent) {
                    existing.hasParent = true;
                    n = existing;
                }
            }
            if (n == null) {
                n = new Node(p.entry, p.addr);
                fresh = true;
                n.hasParent = !p.contextRoot;
                b.all.add(n);
                if (b.unifiable.contains(p.entry.name())) {
                    b.byNameAndSignature.putIfAbsent(key, n);
                }
            }
            if (p.parent == null) {
                result = n;
            } else {
                p.parent.children.add(n);
            }
            if (fresh) {
                List<MtreeDump.Entry> children = p.entry.children();
                for (int i = children.size() - 1; i >= 0; i--) {
                    MtreeDump.Entry c = children.get(i);
                    stack.add(new PendingEntry(c, c.start() - p.entry.start(), false, n));
                }
            }
        }
        return result;
    }

    /** The printed subtree of {@code e}, relative to its own start; equal for every print of one region. */
    private String signature(Builder b, MtreeDump.Entry e, long addr) {
        return Long.toHexString(addr) + "|" + body(b, e);
    }

    /**
     * The interned body of {@code top}'s subtree: its fields and, per child, the child's name, offset and
     * body id. Two subtrees have equal ids exactly when their printed subtrees are equal. Children first,
     * with an explicit stack (any depth).
     */
    private String body(Builder b, MtreeDump.Entry top) {
        String cached = b.signatures.get(top);
        if (cached != null) {
            return cached;
        }
        ArrayList<MtreeDump.Entry> stack = new ArrayList<>();
        stack.add(top);
        while (!stack.isEmpty()) {
            MtreeDump.Entry e = stack.get(stack.size() - 1);
            if (b.signatures.containsKey(e)) {
                stack.remove(stack.size() - 1);
                continue;
            }
            boolean ready = true;
            for (MtreeDump.Entry c : e.children()) {
                if (!b.signatures.containsKey(c)) {
                    stack.add(c);
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            stack.remove(stack.size() - 1);
            StringBuilder sb = new StringBuilder();
            sb.append(e.type().label()).append('|').append(Long.toHexString(e.size())).append('|')
                    .append(e.priority()).append('|').append(e.nonVolatile()).append('|').append(e.disabled());
            if (e.alias() != null) {
                sb.append("|@").append(e.alias().target()).append(' ').append(Long.toHexString(e.alias().offsetStart()))
                        .append('-').append(Long.toHexString(e.alias().offsetEnd()));
            }
            sb.append('[');
            for (MtreeDump.Entry c : e.children()) {
                sb.append(c.name()).append('\u0000').append(Long.toHexString(c.start() - e.start())).append('|')
                        .append(b.signatures.get(c)).append(';');
            }
            sb.append(']');
            String full = sb.toString();
            Integer id = b.bodyIds.get(full);
            if (id == null) {
                id = b.bodyIds.size();
                b.bodyIds.put(full, id);
            }
            b.signatures.put(e, "#" + id);
        }
        return b.signatures.get(top);
    }

    /**
     * Creates {@code n}'s region. An alias needs its target first: the chain of alias targets is
     * followed in a loop (any length) and created from its far end back; a cycle is rejected.
     */
    private void create(Builder b, MemorySystem ms, Node n, Set<String> terminalNames,
            Function<MtreeDump.Entry, MmioOps> opsFactory) {
        List<Node> chain = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Node cur = n;
        while (cur.region == null && cur.entry.alias() != null) {
            if (!seen.add(cur)) {
                throw new IllegalArgumentException("alias chain is a cycle at '" + describe(cur.entry) + "'");
            }
            chain.add(cur);
            MtreeDump.Entry e = cur.entry;
            Node target = b.sections.get(e.alias().target());
            if (target == null) {
                throw new IllegalArgumentException("alias '" + e.name() + "' names target '" + e.alias().target()
                        + "', which has no memory-region section");
            }
            cur = target;
        }
        if (cur.region == null) {
            createTerminal(b, ms, cur, terminalNames, opsFactory);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Node a = chain.get(i);
            MtreeDump.Entry e = a.entry;
            Node target = b.sections.get(e.alias().target());
            a.region = MemoryRegion.alias(ms, e.name(), target.region, e.alias().offsetStart(), e.size());
        }
    }

    private void createTerminal(Builder b, MemorySystem ms, Node n, Set<String> terminalNames,
            Function<MtreeDump.Entry, MmioOps> opsFactory) {
        MtreeDump.Entry e = n.entry;
        long size = e.size();
        switch (e.type()) {
            case RAM:
                n.region = MemoryRegion.ram(ms, e.name(), size);
                break;
            case ROM:
                n.region = MemoryRegion.rom(ms, e.name(), size);
                break;
            case ROMD: {
                MmioOps ops = opsFactory.apply(e);
                if (ops == null) {
                    throw new IllegalArgumentException("opsFactory returned null for ROM device '" + e.name() + "'");
                }
                n.region = MemoryRegion.romDevice(ms, e.name(), size, ops);
                break;
            }
            case RAMD:
                throw new IllegalArgumentException("RAM device regions (ramd) are not modelled: '" + describe(e) + "'");
            default: {
                boolean terminates = e.children().isEmpty()
                        ? terminalNames == null || terminalNames.contains(e.name())
                        : terminalNames != null && terminalNames.contains(e.name()) && !b.leafNames.contains(e.name());
                if (!terminates) {
                    n.region = MemoryRegion.container(ms, e.name(), size);
                } else {
                    MmioOps ops = opsFactory.apply(e);
                    n.region = ops == null ? MemoryRegion.reservation(ms, e.name(), size)
                            : MemoryRegion.io(ms, e.name(), size, ops);
                }
                break;
            }
        }
    }

    private static String describe(MtreeDump.Entry e) {
        return Mtree.hex16(e.start()) + "-" + Mtree.hex16(e.end()) + " (prio " + e.priority() + ", "
                + e.type().label() + "): " + e.name();
    }
}
