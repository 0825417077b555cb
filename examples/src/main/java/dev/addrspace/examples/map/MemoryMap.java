package dev.addrspace.examples.map;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a memory-map picture shows: a machine's address spaces as columns, one per rendered
 * {@link FlatView} (address spaces that share a view object share a column, named after all of them, in
 * creation order), each holding its flat ranges as {@link Block}s with their kind and the aliases they
 * were reached through. Taken as a snapshot: later changes to the machine do not show.
 *
 * <p>Immutable once built. Building it reads the region tree (to trace aliases), so build it on the
 * writer's thread. Allocates.
 *
 * @param title the picture's title
 * @param columns the columns, in the creation order of their first address space
 */
public record MemoryMap(String title, List<Column> columns) {

    /**
     * Copies the column list.
     *
     * @param title the picture's title
     * @param columns the columns
     * @throws NullPointerException if an argument is null
     */
    public MemoryMap {
        if (title == null || columns == null) {
            throw new NullPointerException(title == null ? "title" : "columns");
        }
        columns = List.copyOf(columns);
    }

    /**
     * One column: the address spaces that share one flat view.
     *
     * @param addressSpaces the names of the address spaces, in creation order
     * @param viewRoot the name of the view's root region, or {@code (none)} for the empty view
     * @param last the last address of the largest root among the address spaces, unsigned
     *     ({@code 0xffffffffffffffff} for a 2^64 root)
     * @param blocks the view's flat ranges in address order
     */
    public record Column(List<String> addressSpaces, String viewRoot, long last, List<Block> blocks) {

        /**
         * Copies the lists.
         *
         * @param addressSpaces the names of the address spaces, in creation order
         * @param viewRoot the name of the view's root region, or {@code (none)}
         * @param last the last address of the largest root, unsigned
         * @param blocks the view's flat ranges in address order
         * @throws NullPointerException if an argument is null
         */
        public Column {
            addressSpaces = List.copyOf(addressSpaces);
            if (viewRoot == null) {
                throw new NullPointerException("viewRoot");
            }
            blocks = List.copyOf(blocks);
        }

        /** @return the address-space names joined with {@code ", "} */
        public String label() {
            return String.join(", ", addressSpaces);
        }
    }

    /**
     * One flat range.
     *
     * @param start the first address, unsigned
     * @param last the last address, inclusive, unsigned
     * @param name the terminal region's name (as {@code info mtree -f} prints it)
     * @param kind what to colour it as
     * @param regionId a number that tells regions apart within the map (names need not be unique): equal
     *     for ranges of the same terminal region, numbered in order of first appearance from 0
     * @param offsetInRegion where {@code start} lands in the terminal region, unsigned
     * @param aliases the aliases crossed to reach {@code start}, outermost first; empty if none
     * @param changes where, inside the range, the bytes are reached through other aliases: a flat range
     *     is merged from pieces of one region with contiguous offsets, whatever the path to them (on a PC,
     *     SMM sees {@code pc.ram} through {@code ram-below-4g} and then through {@code smram-low}); in
     *     address order, empty if the path is the same throughout
     */
    public record Block(long start, long last, String name, RangeKind kind, int regionId, long offsetInRegion,
            List<AliasHop> aliases, List<AliasChange> changes) {

        /**
         * Copies the lists.
         *
         * @param start the first address, unsigned
         * @param last the last address, inclusive, unsigned
         * @param name the terminal region's name
         * @param kind what to colour it as
         * @param regionId tells regions apart within the map
         * @param offsetInRegion where {@code start} lands in the terminal region, unsigned
         * @param aliases the aliases crossed to reach {@code start}, outermost first
         * @param changes where inside the range other aliases take over, in address order
         * @throws NullPointerException if an argument is null
         */
        public Block {
            if (name == null || kind == null) {
                throw new NullPointerException(name == null ? "name" : "kind");
            }
            aliases = List.copyOf(aliases);
            changes = List.copyOf(changes);
        }

        /**
         * A range with the same path throughout.
         *
         * @param start the first address, unsigned
         * @param last the last address, inclusive, unsigned
         * @param name the terminal region's name
         * @param kind what to colour it as
         * @param regionId tells regions apart within the map
         * @param offsetInRegion where {@code start} lands in the terminal region, unsigned
         * @param aliases the aliases crossed, outermost first
         */
        public Block(long start, long last, String name, RangeKind kind, int regionId, long offsetInRegion,
                List<AliasHop> aliases) {
            this(start, last, name, kind, regionId, offsetInRegion, aliases, List.of());
        }

        /** @return the innermost alias crossed (the one that maps the terminal region), or null */
        public AliasHop innermostAlias() {
            return aliases.isEmpty() ? null : aliases.get(aliases.size() - 1);
        }
    }

