package dev.addrspace.mtree;

import dev.addrspace.memory.FlatView;
import dev.addrspace.mtree.MtreeDump.AddressSpaceGroup;
import dev.addrspace.mtree.MtreeDump.Alias;
import dev.addrspace.mtree.MtreeDump.DispatchSection;
import dev.addrspace.mtree.MtreeDump.Entry;
import dev.addrspace.mtree.MtreeDump.FlatRangeLine;
import dev.addrspace.mtree.MtreeDump.FlatViewDump;
import dev.addrspace.mtree.MtreeDump.RegionSection;
import dev.addrspace.mtree.MtreeDump.RegionType;
import dev.addrspace.mtree.MtreeDump.ViewAddressSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines of an {@code info mtree} text into a {@link MtreeDump}. One instance parses one text.
 * Not thread safe.
 *
 * <p>The text is a sequence of sections, each ended by a blank line (or the next header, or the end):
 * <pre>
 * address-space: NAME            (one or more)      then tree lines
 * memory-region: NAME                               then tree lines
 * FlatView #N                                       then " AS ..." lines, " Root memory region: ...",
 *                                                   "  No rendered FlatView" or range lines,
 *                                                   and optionally "  Dispatch" and its raw lines
 * </pre>
 */
final class MtreeParser {

    private static final String AS_HEADER = "address-space: ";
    private static final String MR_HEADER = "memory-region: ";
    private static final String FV_HEADER = "FlatView #";
    private static final String OVERFLOW = "[DETECTED OVERFLOW!] ";
    private static final String DISABLED = " [disabled]";
    private static final String INDENT = "  ";
    private static final String ALIAS_PREFIX = "alias ";
    /** {@code " <16 hex>-<16 hex>"} at the end of an alias body. */
    private static final int ALIAS_RANGE_LENGTH = 1 + 16 + 1 + 16;
    /** {@code " @<16 hex>"} at the end of a flat range. */
    private static final int OFFSET_LENGTH = 2 + 16;

    private static final String HEX = "([0-9a-fA-F]{16})";
    private static final String HEAD = HEX + "-" + HEX + " \\(prio (-?[0-9]+), (nv-)?(ram|rom|romd|ramd|i/o)\\):(?: (.*))?";
    private static final Pattern TREE_LINE = Pattern.compile(HEAD);
    private static final Pattern RANGE_LINE = Pattern.compile(INDENT + HEAD);
    private static final Pattern FV_LINE = Pattern.compile("FlatView #([0-9]+)");
    private static final Pattern AS_LINE = Pattern.compile(" AS \"(.*)\", root: (.*)");
    private static final String ROOT_PREFIX = " Root memory region: ";
    private static final String NOT_RENDERED = "  No rendered FlatView";
    private static final String DISPATCH = "  Dispatch";
    private static final String ALIAS_SEPARATOR = ", alias ";
    private static final String SECTION_PREFIX = "      #";
    private static final Pattern SECTION_LINE = Pattern.compile("      #([0-9]+) @" + HEX + "\\.\\." + HEX + " (.*)");
    private static final Pattern SECTION_LABEL =
            Pattern.compile("(.*) (\\[(?:unassigned|not dirty|ROM|watch|ROOT|MRU|iommu)\\]|alias=\\S+)");

    private static final String EXPECTED_REGION =
            "expected a region line \"<start>-<end> (prio <n>, <type>): <name>\" indented by two spaces per level";
    private static final String EXPECTED_RANGE =
            "expected a range line \"  <start>-<end> (prio <n>, <type>): <name>[ @<offset>]\"";

    private final List<String> lines;
    private final Set<String> sectionNames = new HashSet<>();

    private final List<AddressSpaceGroup> groups = new ArrayList<>();
    private final List<RegionSection> regions = new ArrayList<>();
    private final List<FlatViewDump> views = new ArrayList<>();

    /** The section being read: a {@link TreeSection}, a {@link ViewSection} or null between sections. */
    private Object current;

    MtreeParser(List<String> lines) {
        this.lines = lines;
    }

