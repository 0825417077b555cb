package dev.addrspace.mtree;

import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders the {@code -d} dispatch block of {@code info mtree -f -d} for a view exactly as QEMU 7.2 prints
 * it, by replaying how QEMU builds its {@code AddressSpaceDispatch} (section #0 for unassigned, each range
 * split into a head sub-page, whole pages and a tail sub-page, a sub-page section before the first
 * section of a shared page, the 9-bits-per-level trie with leaves stored as high as alignment allows,
 * then path compaction). This runtime dispatches with {@link ViewDispatch} instead; the replay exists only
 * so that the printed text matches QEMU's.
 *
 * <p>The {@code [MRU]} marker of QEMU depends on which section its last lookup hit and is never printed
 * here. Stateless; allocates.
 */
final class QemuDispatchDump {

    private static final int PAGE_BITS = 12;
    private static final int L2_BITS = 9;
    private static final int L2_SIZE = 1 << L2_BITS;
    /** QEMU's P_L2_LEVELS for 4 KiB pages: ((64 - 12 - 1) / 9) + 1. */
    private static final int LEVELS = ((64 - PAGE_BITS - 1) / L2_BITS) + 1;
    /** QEMU's PHYS_MAP_NODE_NIL: all ones in the 26-bit pointer field. */
    private static final int NIL = (int) (0xffffffffL >>> 6);
    private static final String[] LEGACY = {" [unassigned]", " [not dirty]", " [ROM]", " [watch]"};

    private QemuDispatchDump() {
    }

    /** A section of the replayed dispatch. */
    private static final class Section {
        final long start;
        final long last;
        final MemoryRegion region;

        Section(long start, long last, MemoryRegion region) {
            this.start = start;
            this.last = last;
            this.region = region;
        }
    }

    /** The replayed map: sections, trie nodes (skip and ptr per entry) and the root entry. */
    private static final class Map {
        final List<Section> sections = new ArrayList<>();
        final List<int[]> skips = new ArrayList<>();
        final List<int[]> ptrs = new ArrayList<>();
        final Set<Long> subpages = new HashSet<>();
        int rootSkip = 1;
        int rootPtr = NIL;

        int addSection(Section s) {
            sections.add(s);
            return sections.size() - 1;
        }

        int allocNode(boolean leafLevel) {
            int[] skip = new int[L2_SIZE];
            int[] ptr = new int[L2_SIZE];
            java.util.Arrays.fill(skip, leafLevel ? 0 : 1);
            java.util.Arrays.fill(ptr, leafLevel ? 0 : NIL);
            skips.add(skip);
            ptrs.add(ptr);
            return skips.size() - 1;
        }
    }

    /**
     * Renders the lines QEMU prints after {@code "  Dispatch"} for {@code view}, without line ends:
     * {@code "    Physical sections"}, the sections, the {@code Nodes} header and the nodes.
     *
     * @param view a rendered view; the empty view has no dispatch block in QEMU
     * @return the lines
     */
    static List<String> render(FlatView view) {
        final Map m = new Map();
        m.addSection(new Section(0, -1L, null));
        for (FlatRange fr : view.ranges()) {
            addToDispatch(m, fr.start(), fr.last(), fr.region());
        }
        compact(m);
        final List<String> out = new ArrayList<>();
        out.add("    Physical sections");
        for (int i = 0; i < m.sections.size(); i++) {
            final Section s = m.sections.get(i);
            final MemoryRegion mr = s.region;
            out.add(String.format("      #%d @%016x..%016x %s%s%s%s", i, s.start, s.last,
                    mr == null ? "(noname)" : mr.name(), i < LEGACY.length ? LEGACY[i] : "",
                    mr != null && mr == view.root() ? " [ROOT]" : "", mr != null && mr.isIommu() ? " [iommu]" : ""));
        }
        out.add(String.format("    Nodes (%d bits per level, %d levels) ptr=[%d] skip=%d", L2_BITS, LEVELS, m.rootPtr,
                m.rootSkip));
        for (int n = 0; n < m.skips.size(); n++) {
            out.add("      [" + n + "]");
            final int[] skip = m.skips.get(n);
            final int[] ptr = m.ptrs.get(n);
            int from = 0;
            for (int j = 1; j <= L2_SIZE; j++) {
                if (j == L2_SIZE || skip[j] != skip[from] || ptr[j] != ptr[from]) {
                    out.add(entries(from, j - 1, skip[from], ptr[from]));
                    from = j;
                }
            }
        }
        return out;
    }

    private static String entries(int first, int last, int skip, int ptr) {
        final String where = first == last ? String.format("\t%3d      ", first)
                : String.format("\t%3d..%-3d ", first, last);
        final String target = ptr == NIL ? " ptr=NIL" : skip == 0 ? " ptr=#" + ptr : " ptr=[" + ptr + "]";
        return where + " skip=" + skip + " " + target;
    }

