package dev.addrspace.mtree;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a memory system as QEMU's monitor command {@code info mtree} does, byte for byte: the region
 * trees ({@link #tree}), the same with disabled regions ({@link #treeWithDisabled}, {@code -D}) and the
 * flat views ({@link #flat}, {@code -f}).
 *
 * <p>One deliberate difference: QEMU prints address-space groups and flat views in the iteration order
 * of a hash table, which is unspecified; here groups and views come in the creation order of their first
 * address space, so the output is deterministic. Everything else (grouping by root, names sorted within a
 * group, the alias queue, the {@code [DETECTED OVERFLOW!] } prefix, child order) is QEMU's.
 *
 * <p>Thread safety: locks the memory system while printing trees (they are writer-side state); the flat
 * view printout reads the published views. Allocates.
 */
public final class Mtree {

    private static final String INDENT = "  ";

    private Mtree() {
    }

    /**
     * Prints {@code info mtree} with the given options.
     *
     * @param system the memory system
     * @param flatViews true for {@code -f}: the flat views instead of the trees
     * @param showDisabled true for {@code -D}: disabled regions too (ignored with {@code flatViews})
     * @return the text, every line ending in {@code '\n'}
     * @throws NullPointerException if {@code system} is null
     */
    public static String info(MemorySystem system, boolean flatViews, boolean showDisabled) {
        return flatViews ? flat(system) : printTrees(system, showDisabled);
    }

    /**
     * Prints {@code info mtree}.
     *
     * @param system the memory system
     * @return the text
     * @throws NullPointerException if {@code system} is null
     */
    public static String tree(MemorySystem system) {
        return printTrees(system, false);
    }

    /**
     * Prints {@code info mtree -D}: disabled regions too, marked {@code [disabled]}.
     *
     * @param system the memory system
     * @return the text
     * @throws NullPointerException if {@code system} is null
     */
    public static String treeWithDisabled(MemorySystem system) {
        return printTrees(system, true);
    }

    /**
     * Prints {@code info mtree -f}: every distinct flat view, numbered, with the address spaces that share
     * it.
     *
     * @param system the memory system
     * @return the text
     * @throws NullPointerException if {@code system} is null
     */
    public static String flat(MemorySystem system) {
        StringBuilder out = new StringBuilder();
        Map<FlatView, List<AddressSpace>> groups = new LinkedHashMap<>();
        synchronized (system) {
            for (AddressSpace as : system.addressSpaces()) {
                groups.computeIfAbsent(as.flatView(), k -> new ArrayList<>()).add(as);
            }
            int counter = 0;
            for (Map.Entry<FlatView, List<AddressSpace>> e : groups.entrySet()) {
                FlatView view = e.getKey();
                out.append("FlatView #").append(counter++).append('\n');
                for (AddressSpace as : e.getValue()) {
                    out.append(" AS \"").append(as.name()).append("\", root: ").append(as.root().name());
                    if (as.root().aliasTarget() != null) {
                        out.append(", alias ").append(as.root().aliasTarget().name());
                    }
                    out.append('\n');
                }
                out.append(" Root memory region: ").append(view.root() == null ? "(none)" : view.root().name())
                        .append('\n');
                if (view.isEmpty()) {
                    out.append(INDENT).append("No rendered FlatView\n\n");
                    continue;
                }
                for (FlatRange fr : view.ranges()) {
                    MemoryRegion mr = fr.region();
                    out.append(INDENT).append(hex16(fr.start())).append('-').append(hex16(fr.last()))
                            .append(" (prio ").append(mr.priority()).append(", ")
                            .append(fr.nonvolatile() ? "nv-" : "")
                            .append(fr.readonly() ? "rom" : mr.typeLabel()).append("): ").append(mr.name());
                    if (fr.offsetInRegion() != 0) {
                        out.append(" @").append(hex16(fr.offsetInRegion()));
                    }
                    out.append('\n');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String printTrees(MemorySystem system, boolean showDisabled) {
        StringBuilder out = new StringBuilder();
        synchronized (system) {
            // MemoryRegion keeps Object's identity equals: one group per root region, as QEMU's hash.
            Map<MemoryRegion, List<AddressSpace>> groups = new LinkedHashMap<>();
            for (AddressSpace as : system.addressSpaces()) {
                List<AddressSpace> group = groups.computeIfAbsent(as.root(), k -> new ArrayList<>());
                // As g_slist_insert_sorted: before the first member whose name is not smaller.
                int i = 0;
                while (i < group.size() && compareNames(as.name(), group.get(i).name()) > 0) {
                    i++;
                }
                group.add(i, as);
            }
            List<MemoryRegion> aliasQueue = new ArrayList<>();
            for (Map.Entry<MemoryRegion, List<AddressSpace>> e : groups.entrySet()) {
                for (AddressSpace as : e.getValue()) {
                    out.append("address-space: ").append(as.name()).append('\n');
                }
                printRegion(out, e.getKey(), 1, 0, aliasQueue, showDisabled);
                out.append('\n');
            }
            for (int i = 0; i < aliasQueue.size(); i++) {
                MemoryRegion mr = aliasQueue.get(i);
                out.append("memory-region: ").append(mr.name()).append('\n');
                printRegion(out, mr, 1, 0, aliasQueue, showDisabled);
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * QEMU's {@code mtree_print_mr}; addresses wrap as QEMU's {@code hwaddr} does. QEMU recurses; this
     * walks the same pre-order with an explicit stack, so a tree 10,000 deep prints the same text.
     */
    private static void printRegion(StringBuilder out, MemoryRegion top, int topLevel, long topBase,
            List<MemoryRegion> aliasQueue, boolean showDisabled) {
        Set<MemoryRegion> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        queued.addAll(aliasQueue);
        ArrayList<MemoryRegion> regions = new ArrayList<>();
        ArrayList<long[]> frames = new ArrayList<>();
        regions.add(top);
        frames.add(new long[] {topLevel, topBase});
        while (!regions.isEmpty()) {
            int last = regions.size() - 1;
            MemoryRegion mr = regions.remove(last);
            long[] frame = frames.remove(last);
            int level = (int) frame[0];
            long base = frame[1];
            long curStart = base + mr.addr();
            long curEnd = curStart + mrSize(mr.size());
            if (Long.compareUnsigned(curStart, base) < 0 || Long.compareUnsigned(curEnd, curStart) < 0) {
                out.append("[DETECTED OVERFLOW!] ");
            }
            MemoryRegion target = mr.aliasTarget();
            if (target != null && queued.add(target)) {
                aliasQueue.add(target);
            }
            if (mr.isEnabled() || showDisabled) {
                for (int i = 0; i < level; i++) {
                    out.append(INDENT);
                }
                out.append(hex16(curStart)).append('-').append(hex16(curEnd)).append(" (prio ").append(mr.priority())
                        .append(", ").append(mr.isNonvolatile() ? "nv-" : "").append(mr.typeLabel()).append("): ");
                if (target != null) {
                    out.append("alias ").append(mr.name()).append(" @").append(target.name()).append(' ')
                            .append(hex16(mr.aliasOffset())).append('-')
                            .append(hex16(mr.aliasOffset() + mrSize(mr.size())));
                } else {
                    out.append(mr.name());
                }
                out.append(mr.isEnabled() ? "" : " [disabled]").append('\n');
            }
            List<MemoryRegion> children = mr.subregions();
            if (children.isEmpty()) {
                continue;
            }
            List<MemoryRegion> sorted = new ArrayList<>(children);
            sorted.sort(CHILD_ORDER);
            // Pushed last to first, so the first child is printed next, as the recursion would.
            for (int i = sorted.size() - 1; i >= 0; i--) {
                regions.add(sorted.get(i));
                frames.add(new long[] {level + 1, curStart});
            }
        }
    }

    /** Address ascending (unsigned), then priority descending; stable, as QEMU's insertion. */
    private static final Comparator<MemoryRegion> CHILD_ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.addr(), b.addr());
        return c != 0 ? c : Integer.compare(b.priority(), a.priority());
    };

    /** QEMU's {@code MR_SIZE}: 0 for 0, otherwise size - 1 (2^64 - 1 for 2^64). */
    static long mrSize(long size) {
        return size == 0 ? 0 : size == MemoryRegion.SIZE_2_64 ? -1L : size - 1;
    }

    /** {@code g_strcmp0}: bytewise comparison of the UTF-8 encodings. */
    private static int compareNames(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = (x[i] & 0xff) - (y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return x.length - y.length;
    }

    static String hex16(long v) {
        String s = Long.toHexString(v);
        return "0000000000000000".substring(s.length()) + s;
    }
}