    MtreeDump parse() {
        for (String raw : lines) {
            String line = raw.stripTrailing();
            if (line.startsWith(MR_HEADER)) {
                sectionNames.add(line.substring(MR_HEADER.length()));
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            parseLine(i + 1, lines.get(i).stripTrailing());
        }
        finishSection(lines.size() + 1);
        if (groups.isEmpty() && regions.isEmpty() && views.isEmpty()) {
            throw new MtreeFormatException(0, "",
                    "no \"address-space:\", \"memory-region:\" or \"FlatView #\" section found");
        }
        return new MtreeDump(groups, regions, views);
    }

    private void parseLine(int number, String line) {
        if (line.isEmpty()) {
            finishSection(number);
        } else if (line.startsWith(AS_HEADER)) {
            String name = line.substring(AS_HEADER.length());
            if (current instanceof TreeSection t && t.addressSpaces != null && t.roots.isEmpty() && t.stack.isEmpty()) {
                t.addressSpaces.add(name);
            } else {
                finishSection(number);
                TreeSection t = new TreeSection();
                t.addressSpaces = new ArrayList<>();
                t.addressSpaces.add(name);
                current = t;
            }
        } else if (line.startsWith(MR_HEADER)) {
            finishSection(number);
            TreeSection t = new TreeSection();
            t.regionName = line.substring(MR_HEADER.length());
            current = t;
        } else if (line.startsWith(FV_HEADER)) {
            finishSection(number);
            Matcher m = FV_LINE.matcher(line);
            if (!m.matches()) {
                throw new MtreeFormatException(number, line, "expected \"FlatView #<number>\"");
            }
            ViewSection v = new ViewSection();
            v.headerLine = number;
            v.number = parseInt(number, line, m.group(1), "FlatView number");
            current = v;
        } else if (current instanceof TreeSection t) {
            t.add(parseTreeLine(number, line));
        } else if (current instanceof ViewSection v) {
            parseViewLine(number, line, v);
        } else {
            throw new MtreeFormatException(number, line,
                    "expected \"address-space: \", \"memory-region: \" or \"FlatView #\" to start a section");
        }
    }

    private void finishSection(int number) {
        if (current instanceof TreeSection t) {
            List<Entry> roots = t.finish();
            if (t.addressSpaces != null) {
                groups.add(new AddressSpaceGroup(t.addressSpaces, roots));
            } else {
                regions.add(new RegionSection(t.regionName, roots));
            }
        } else if (current instanceof ViewSection v) {
            if (number > lines.size()) {
                number = 0;
            }
            if (v.root == null) {
                throw new MtreeFormatException(number, lineAt(number),
                        "FlatView #" + v.number + " (line " + v.headerLine + ") ended without \" Root memory region: \"");
            }
            if (v.ranges.isEmpty() && !v.notRendered) {
                throw new MtreeFormatException(number, lineAt(number),
                        "FlatView #" + v.number + " (line " + v.headerLine
                                + ") ended without ranges or \"  No rendered FlatView\"");
            }
            views.add(new FlatViewDump(v.number, v.addressSpaces, v.root.equals("(none)") ? null : v.root,
                    v.ranges, v.dispatch, v.sections));
        }
        current = null;
    }

    private String lineAt(int number) {
        return number >= 1 && number <= lines.size() ? lines.get(number - 1).stripTrailing() : "";
    }

    // ---- tree view ----------------------------------------------------------------------------------

    private Node parseTreeLine(int number, String line) {
        String s = line;
        boolean overflow = false;
        // QEMU prints the overflow warning before the indentation (once per overflowing region, even
        // for a hidden disabled one, whose warning then prefixes the next printed line).
        while (s.startsWith(OVERFLOW)) {
            overflow = true;
            s = s.substring(OVERFLOW.length());
        }
        int spaces = 0;
        while (spaces < s.length() && s.charAt(spaces) == ' ') {
            spaces++;
        }
        if (spaces == 0 || spaces % 2 != 0) {
            throw new MtreeFormatException(number, line, EXPECTED_REGION + " (found " + spaces + " leading spaces)");
        }
        s = s.substring(spaces);
        // Tolerated, though QEMU 7.2 does not print it so: the warning after the indentation.
        while (s.startsWith(OVERFLOW)) {
            overflow = true;
            s = s.substring(OVERFLOW.length());
        }
        Matcher m = TREE_LINE.matcher(s);
        if (!m.matches()) {
            throw new MtreeFormatException(number, line, EXPECTED_REGION);
        }
        Node n = new Node();
        n.level = spaces / 2;
        n.overflow = overflow;
        n.start = parseHex(m.group(1));
        n.end = parseHex(m.group(2));
        n.priority = parseInt(number, line, m.group(3), "priority");
        n.nonVolatile = m.group(4) != null;
        n.type = RegionType.fromLabel(m.group(5));
        String body = m.group(6) == null ? "" : m.group(6);
        if (body.endsWith(DISABLED)) {
            n.disabled = true;
            body = body.substring(0, body.length() - DISABLED.length());
        }
        // An alias body is "alias <name> @<target> <16 hex>-<16 hex>"; anything else is a plain name.
        int tail = body.length() - ALIAS_RANGE_LENGTH;
        String nameAndTarget = body.startsWith(ALIAS_PREFIX) && tail >= ALIAS_PREFIX.length()
                && body.charAt(tail) == ' ' && isHex16(body, tail + 1) && body.charAt(tail + 17) == '-'
                && isHex16(body, tail + 18) ? body.substring(ALIAS_PREFIX.length(), tail) : "";
        if (nameAndTarget.contains(" @")) {
            int at = splitAlias(nameAndTarget);
            n.name = nameAndTarget.substring(0, at);
            n.alias = new Alias(nameAndTarget.substring(at + 2), parseHex(body.substring(tail + 1, tail + 17)),
                    parseHex(body.substring(tail + 18)));
        } else {
            n.name = body;
        }
        return n;
    }

    /** Picks the {@code " @"} that separates an alias's name from its target's; see {@link MtreeDump}. */
    private int splitAlias(String nameAndTarget) {
        int first = nameAndTarget.indexOf(" @");
        for (int at = first; at >= 0; at = nameAndTarget.indexOf(" @", at + 1)) {
            if (sectionNames.contains(nameAndTarget.substring(at + 2))) {
                return at;
            }
        }
        return first;
    }

    // ---- flat view ----------------------------------------------------------------------------------

    private void parseViewLine(int number, String line, ViewSection v) {
        if (v.inDispatch) {
            if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                throw new MtreeFormatException(number, line, "expected an indented dispatch line or a blank line");
            }
            v.dispatch.add(line);
            if (line.startsWith(SECTION_PREFIX)) {
                v.sections.add(parseSection(number, line));
            }
            return;
        }
        if (v.root == null) {
            if (line.startsWith(ROOT_PREFIX)) {
                v.root = line.substring(ROOT_PREFIX.length());
                return;
            }
            Matcher m = AS_LINE.matcher(line);
            if (!m.matches()) {
                throw new MtreeFormatException(number, line,
                        "expected \" AS \\\"<name>\\\", root: <region>\" or \" Root memory region: <region>\"");
            }
            String root = m.group(2);
            String alias = null;
            int comma = root.indexOf(ALIAS_SEPARATOR);
            if (comma >= 0) {
                alias = root.substring(comma + ALIAS_SEPARATOR.length());
                root = root.substring(0, comma);
            }
            v.addressSpaces.add(new ViewAddressSpace(m.group(1), root, alias));
            return;
        }
        if (v.notRendered) {
            throw new MtreeFormatException(number, line, "expected a blank line after \"No rendered FlatView\"");
        }
        if (line.equals(NOT_RENDERED)) {
            if (!v.ranges.isEmpty()) {
                throw new MtreeFormatException(number, line, "\"No rendered FlatView\" after range lines");
            }
            v.notRendered = true;
            return;
        }
        if (line.equals(DISPATCH)) {
            if (v.ranges.isEmpty()) {
                throw new MtreeFormatException(number, line, "dispatch dump before any range line");
            }
            v.inDispatch = true;
            return;
        }
        Matcher m = RANGE_LINE.matcher(line);
        if (!m.matches()) {
            throw new MtreeFormatException(number, line, EXPECTED_RANGE);
        }
        String name = m.group(6) == null ? "" : m.group(6);
        long offset = 0;
        int at = name.length() - OFFSET_LENGTH;
        if (at >= 0 && name.startsWith(" @", at) && isHex16(name, at + 2)) {
            long parsed = parseHex(name.substring(at + 2));
            // QEMU prints the offset only when it is not 0, so " @0000000000000000" belongs to the name.
            if (parsed != 0) {
                name = name.substring(0, at);
                offset = parsed;
            }
        }
        v.ranges.add(new FlatRangeLine(parseHex(m.group(1)), parseHex(m.group(2)),
                parseInt(number, line, m.group(3), "priority"), m.group(4) != null,
                RegionType.fromLabel(m.group(5)), name, offset));
    }