    /** QEMU's {@code flatview_add_to_dispatch}: head sub-page, whole pages, tail sub-page. */
    private static void addToDispatch(Map m, long start, long last, MemoryRegion mr) {
        long s = start;
        final long pageMask = (1L << PAGE_BITS) - 1;
        if ((s & pageMask) != 0) {
            final long headLast = s | pageMask;
            if (Long.compareUnsigned(last, headLast) <= 0) {
                registerSubpage(m, s, last, mr);
                return;
            }
            registerSubpage(m, s, headLast, mr);
            s = headLast + 1;
        }
        final long size = last - s + 1; // 0 stands for 2^64
        final long pages = size == 0 ? 1L << (64 - PAGE_BITS) : size >>> PAGE_BITS;
        if (pages != 0) {
            final int idx = m.addSection(new Section(s, s + (pages << PAGE_BITS) - 1, mr));
            setPages(m, s >>> PAGE_BITS, pages, idx);
            final long wholeLast = s + (pages << PAGE_BITS) - 1;
            if (wholeLast == last) {
                return;
            }
            s = wholeLast + 1;
        }
        registerSubpage(m, s, last, mr);
    }

    /** QEMU's {@code register_subpage}: a sub-page section for the page first, then the piece. */
    private static void registerSubpage(Map m, long start, long last, MemoryRegion mr) {
        final long base = start & ~((1L << PAGE_BITS) - 1);
        if (m.subpages.add(base)) {
            final int idx = m.addSection(new Section(base, base + (1L << PAGE_BITS) - 1, null));
            setPages(m, base >>> PAGE_BITS, 1, idx);
        }
        m.addSection(new Section(start, last, mr));
    }

    /** QEMU's {@code phys_page_set}. */
    private static void setPages(Map m, long index, long count, int leaf) {
        final long[] cursor = {index, count};
        setLevel(m, -1, 0, cursor, leaf, LEVELS - 1);
    }

    /** QEMU's {@code phys_page_set_level} on the entry {@code (node, slot)}; node -1 is the root entry. */
    private static void setLevel(Map m, int node, int slot, long[] cursor, int leaf, int level) {
        final long step = 1L << (level * L2_BITS);
        int skip = node < 0 ? m.rootSkip : m.skips.get(node)[slot];
        int ptr = node < 0 ? m.rootPtr : m.ptrs.get(node)[slot];
        if (skip != 0 && ptr == NIL) {
            ptr = m.allocNode(level == 0);
            if (node < 0) {
                m.rootPtr = ptr;
            } else {
                m.ptrs.get(node)[slot] = ptr;
            }
        }
        final int child = ptr;
        int i = (int) ((cursor[0] >>> (level * L2_BITS)) & (L2_SIZE - 1));
        while (cursor[1] != 0 && i < L2_SIZE) {
            if ((cursor[0] & (step - 1)) == 0 && Long.compareUnsigned(cursor[1], step) >= 0) {
                m.skips.get(child)[i] = 0;
                m.ptrs.get(child)[i] = leaf;
                cursor[0] += step;
                cursor[1] -= step;
            } else {
                setLevel(m, child, i, cursor, leaf, level - 1);
            }
            i++;
        }
    }

    /** QEMU's {@code phys_page_compact_all}. */
    private static void compact(Map m) {
        if (m.rootSkip != 0) {
            final int[] e = compactEntry(m, m.rootSkip, m.rootPtr);
            m.rootSkip = e[0];
            m.rootPtr = e[1];
        }
    }

    /** QEMU's {@code phys_page_compact} of an entry; @return its new {skip, ptr} */
    private static int[] compactEntry(Map m, int skip, int ptr) {
        if (ptr == NIL) {
            return new int[] {skip, ptr};
        }
        final int[] skips = m.skips.get(ptr);
        final int[] ptrs = m.ptrs.get(ptr);
        int valid = 0;
        int validSlot = L2_SIZE;
        for (int i = 0; i < L2_SIZE; i++) {
            if (ptrs[i] == NIL) {
                continue;
            }
            validSlot = i;
            valid++;
            if (skips[i] != 0) {
                final int[] e = compactEntry(m, skips[i], ptrs[i]);
                skips[i] = e[0];
                ptrs[i] = e[1];
            }
        }
        if (valid != 1) {
            return new int[] {skip, ptr};
        }
        final int childSkip = skips[validSlot];
        final int childPtr = ptrs[validSlot];
        return new int[] {childSkip == 0 ? 0 : skip + childSkip, childPtr};
    }
}
