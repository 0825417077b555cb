package dev.addrspace.mtree;

import dev.addrspace.memory.FlatView;
import dev.addrspace.mtree.MtreeDump.AddressSpaceGroup;
import dev.addrspace.mtree.MtreeDump.Entry;
import dev.addrspace.mtree.MtreeDump.FlatRangeLine;
import dev.addrspace.mtree.MtreeDump.FlatViewDump;
import dev.addrspace.mtree.MtreeDump.RegionSection;
import dev.addrspace.mtree.MtreeDump.ViewAddressSpace;
import java.util.function.Predicate;

/**
 * Test helper: prints a {@link MtreeDump} back in the documented {@code info mtree} formats (tree groups,
 * then {@code memory-region:} sections, then FlatViews), so that parsing and printing a QEMU dump can be
 * compared with the original byte for byte.
 */
final class MtreePrinter {

    private MtreePrinter() {
    }

    static String print(MtreeDump dump) {
        return print(dump, e -> true);
    }

    /**
     * Prints the dump, leaving out the lines of tree entries that {@code shown} rejects (their children
     * are still printed, at their own level), as QEMU does for disabled regions without {@code -D}.
     */
    static String print(MtreeDump dump, Predicate<Entry> shown) {
        StringBuilder sb = new StringBuilder();
        for (AddressSpaceGroup g : dump.addressSpaceGroups()) {
            for (String as : g.addressSpaces()) {
                sb.append("address-space: ").append(as).append('\n');
            }
            g.entries().forEach(e -> printEntry(sb, e, shown));
            sb.append('\n');
        }
        for (RegionSection s : dump.memoryRegions()) {
            sb.append("memory-region: ").append(s.name()).append('\n');
            s.entries().forEach(e -> printEntry(sb, e, shown));
            sb.append('\n');
        }
        for (FlatViewDump v : dump.flatViews()) {
            printView(sb, v);
        }
        return sb.toString();
    }

    private static void printEntry(StringBuilder sb, Entry e, Predicate<Entry> shown) {
        if (shown.test(e)) {
            if (e.overflow()) {
                sb.append("[DETECTED OVERFLOW!] ");
            }
            sb.append("  ".repeat(e.level()));
            sb.append(String.format("%016x-%016x (prio %d, %s%s): ", e.start(), e.end(), e.priority(),
                    e.nonVolatile() ? "nv-" : "", e.type().label()));
            if (e.isAlias()) {
                sb.append(String.format("alias %s @%s %016x-%016x", e.name(), e.alias().target(),
                        e.alias().offsetStart(), e.alias().offsetEnd()));
            } else {
                sb.append(e.name());
            }
            sb.append(e.disabled() ? " [disabled]" : "").append('\n');
        }
        e.children().forEach(c -> printEntry(sb, c, shown));
    }

    private static void printView(StringBuilder sb, FlatViewDump v) {
        sb.append("FlatView #").append(v.number()).append('\n');
        for (ViewAddressSpace as : v.addressSpaces()) {
            sb.append(" AS \"").append(as.name()).append("\", root: ").append(as.root());
            if (as.rootAlias() != null) {
                sb.append(", alias ").append(as.rootAlias());
            }
            sb.append('\n');
        }
        sb.append(" Root memory region: ").append(v.root().orElse("(none)")).append('\n');
        if (!v.isRendered()) {
            sb.append("  No rendered FlatView\n\n");
            return;
        }
        for (FlatRangeLine r : v.ranges()) {
            sb.append(String.format("  %016x-%016x (prio %d, %s%s): %s", r.start(), r.end(), r.priority(),
                    r.nonVolatile() ? "nv-" : "", r.type().label(), r.name()));
            if (r.offsetInRegion() != 0) {
                sb.append(String.format(" @%016x", r.offsetInRegion()));
            }
            sb.append('\n');
        }
        if (v.hasDispatch()) {
            sb.append("  Dispatch\n");
            v.dispatch().forEach(l -> sb.append(l).append('\n'));
        }
        sb.append('\n');
    }
}