    private static DispatchSection parseSection(int number, String line) {
        Matcher m = SECTION_LINE.matcher(line);
        if (!m.matches()) {
            throw new MtreeFormatException(number, line,
                    "expected a dispatch section line \"      #<n> @<start>..<end> <name>[ <labels>]\"");
        }
        String rest = m.group(4);
        List<String> labels = new ArrayList<>();
        for (Matcher l = SECTION_LABEL.matcher(rest); l.matches(); l = SECTION_LABEL.matcher(rest)) {
            labels.add(0, l.group(2));
            rest = l.group(1);
        }
        return new DispatchSection(parseInt(number, line, m.group(1), "section number"), parseHex(m.group(2)),
                parseHex(m.group(3)), rest, labels);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static boolean isHex16(String s, int from) {
        if (from < 0 || from + 16 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 16; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static long parseHex(String sixteenDigits) {
        return Long.parseUnsignedLong(sixteenDigits, 16);
    }

    private static int parseInt(int number, String line, String digits, String what) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new MtreeFormatException(number, line, what + " " + digits + " does not fit in an int");
        }
    }

    /** A tree line before its children are known. */
    private static final class Node {
        int level;
        boolean overflow;
        long start;
        long end;
        int priority;
        boolean nonVolatile;
        RegionType type;
        String name;
        Alias alias;
        boolean disabled;
        final List<Node> children = new ArrayList<>();

        /** Freezes this node and its subtree, children first, with an explicit stack (any depth). */
        Entry freeze() {
            Map<Node, Entry> done = new IdentityHashMap<>();
            ArrayList<Node> stack = new ArrayList<>();
            stack.add(this);
            while (!stack.isEmpty()) {
                Node n = stack.get(stack.size() - 1);
                boolean ready = true;
                for (int i = n.children.size() - 1; i >= 0; i--) {
                    Node c = n.children.get(i);
                    if (!done.containsKey(c)) {
                        stack.add(c);
                        ready = false;
                    }
                }
                if (!ready) {
                    continue;
                }
                stack.remove(stack.size() - 1);
                List<Entry> kids = new ArrayList<>(n.children.size());
                for (Node c : n.children) {
                    kids.add(done.remove(c));
                }
                done.put(n, new Entry(n.level, n.overflow, n.start, n.end, n.priority, n.nonVolatile, n.type, n.name,
                        n.alias, n.disabled, kids));
            }
            return done.get(this);
        }
    }

    /** An {@code address-space:} group or a {@code memory-region:} section being read. */
    private static final class TreeSection {
        List<String> addressSpaces;
        String regionName;
        final List<Node> roots = new ArrayList<>();
        /** The open entries, outermost first; each is the parent of deeper lines that follow it. */
        final List<Node> stack = new ArrayList<>();

        void add(Node n) {
            while (!stack.isEmpty() && stack.get(stack.size() - 1).level >= n.level) {
                stack.remove(stack.size() - 1);
            }
            if (stack.isEmpty()) {
                roots.add(n);
            } else {
                stack.get(stack.size() - 1).children.add(n);
            }
            stack.add(n);
        }

        List<Entry> finish() {
            List<Entry> out = new ArrayList<>(roots.size());
            for (Node r : roots) {
                out.add(r.freeze());
            }
            return out;
        }
    }

    /** A {@code FlatView #} section being read. */
    private static final class ViewSection {
        int headerLine;
        int number;
        final List<ViewAddressSpace> addressSpaces = new ArrayList<>();
        String root;
        boolean notRendered;
        final List<FlatRangeLine> ranges = new ArrayList<>();
        boolean inDispatch;
        final List<String> dispatch = new ArrayList<>();
        final List<DispatchSection> sections = new ArrayList<>();
    }
}