    /**
     * Inside a range, the address from which the bytes are reached through another chain of aliases.
     *
     * @param address the first address reached through {@code aliases}, unsigned
     * @param aliases the aliases crossed from there on, outermost first; empty if none
     */
    public record AliasChange(long address, List<AliasHop> aliases) {

        /**
         * Copies the list.
         *
         * @param address the first address reached through {@code aliases}, unsigned
         * @param aliases the aliases crossed from there on, outermost first
         * @throws NullPointerException if {@code aliases} is null
         */
        public AliasChange {
            aliases = List.copyOf(aliases);
        }

        /** @return the innermost alias crossed, or null */
        public AliasHop innermostAlias() {
            return aliases.isEmpty() ? null : aliases.get(aliases.size() - 1);
        }
    }

    /**
     * Takes a snapshot of every address space of {@code system}.
     *
     * @param title the picture's title
     * @param system the machine
     * @return the map
     */
    public static MemoryMap of(String title, MemorySystem system) {
        return of(title, system.addressSpaces());
    }

    /**
     * Takes a snapshot of {@code spaces}; those whose current view is the same object share a column.
     *
     * @param title the picture's title
     * @param spaces the address spaces, in the order their columns should appear
     * @return the map
     * @throws NullPointerException if an argument or an element is null
     */
    public static MemoryMap of(String title, List<AddressSpace> spaces) {
        Map<FlatView, Integer> index = new IdentityHashMap<>();
        Map<MemoryRegion, Integer> regionIds = new IdentityHashMap<>();
        List<FlatView> views = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        for (AddressSpace as : spaces) {
            FlatView view = as.flatView();
            Integer i = index.get(view);
            long last = rootLast(as.root());
            if (i == null) {
                index.put(view, views.size());
                views.add(view);
                names.add(new ArrayList<>(List.of(as.name())));
                lasts.add(last);
            } else {
                names.get(i).add(as.name());
                if (Long.compareUnsigned(last, lasts.get(i)) > 0) {
                    lasts.set(i, last);
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            FlatView view = views.get(i);
            long last = lasts.get(i);
            List<Block> blocks = new ArrayList<>();
            NavigableSet<Long> cuts = view.isEmpty() ? new TreeSet<>() : AliasTrace.boundaries(view.root());
            for (FlatRange fr : view.ranges()) {
                blocks.add(block(view, fr, regionIds, cuts));
                if (Long.compareUnsigned(fr.last(), last) > 0) {
                    last = fr.last();
                }
            }
            columns.add(new Column(names.get(i), view.root() == null ? "(none)" : view.root().name(), last,
                    blocks));
        }
        return new MemoryMap(title, columns);
    }

    private static Block block(FlatView view, FlatRange fr, Map<MemoryRegion, Integer> regionIds,
            NavigableSet<Long> cuts) {
        int id = regionIds.computeIfAbsent(fr.region(), r -> regionIds.size());
        AliasTrace.Hit hit = AliasTrace.at(view.root(), fr.start());
        List<AliasHop> hops = hit != null && hit.region() == fr.region() && hit.offset() == fr.offsetInRegion()
                ? hit.hops()
                : List.of();
        List<AliasChange> changes = new ArrayList<>();
        if (fr.start() != fr.last()) {
            List<AliasHop> current = hops;
            for (long p : cuts.subSet(fr.start(), false, fr.last(), true)) {
                AliasTrace.Hit h = AliasTrace.at(view.root(), p);
                if (h == null || h.region() != fr.region() || samePath(h.hops(), current)) {
                    continue;
                }
                changes.add(new AliasChange(p, h.hops()));
                current = h.hops();
            }
        }
        return new Block(fr.start(), fr.last(), fr.region().name(), RangeKind.of(fr), id, fr.offsetInRegion(), hops,
                changes);
    }

    /** Same aliases to the same targets (the offsets differ from address to address). */
    private static boolean samePath(List<AliasHop> a, List<AliasHop> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).alias().equals(b.get(i).alias()) || !a.get(i).target().equals(b.get(i).target())) {
                return false;
            }
        }
        return true;
    }

    private static long rootLast(MemoryRegion root) {
        long size = root.size();
        if (size == MemoryRegion.SIZE_2_64) {
            return -1L;
        }
        if (size == 0) {
            return 0;
        }
        return size - 1;
    }
}
