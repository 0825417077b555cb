package dev.addrspace.mtree;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The parsed text of QEMU's HMP {@code info mtree} family, as printed by QEMU 7.2: the tree view
 * ({@code info mtree}, with or without {@code -D}) and the flat view ({@code info mtree -f}, with or
 * without the {@code -d} dispatch dump). One text may hold both; the parts are told apart by their
 * headers ({@code address-space:}, {@code memory-region:}, {@code FlatView #}).
 *
 * <p>The model keeps what is printed, in the order printed, and nothing else: it does not check that
 * the dump is consistent (that children lie inside their parent, that ranges do not overlap). QEMU
 * prints the tree's address-space groups and the FlatViews in hash-table order, which changes from run
 * to run; compare their content, not their position.
 *
 * <p><b>What the text cannot say.</b> These ambiguities are QEMU's and are resolved as documented:
 * <ul>
 *   <li>A zero-size region prints as {@code start-start}, exactly like a one-byte region ({@code
 *       MR_SIZE(0) == 0}); {@link Entry#size()} reports 1 for both. The same holds for an alias's offset
 *       range.</li>
 *   <li>A region of 2^64 bytes ({@code 0000000000000000-ffffffffffffffff}) has no {@code long} size:
 *       {@link Entry#size()} returns {@code -1} ({@code UINT64_MAX}), as QEMU's {@code
 *       memory_region_size()} does; {@link Entry#sizeExact()} returns 2^64.</li>
 *   <li>Without {@code -D}, a disabled region's own line is left out but its enabled descendants are
 *       printed at their real depth, so an entry's {@link Entry#level()} can exceed its parent's by more
 *       than one, and a group can start at level 2 or be empty.</li>
 *   <li>A name that itself ends with {@code " [disabled]"} or, in a flat range, with {@code
 *       " @<16 hex digits>"} is read as the flag or the offset. An alias line is split at the first
 *       {@code " @"} whose right-hand side names a {@code memory-region:} section of the same text, or
 *       at the first {@code " @"} if none does.</li>
 *   <li>QEMU prints {@code [DETECTED OVERFLOW!] } before a line's indentation, not after it; both
 *       placements are read (the level counts only the spaces). QEMU also prints it for a hidden
 *       disabled region, in front of the next printed line; the flag then lands on that line.</li>
 *   <li>The {@code -o} owner suffixes and the accelerator suffixes of flat ranges under KVM ({@code
 *       " kvm"}) are not recognised: they become part of the name.</li>
 * </ul>
 *
 * <p>Immutable and safe for concurrent readers.
 */
public final class MtreeDump {

    private final List<AddressSpaceGroup> addressSpaceGroups;
    private final List<RegionSection> memoryRegions;
    private final List<FlatViewDump> flatViews;

    MtreeDump(List<AddressSpaceGroup> addressSpaceGroups, List<RegionSection> memoryRegions,
            List<FlatViewDump> flatViews) {
        this.addressSpaceGroups = List.copyOf(addressSpaceGroups);
        this.memoryRegions = List.copyOf(memoryRegions);
        this.flatViews = List.copyOf(flatViews);
    }

    /**
     * Parses the output of {@code info mtree}, {@code info mtree -D}, {@code info mtree -f} or {@code
     * info mtree -f -d}, or several of them concatenated. Line ends may be LF or CRLF; trailing white
     * space and blank lines between sections are ignored. Allocates the whole model.
     *
     * @param text the monitor output, without the monitor's prompt and echo
     * @return the parsed dump
     * @throws MtreeFormatException (an {@link IllegalArgumentException}) if a line is not in QEMU's
     *     format, or if the text holds no section at all; the message names the line number and text
     * @throws NullPointerException if {@code text} is null
     */
    public static MtreeDump parse(String text) {
        Objects.requireNonNull(text, "text");
        return new MtreeParser(splitLines(text)).parse();
    }

    /**
     * Reads {@code in} to its end and parses it as {@link #parse(String)} does. Does not close {@code
     * in}.
     *
     * @param in the monitor output
     * @return the parsed dump
     * @throws IOException if reading fails
     * @throws MtreeFormatException (an {@link IllegalArgumentException}) if a line is not in QEMU's
     *     format, or if the text holds no section at all
     * @throws NullPointerException if {@code in} is null
     */
    public static MtreeDump parse(Reader in) throws IOException {
        Objects.requireNonNull(in, "in");
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            sb.append(buf, 0, n);
        }
        return parse(sb.toString());
    }

    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl;
            lines.add(text.substring(from, to));
            from = to + 1;
        }
        return lines;
    }

    /**
     * Returns the tree view's address-space groups, in printed order. Each group lists the address
     * spaces that share one root region.
     *
     * @return the groups; empty if the text had no tree view
     */
    public List<AddressSpaceGroup> addressSpaceGroups() {
        return addressSpaceGroups;
    }

    /**
     * Returns the tree view's {@code memory-region:} sections (the alias targets), in printed order.
     *
     * @return the sections; empty if the text had no tree view or no alias
     */
    public List<RegionSection> memoryRegions() {
        return memoryRegions;
    }

    /**
     * Returns the FlatViews of {@code info mtree -f}, in printed order.
     *
     * @return the views; empty if the text had no flat view
     */
    public List<FlatViewDump> flatViews() {
        return flatViews;
    }

    /**
     * Tells whether the text held a tree view ({@code address-space:} or {@code memory-region:}
     * sections).
     *
     * @return true if there is at least one group or section
     */
    public boolean hasTree() {
        return !addressSpaceGroups.isEmpty() || !memoryRegions.isEmpty();
    }

    /**
     * Tells whether the text held a flat view ({@code FlatView #} sections).
     *
     * @return true if there is at least one FlatView
     */
    public boolean hasFlatViews() {
        return !flatViews.isEmpty();
    }

    /**
     * Finds the tree groups that list an address space of this name. Names are not unique in QEMU (for
     * example ARM's secure and non-secure tag spaces are both {@code cpu-tag-memory-<n>} in 7.2), so
     * this can return several groups.
     *
     * @param addressSpace the name after {@code address-space: }
     * @return the groups listing it, in printed order; empty if none does
     */
    public List<AddressSpaceGroup> groupsOf(String addressSpace) {
        Objects.requireNonNull(addressSpace, "addressSpace");
        return addressSpaceGroups.stream().filter(g -> g.addressSpaces().contains(addressSpace)).toList();
    }

    /**
     * Finds the {@code memory-region:} section of this name.
     *
     * @param name the name after {@code memory-region: }
     * @return the first section of that name, or empty
     */
    public Optional<RegionSection> memoryRegion(String name) {
        Objects.requireNonNull(name, "name");
        return memoryRegions.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Finds the FlatViews used by an address space of this name (several if the name is not unique).
     *
     * @param addressSpace the name inside {@code AS "..."}
     * @return the views listing it, in printed order; empty if none does
     */
    public List<FlatViewDump> flatViewsOf(String addressSpace) {
        Objects.requireNonNull(addressSpace, "addressSpace");
        return flatViews.stream()
                .filter(v -> v.addressSpaces().stream().anyMatch(a -> a.name().equals(addressSpace)))
                .toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MtreeDump d
                && addressSpaceGroups.equals(d.addressSpaceGroups)
                && memoryRegions.equals(d.memoryRegions)
                && flatViews.equals(d.flatViews);
    }

    @Override
    public int hashCode() {
        return Objects.hash(addressSpaceGroups, memoryRegions, flatViews);
    }

    @Override
    public String toString() {
        return "MtreeDump[groups=" + addressSpaceGroups.size() + ", memoryRegions=" + memoryRegions.size()
                + ", flatViews=" + flatViews.size() + "]";
    }

    /** Size of an inclusive range {@code [start, end]} modulo 2^64, with 2^64 as -1 ({@code UINT64_MAX}). */
    static long inclusiveSize(long start, long end) {
        long size = end - start + 1;
        return size == 0 ? -1L : size;
    }

    static BigInteger inclusiveSizeExact(long start, long end) {
        long size = end - start + 1;
        return size == 0 ? BigInteger.ONE.shiftLeft(64) : new BigInteger(Long.toUnsignedString(size));
    }

    /**
     * The type label QEMU prints in parentheses after the priority ({@code memory_region_type()}, or
     * {@code rom} for a read-only flat range).
     */
    public enum RegionType {
        /** {@code ram}: RAM. */
        RAM("ram"),
        /** {@code rom}: read-only RAM, or in a flat view any range that is read-only. */
        ROM("rom"),
        /** {@code romd}: a ROM device in ROMD mode. */
        ROMD("romd"),
        /** {@code ramd}: a RAM device (always accessed as I/O). */
        RAMD("ramd"),
        /** {@code i/o}: MMIO, a container, a reservation, an IOMMU or a ROM device out of ROMD mode. */
        IO("i/o");

        private final String label;

        RegionType(String label) {
            this.label = label;
        }

        /**
         * Returns the label as QEMU prints it.
         *
         * @return {@code "ram"}, {@code "rom"}, {@code "romd"}, {@code "ramd"} or {@code "i/o"}
         */
        public String label() {
            return label;
        }

        /**
         * Finds the type of a printed label.
         *
         * @param label a label as QEMU prints it, case-sensitive
         * @return the type
         * @throws IllegalArgumentException if {@code label} is not one of the five labels
         */
        public static RegionType fromLabel(String label) {
            for (RegionType t : values()) {
                if (t.label.equals(label)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("not a memory region type label: \"" + label + "\"");
        }
    }

    /**
     * The alias part of a tree line {@code alias <name> @<target> <offsetStart>-<offsetEnd>}.
     *
     * The constructor rejects a null {@code target} with a {@link NullPointerException}.
     *
     * @param target the name of the aliased region, which has a {@code memory-region:} section
     * @param offsetStart the alias offset into the target ({@code alias_offset})
     * @param offsetEnd {@code alias_offset + size - 1} as printed (unsigned; equal to {@code offsetStart}
     *     for both a one-byte and a zero-size alias)
     */
    public record Alias(String target, long offsetStart, long offsetEnd) {

        /**
         * Creates the record.
         *
         * @param target the value of {@link #target()}
         * @param offsetStart the value of {@link #offsetStart()}
         * @param offsetEnd the value of {@link #offsetEnd()}
         * @throws NullPointerException if {@code target} is null
         */
        public Alias {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * One line of the tree view: a memory region at its absolute address, with its subregions.
     *
     * The constructor copies {@code children} and rejects a {@code level} below 1 ({@link
     * IllegalArgumentException}) and a null {@code type}, {@code name}, {@code children} or child ({@link
     * NullPointerException}).
     *
     * @param level the nesting level, the number of two-space indents (1 for a root). Without {@code
     *     -D}, a child of a hidden disabled region keeps its real level, so this can be more than its
     *     parent's level plus one
     * @param overflow true if QEMU prefixed the line with {@code [DETECTED OVERFLOW!] } (the start wrapped
     *     below the parent's start, or the end below the start)
     * @param start the first address, as printed (unsigned 64-bit)
     * @param end the last address, as printed (unsigned 64-bit; {@code start + MR_SIZE(size)})
     * @param priority the region's priority within its container
     * @param nonVolatile true if the type was printed with the {@code nv-} prefix
     * @param type the printed type; for an alias, the type of the region it finally aliases
     * @param name the region's name; for an alias, the alias's own name. May contain spaces,
     *     parentheses, slashes, brackets and {@code @}
     * @param alias the alias details, or null if this region is not an alias
     * @param disabled true if the line ended with {@code [disabled]} (only printed with {@code -D})
     * @param children the subregion lines, in printed order (by address, then descending priority)
     */
    public record Entry(int level, boolean overflow, long start, long end, int priority, boolean nonVolatile,
            RegionType type, String name, Alias alias, boolean disabled, List<Entry> children) {

        /**
         * Creates the record, copying its lists.
         *
         * @param level the value of {@link #level()}
         * @param overflow the value of {@link #overflow()}
         * @param start the value of {@link #start()}
         * @param end the value of {@link #end()}
         * @param priority the value of {@link #priority()}
         * @param nonVolatile the value of {@link #nonVolatile()}
         * @param type the value of {@link #type()}
         * @param name the value of {@link #name()}
         * @param alias the value of {@link #alias()}
         * @param disabled the value of {@link #disabled()}
         * @param children the value of {@link #children()}
         * @throws IllegalArgumentException if {@code level < 1}
         * @throws NullPointerException if {@code type}, {@code name}, {@code children} or a child is null
         */
        public Entry {
            if (level < 1) {
                throw new IllegalArgumentException("level must be at least 1: " + level);
            }
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            children = List.copyOf(children);
        }

        /**
         * Tells whether the line was an alias line.
         *
         * @return true if {@link #alias()} is not null
         */
        public boolean isAlias() {
            return alias != null;
        }

        /**
         * Returns the size derived from the printed range: {@code end - start + 1} modulo 2^64, with
         * 2^64 returned as {@code -1} ({@code UINT64_MAX}, as QEMU's {@code memory_region_size()}).
         * A printed {@code start-start} gives 1, although QEMU prints a zero-size region the same way.
         *
         * @return the size as an unsigned 64-bit value
         */
        public long size() {
            return inclusiveSize(start, end);
        }

        /**
         * Returns the size derived from the printed range exactly, with the same caveat as
         * {@link #size()} for {@code start-start}. Allocates.
         *
         * @return {@code end - start + 1} modulo 2^64, in 1..2^64
         */
        public BigInteger sizeExact() {
            return inclusiveSizeExact(start, end);
        }

        /**
         * Streams this entry and all its descendants, depth first, in printed order.
         *
         * @return the entries
         */
        public Stream<Entry> stream() {
            // An explicit stack rather than nested flatMaps: a tree 10,000 deep must not overflow.
            List<Entry> out = new ArrayList<>();
            ArrayList<Entry> stack = new ArrayList<>();
            stack.add(this);
            while (!stack.isEmpty()) {
                Entry e = stack.remove(stack.size() - 1);
                out.add(e);
                for (int i = e.children.size() - 1; i >= 0; i--) {
                    stack.add(e.children.get(i));
                }
            }
            return out.stream();
        }
    }

    /**
     * One group of the tree view: the {@code address-space:} lines of the address spaces that share a
     * root region (QEMU sorts them by name), followed by that root's tree.
     *
     * The constructor copies the lists and rejects an empty {@code addressSpaces} ({@link
     * IllegalArgumentException}) and null lists or elements ({@link NullPointerException}).
     *
     * @param addressSpaces the address-space names, in printed order; never empty
     * @param entries the top-level entries: normally the root alone at level 1; without {@code -D}, the
     *     children of a disabled root (at level 2), or nothing
     */
    public record AddressSpaceGroup(List<String> addressSpaces, List<Entry> entries) {

        /**
         * Creates the record, copying its lists.
         *
         * @param addressSpaces the value of {@link #addressSpaces()}
         * @param entries the value of {@link #entries()}
         * @throws IllegalArgumentException if {@code addressSpaces} is empty
         * @throws NullPointerException if a list or an element is null
         */
        public AddressSpaceGroup {
            addressSpaces = List.copyOf(addressSpaces);
            entries = List.copyOf(entries);
            if (addressSpaces.isEmpty()) {
                throw new IllegalArgumentException("an address-space group needs at least one name");
            }
        }

        /**
         * Returns the root region's line.
         *
         * @return the only top-level entry if it is at level 1; empty if the root was hidden
         */
        public Optional<Entry> root() {
            return entries.size() == 1 && entries.get(0).level() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
        }

        /**
         * Streams every entry of the group, depth first, in printed order.
         *
         * @return the entries
         */
        public Stream<Entry> stream() {
            return entries.stream().flatMap(Entry::stream);
        }
    }

    /**
     * One {@code memory-region:} section of the tree view: an alias target printed from address 0 of its
     * own container, so at its own {@code addr}.
     *
     * The constructor copies {@code entries} and rejects null components or elements ({@link
     * NullPointerException}).
     *
     * @param name the name after {@code memory-region: }
     * @param entries the top-level entries, as for {@link AddressSpaceGroup#entries()}
     */
    public record RegionSection(String name, List<Entry> entries) {

        /**
         * Creates the record, copying its lists.
         *
         * @param name the value of {@link #name()}
         * @param entries the value of {@link #entries()}
         * @throws NullPointerException if a component or an element is null
         */
        public RegionSection {
            Objects.requireNonNull(name, "name");
            entries = List.copyOf(entries);
        }

        /**
         * Returns the target region's line.
         *
         * @return the only top-level entry if it is at level 1; empty if it was hidden as disabled
         */
        public Optional<Entry> root() {
            return entries.size() == 1 && entries.get(0).level() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
        }

        /**
         * Streams every entry of the section, depth first, in printed order.
         *
         * @return the entries
         */
        public Stream<Entry> stream() {
            return entries.stream().flatMap(Entry::stream);
        }
    }

    /**
     * One {@code AS "<name>", root: <root>[, alias <target>]} line of a FlatView.
     *
     * The constructor rejects a null {@code name} or {@code root} ({@link NullPointerException}).
     *
     * @param name the address space's name
     * @param root the name of the address space's root region
     * @param rootAlias the region the root aliases, or null if the root is not an alias
     */
    public record ViewAddressSpace(String name, String root, String rootAlias) {

        /**
         * Creates the record.
         *
         * @param name the value of {@link #name()}
         * @param root the value of {@link #root()}
         * @param rootAlias the value of {@link #rootAlias()}
         * @throws NullPointerException if {@code name} or {@code root} is null
         */
        public ViewAddressSpace {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(root, "root");
        }
    }

    /**
     * One range line of a FlatView: {@code <start>-<end> (prio <n>, <type>): <name>[ @<offset>]}.
     *
     * The constructor rejects a null {@code type} or {@code name} ({@link NullPointerException}).
     *
     * @param start the first address (unsigned 64-bit)
     * @param end the last address (unsigned 64-bit)
     * @param priority the priority of the terminal region inside its own container (not an alias's)
     * @param nonVolatile true if the type was printed with the {@code nv-} prefix
     * @param type {@code rom} if the range is read-only, otherwise the terminal region's type
     * @param name the terminal region's name (never an alias's name)
     * @param offsetInRegion the offset of {@code start} inside that region; 0 when not printed
     */
    public record FlatRangeLine(long start, long end, int priority, boolean nonVolatile, RegionType type,
            String name, long offsetInRegion) {

        /**
         * Creates the record.
         *
         * @param start the value of {@link #start()}
         * @param end the value of {@link #end()}
         * @param priority the value of {@link #priority()}
         * @param nonVolatile the value of {@link #nonVolatile()}
         * @param type the value of {@link #type()}
         * @param name the value of {@link #name()}
         * @param offsetInRegion the value of {@link #offsetInRegion()}
         * @throws NullPointerException if {@code type} or {@code name} is null
         */
        public FlatRangeLine {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
        }

        /**
         * Returns {@code end - start + 1} modulo 2^64, 2^64 as {@code -1}, as {@link Entry#size()}.
         *
         * @return the size as an unsigned 64-bit value
         */
        public long size() {
            return inclusiveSize(start, end);
        }
    }

    /**
     * One {@code FlatView #<n>} section of {@code info mtree -f}.
     *
     * The constructor copies the lists and rejects null lists or elements ({@link NullPointerException}).
     *
     * @param number the number printed after {@code #} (the print order, not a stable identity)
     * @param addressSpaces the address spaces that share this view, in QEMU's AS creation order
     * @param rootRegion the flatview root's name, or null for {@code (none)} (the shared empty view)
     * @param ranges the ranges in address order; empty when QEMU printed {@code No rendered FlatView}
     * @param dispatch the lines after {@code "  Dispatch"} up to the blank line, exactly as printed
     *     (indentation and tabs kept, trailing white space removed); empty without {@code -d}
     * @param dispatchSections the {@code Physical sections} lines of the dispatch dump, parsed; empty
     *     without {@code -d}. The node lines that follow are only kept in {@code dispatch}
     */
    public record FlatViewDump(int number, List<ViewAddressSpace> addressSpaces, String rootRegion,
            List<FlatRangeLine> ranges, List<String> dispatch, List<DispatchSection> dispatchSections) {

        /**
         * Creates the record, copying its lists.
         *
         * @param number the value of {@link #number()}
         * @param addressSpaces the value of {@link #addressSpaces()}
         * @param rootRegion the value of {@link #rootRegion()}
         * @param ranges the value of {@link #ranges()}
         * @param dispatch the value of {@link #dispatch()}
         * @param dispatchSections the value of {@link #dispatchSections()}
         * @throws NullPointerException if a list or an element is null
         */
        public FlatViewDump {
            addressSpaces = List.copyOf(addressSpaces);
            ranges = List.copyOf(ranges);
            dispatch = List.copyOf(dispatch);
            dispatchSections = List.copyOf(dispatchSections);
        }

        /**
         * Tells whether the view has ranges; QEMU prints {@code No rendered FlatView} otherwise.
         *
         * @return true if {@link #ranges()} is not empty
         */
        public boolean isRendered() {
            return !ranges.isEmpty();
        }

        /**
         * Returns the flatview root's name.
         *
         * @return the name, or empty for {@code (none)}
         */
        public Optional<String> root() {
            return Optional.ofNullable(rootRegion);
        }

        /**
         * Tells whether the view carried a {@code -d} dispatch dump.
         *
         * @return true if {@link #dispatch()} is not empty
         */
        public boolean hasDispatch() {
            return !dispatch.isEmpty();
        }
    }
    /**
     * One line of the {@code Physical sections} list of a {@code -d} dispatch dump: {@code #<index>
     * @<start>..<end> <name>} followed by labels. QEMU 7.2 labels sections 0 to 3 with the names of the
     * fixed sections of old versions ({@code [unassigned]}, {@code [not dirty]}, {@code [ROM]}, {@code
     * [watch]}) whatever they hold, and adds {@code [ROOT]} for a section of the view's root region and
     * {@code [MRU]} for the most recently used section.
     *
     * <p>The constructor copies {@code labels} and rejects null components or elements ({@link
     * NullPointerException}).
     *
     * @param index the section number
     * @param start the first address of the section's region as printed (unsigned 64-bit)
     * @param end the last address as printed (unsigned 64-bit)
     * @param name the region's name, or {@code (noname)} as printed for a sub-page container
     * @param labels the labels after the name, as printed without the separating space, in order
     *     (for example {@code [not dirty]}, {@code [ROOT]}, {@code alias=<name>})
     */
    public record DispatchSection(int index, long start, long end, String name, List<String> labels) {

        /**
         * Creates the record, copying its list.
         *
         * @param index the value of {@link #index()}
         * @param start the value of {@link #start()}
         * @param end the value of {@link #end()}
         * @param name the value of {@link #name()}
         * @param labels the value of {@link #labels()}
         * @throws NullPointerException if {@code name}, {@code labels} or a label is null
         */
        public DispatchSection {
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
        }
    }
}
