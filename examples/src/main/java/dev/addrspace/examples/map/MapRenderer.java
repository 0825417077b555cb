package dev.addrspace.examples.map;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link MemoryMap} as a standalone SVG picture, or as an HTML page around that picture.
 *
 * <p><b>What the picture shows.</b> One column per rendered flat view, headed by the names of every
 * address space that shares it, side by side on one address axis that grows downward (the order of
 * {@code info mtree}). The axis is piecewise ({@link MapOptions}): it is cut at every range boundary of
 * every column, each piece gets a height that grows with the logarithm of its size, and pieces unmapped in
 * every column that are large are collapsed to a break marker printing the skipped size. Every boundary
 * is labelled in hex on the left. Ranges are coloured by {@link RangeKind} (legend at the top); holes
 * (unmapped: an access there is a {@code DECODE_ERROR}) are hatched.
 *
 * <p><b>Aliases.</b> A range reached through an alias has a dashed outline and the label
 * {@code alias NAME → TARGET @OFFSET} of the innermost alias crossed (the one that maps the terminal region
 * or the container holding it); the whole chain is in the tooltip and the {@code data-aliases} attribute.
 * Where the terminal region is also mapped directly (through no alias) in the same column at the aliased
 * offset, an arrow in the gutter right of the column joins the aliased range to that place: on a PC,
 * {@code isa-bios} at {@code 0xe0000} points at the top of {@code pc.bios} below 4 GiB.
 *
 * <p><b>For machines and tests.</b> Each range is a {@code <g class="range kind-KIND">} with
 * {@code data-column} (the column's index), {@code data-as} (its address spaces, comma-separated),
 * {@code data-name}, {@code data-start} and {@code data-last} (16-digit hex), {@code data-kind},
 * {@code data-region}, {@code data-offset} and, when aliased, {@code data-alias},
 * {@code data-alias-target}, {@code data-alias-offset} and {@code data-aliases}; a change of alias inside
 * a range is a {@code <g class="alias-change">} in it with the same alias attributes. Each hole is a
 * {@code <g class="hole">} (with {@code beyond-root} past the end of the column's root) with the same
 * bounds; each collapsed gap a {@code <g class="gap">} with {@code data-skipped} (hex byte count); each
 * alias arrow a {@code <path class="alias-link">} with {@code data-from} and {@code data-to}; each column
 * header a {@code <g class="column">} with {@code data-column} and one empty
 * {@code <g class="address-space" data-name="...">} per address space. Every one carries a
 * {@code <title>} tooltip. The output depends only on the map and the options: the same input gives the
 * same bytes.
 *
 * <p>Stateless and thread safe. Allocates.
 */
public final class MapRenderer {

    private static final double CHAR_W = 6.6;
    private static final int LINE_H = 13;
    private static final int MARGIN = 16;
    private static final int GUTTER = 40;
    private static final int MIN_COL_W = 190;
    private static final int MAX_COL_W = 330;
    private static final String FONT = "monospace";

    private MapRenderer() {
    }

    /**
     * Draws {@code map} with {@link MapOptions#DEFAULTS}.
     *
     * @param map the map
     * @return a standalone SVG document (with its XML declaration), UTF-8 text
     */
    public static String svg(MemoryMap map) {
        return svg(map, MapOptions.DEFAULTS);
    }

    /**
     * Draws {@code map}.
     *
     * @param map the map
     * @param options the axis layout
     * @return a standalone SVG document (with its XML declaration), UTF-8 text
     * @throws NullPointerException if an argument is null
     */
    public static String svg(MemoryMap map, MapOptions options) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + new Drawing(map, options, true).draw();
    }

    /**
     * Draws {@code map} with {@link MapOptions#DEFAULTS} inside an HTML page.
     *
     * @param map the map
     * @return an HTML5 document, UTF-8 text
     */
    public static String html(MemoryMap map) {
        return html(map, MapOptions.DEFAULTS);
    }

    /**
     * Draws {@code map} inside an HTML page: a heading, a short legend that explains the colours and marks,
     * and the SVG inline (its tooltips work on hover; hovering a range highlights it).
     *
     * @param map the map
     * @param options the axis layout
     * @return an HTML5 document, UTF-8 text
     * @throws NullPointerException if an argument is null
     */
    public static String html(MemoryMap map, MapOptions options) {
        String svg = new Drawing(map, options, false).draw();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Xml.escape(map.title())).append("</title>\n<style>\n")
                .append("body { font-family: monospace; margin: 16px; background: #f6f6f3; color: #222; }\n")
                .append("h1 { font-size: 18px; margin: 0 0 8px 0; }\n")
                .append("ul.legend { list-style: none; padding: 0; margin: 0 0 12px 0; font-size: 12px; }\n")
                .append("ul.legend li { display: inline-block; margin: 2px 14px 2px 0; }\n")
                .append("ul.legend .sw { display: inline-block; width: 14px; height: 14px; vertical-align: middle;"
                        + " margin-right: 5px; border: 1px solid #555; }\n")
                .append("p.note { font-size: 12px; margin: 0 0 12px 0; max-width: 1100px; }\n")
                .append("svg .range:hover rect, svg .hole:hover rect { stroke-width: 2.5; }\n")
                .append("svg .range:hover text { font-weight: bold; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(Xml.escape(map.title())).append("</h1>\n")
                .append("<ul class=\"legend\">\n");
        for (RangeKind k : RangeKind.values()) {
            sb.append("<li><span class=\"sw\" style=\"background:").append(k.fill()).append(";border-color:")
                    .append(k.stroke()).append("\"></span>").append(Xml.escape(k.label())).append("</li>\n");
        }
        sb.append("<li><span class=\"sw\" style=\"background:repeating-linear-gradient(45deg,#fff 0 3px,#ccc 3px 4px)\">"
                + "</span>unmapped (DECODE_ERROR)</li>\n")
                .append("<li><span class=\"sw\" style=\"border-style:dashed\"></span>reached through an alias</li>\n")
                .append("<li><span class=\"sw\" style=\"background:#f1f1ec;border-color:#888;border-style:dotted none\">"
                        + "</span>collapsed gap (size printed)</li>\n")
                .append("<li>\u2192 arrow: alias to where its target is mapped directly</li>\n")
                .append("</ul>\n<p class=\"note\">One column per rendered flat view; address spaces that share a"
                        + " view share a column. Addresses grow downward on one shared, piecewise axis: each piece"
                        + " grows with the logarithm of its size, and space unmapped in every column beyond "
                        + Xml.escape(Hex.size(Hex.unsigned(options.gapThreshold())))
                        + " is collapsed to a marked break. Hover a range for its bounds, region and aliases.</p>\n")
                .append(svg).append("</body>\n</html>\n");
        return sb.toString();
    }

    /** One drawing: the layout of one map with one set of options. */
    private static final class Drawing {
        final MemoryMap map;
        final MapOptions options;
        final Xml x = new Xml();
        final int digits;
        /** True for a standalone picture (title and legend drawn); false inside the HTML page, which has both. */
        final boolean standalone;
        int width;
        /** The column being drawn, for the {@code data-column} attributes. */
        int column;

        Drawing(MemoryMap map, MapOptions options, boolean standalone) {
            this.standalone = standalone;
            if (map == null || options == null) {
                throw new NullPointerException(map == null ? "map" : "options");
            }
            this.map = map;
            this.options = options;
            long axisLast = 0;
            for (MemoryMap.Column c : map.columns()) {
                if (Long.compareUnsigned(c.last(), axisLast) > 0) {
                    axisLast = c.last();
                }
            }
            this.digits = Long.compareUnsigned(axisLast, 0xffff_ffffL) > 0 ? 16 : 8;
        }

        String draw() {
            List<MemoryMap.Column> cols = map.columns();
            int axisW = (int) Math.ceil((digits + digits / 4 + 3) * CHAR_W) + 14;
            int[] colW = new int[cols.size()];
            int[] colX = new int[cols.size()];
            int xPos = MARGIN + axisW + 6;
            for (int i = 0; i < cols.size(); i++) {
                colW[i] = columnWidth(cols.get(i));
                colX[i] = xPos;
                xPos += colW[i] + GUTTER;
            }
            int legendW = 0;
            for (String[] item : legendItems()) {
                legendW += legendItemWidth(item[1]);
            }
            int textChars = 0;
            for (String line : subtitle()) {
                textChars = Math.max(textChars, line.length());
            }
            for (String line : FOOTER) {
                textChars = Math.max(textChars, line.length());
            }
            width = Math.max(xPos - GUTTER + MARGIN + 24,
                    MARGIN * 2 + Math.max((int) Math.ceil(textChars * CHAR_W), Math.min(legendW, 900)));
            int legendTop = 72;
            int legendBottom = standalone ? drawLegendLater(legendTop) : 0;
            List<List<String>> headers = new ArrayList<>();
            int headerLines = 1;
            for (int i = 0; i < cols.size(); i++) {
                List<String> lines = headerLines(cols.get(i), colW[i]);
                headers.add(lines);
                headerLines = Math.max(headerLines, lines.size());
            }
            int headerTop = legendBottom + 16;
            int axisTop = headerTop + headerLines * LINE_H + 22;
            AxisLayout axis = new AxisLayout(map, options, axisTop);
            int footerTop = axis.bottom + 18;
            int height = footerTop + (FOOTER.length + 1) * LINE_H + MARGIN;

            x.open("svg", "xmlns", "http://www.w3.org/2000/svg", "version", "1.1", "width", width, "height", height,
                    "viewBox", "0 0 " + width + " " + height, "font-family", FONT, "font-size", 11,
                    "class", "memory-map").end().raw("\n");
            x.text("title", map.title());
            x.text("desc", "Memory map: " + cols.size() + " column(s), one per rendered flat view; addresses grow"
                    + " downward on a piecewise axis.");
            defs();
            x.empty("rect", "x", 0, "y", 0, "width", width, "height", height, "fill", "#ffffff");
            if (standalone) {
                x.text("text", map.title(), "x", MARGIN, "y", 28, "font-size", 18, "font-weight", "bold",
                        "class", "map-title");
                String[] sub = subtitle();
                for (int i = 0; i < sub.length; i++) {
                    x.text("text", sub[i], "x", MARGIN, "y", 46 + i * LINE_H, "fill", "#555555", "class", "map-subtitle");
                }
                legend(legendTop);
            }
            for (int i = 0; i < cols.size(); i++) {
                header(i, cols.get(i), headers.get(i), colX[i], colW[i], headerTop);
            }
            axisLabels(axis, MARGIN, axisW);
            gaps(axis, MARGIN + axisW - 6, width - MARGIN);
            for (int i = 0; i < cols.size(); i++) {
                column = i;
                column(cols.get(i), axis, colX[i], colW[i]);
            }
            footer(footerTop);
            x.endTag("svg");
            return x.toString();
        }

        private String[] subtitle() {
            int spaces = 0;
            for (MemoryMap.Column c : map.columns()) {
                spaces += c.addressSpaces().size();
            }
            return new String[] {
                spaces + " address space" + (spaces == 1 ? "" : "s") + " in " + map.columns().size() + " column"
                        + (map.columns().size() == 1 ? "" : "s") + " (one per rendered flat view).",
                "Addresses grow downward; piece heights are logarithmic; space unmapped everywhere of "
                        + Hex.size(Hex.unsigned(options.gapThreshold())) + " or more is collapsed."};
        }

        private static final String[] FOOTER = {
            "Hatched: unmapped (an access there is a DECODE_ERROR). Dashed outline: reached through an alias,",
            "labelled with the innermost alias, its target and the offset there; a dashed line inside a range",
            "marks where another alias takes over. Arrows join an aliased range to where its region is mapped",
            "directly in the same column. Address labels mark the start of the piece below them."};

        private int columnWidth(MemoryMap.Column c) {
            int chars = 0;
            for (String n : c.addressSpaces()) {
                chars = Math.max(chars, n.length());
            }
            chars = Math.max(chars, headerInfo(c).length());
            for (MemoryMap.Block b : c.blocks()) {
                int len = b.name().length() + 12;
                if (b.offsetInRegion() != 0) {
                    len += Hex.compact(b.offsetInRegion()).length() + 2;
                }
                chars = Math.max(chars, len);
                AliasHop hop = b.innermostAlias();
                if (hop != null) {
                    chars = Math.max(chars, hop.label().length());
                }
            }
            int w = Math.max(MIN_COL_W, Math.min(MAX_COL_W, (int) Math.ceil(chars * CHAR_W) + 14));
            // many address spaces on one view (a CPU's per-index copies): widen rather than stack 8 lines
            while (w < MAX_COL_W && headerLines(c, w).size() > 3) {
                w = Math.min(MAX_COL_W, w + 20);
            }
            return w;
        }

        private static String headerInfo(MemoryMap.Column c) {
            return "root " + c.viewRoot() + " \u00b7 " + c.blocks().size() + " range" + (c.blocks().size() == 1 ? "" : "s");
        }

        private List<String> headerLines(MemoryMap.Column c, int w) {
            int max = maxChars(w);
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String n : c.addressSpaces()) {
                String piece = line.length() == 0 ? n : ", " + n;
                if (line.length() > 0 && line.length() + piece.length() > max) {
                    lines.add(line.append(',').toString());
                    line = new StringBuilder(n);
                } else {
                    line.append(piece);
                }
            }
            lines.add(line.toString());
            return lines;
        }

        private void defs() {
            x.open("defs").end().raw("\n");
            x.open("pattern", "id", "hatch", "width", 6, "height", 6, "patternUnits", "userSpaceOnUse",
                    "patternTransform", "rotate(45)").end();
            x.empty("rect", "width", 6, "height", 6, "fill", "#ffffff");
            x.empty("line", "x1", 0, "y1", 0, "x2", 0, "y2", 6, "stroke", "#d0d0d0", "stroke-width", 2);
            x.endTag("pattern");
            x.open("pattern", "id", "hatch-light", "width", 6, "height", 6, "patternUnits", "userSpaceOnUse",
                    "patternTransform", "rotate(45)").end();
            x.empty("rect", "width", 6, "height", 6, "fill", "#ffffff");
            x.empty("line", "x1", 0, "y1", 0, "x2", 0, "y2", 6, "stroke", "#ececec", "stroke-width", 1);
            x.endTag("pattern");
            x.open("marker", "id", "arrow", "viewBox", "0 0 8 8", "refX", 7, "refY", 4, "markerWidth", 7,
                    "markerHeight", 7, "orient", "auto").end();
            x.empty("path", "d", "M0,0 L8,4 L0,8 z", "fill", "#444444");
            x.endTag("marker");
            x.endTag("defs");
        }

        private List<String[]> legendItems() {
            List<String[]> items = new ArrayList<>();
            for (RangeKind k : RangeKind.values()) {
                items.add(new String[] {k.cssClass(), k.label()});
            }
            items.add(new String[] {"hole", "unmapped (DECODE_ERROR)"});
            items.add(new String[] {"gap", "collapsed gap"});
            items.add(new String[] {"alias", "through an alias"});
            items.add(new String[] {"link", "alias to its target"});
            return items;
        }

        private static int legendItemWidth(String label) {
            return 20 + (int) Math.ceil(label.length() * CHAR_W) + 18;
        }

        private int legendRows;

        private int drawLegendLater(int top) {
            int rows = 1;
            int pos = MARGIN;
            for (String[] item : legendItems()) {
                int w = legendItemWidth(item[1]);
                if (pos + w > width - MARGIN && pos > MARGIN) {
                    rows++;
                    pos = MARGIN;
                }
                pos += w;
            }
            legendRows = rows;
            return top + rows * 20;
        }

        private void legend(int top) {
            x.open("g", "class", "legend").end().raw("\n");
            int pos = MARGIN;
            int row = 0;
            for (String[] item : legendItems()) {
                int w = legendItemWidth(item[1]);
                if (pos + w > width - MARGIN && pos > MARGIN) {
                    row++;
                    pos = MARGIN;
                }
                int y = top + row * 20;
                x.open("g", "class", "legend-item legend-" + item[0]).end();
                switch (item[0]) {
                    case "hole" -> x.empty("rect", "x", pos, "y", y, "width", 14, "height", 14, "fill", "url(#hatch)",
                            "stroke", "#999999");
                    case "gap" -> {
                        x.empty("rect", "x", pos, "y", y, "width", 14, "height", 14, "fill", "#f1f1ec", "stroke",
                                "none");
                        x.empty("path", "d", zigzag(pos, pos + 14, y + 4), "fill", "none", "stroke", "#888888");
                        x.empty("path", "d", zigzag(pos, pos + 14, y + 10), "fill", "none", "stroke", "#888888");
                    }
                    case "alias" -> x.empty("rect", "x", pos, "y", y, "width", 14, "height", 14, "fill", "#ffffff",
                            "stroke", "#444444", "stroke-dasharray", "3,2");
                    case "link" -> x.empty("path", "d", "M" + pos + "," + (y + 2) + " C" + (pos + 14) + "," + (y + 2)
                            + " " + (pos + 14) + "," + (y + 12) + " " + (pos + 2) + "," + (y + 12), "fill", "none",
                            "stroke", "#444444", "marker-end", "url(#arrow)");
                    default -> {
                        RangeKind k = kindOf(item[0]);
                        x.empty("rect", "x", pos, "y", y, "width", 14, "height", 14, "fill", k.fill(), "stroke",
                                k.stroke());
                    }
                }
                x.text("text", item[1], "x", pos + 20, "y", y + 11);
                x.endTag("g");
                pos += w;
            }
            x.endTag("g");
        }

        private static RangeKind kindOf(String css) {
            for (RangeKind k : RangeKind.values()) {
                if (k.cssClass().equals(css)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(css);
        }

        private void header(int index, MemoryMap.Column c, List<String> lines, int cx, int w, int top) {
            x.open("g", "class", "column", "data-column", index, "data-as", c.label(), "data-root", c.viewRoot()).end();
            for (String name : c.addressSpaces()) {
                x.empty("g", "class", "address-space", "data-name", name);
            }
            x.text("title", "address space" + (c.addressSpaces().size() == 1 ? "" : "s") + ": " + c.label()
                    + "\nflat-view root: " + c.viewRoot() + "\n" + c.blocks().size() + " flat range"
                    + (c.blocks().size() == 1 ? "" : "s"));
            for (int i = 0; i < lines.size(); i++) {
                x.text("text", lines.get(i), "x", cx, "y", top + 11 + i * LINE_H, "font-size", 12, "font-weight",
                        "bold", "class", "as-name");
            }
            int y = top + lines.size() * LINE_H + 12;
            String info = truncate(headerInfo(c), maxChars(w));
            x.text("text", info, "x", cx, "y", y, "fill", "#666666");
            x.endTag("g");
        }

        private void axisLabels(AxisLayout axis, int left, int axisW) {
            int right = left + axisW;
            x.open("g", "class", "axis").end().raw("\n");
            x.empty("line", "x1", right, "y1", axis.top, "x2", right, "y2", axis.bottom, "stroke", "#444444");
            for (int i = 0; i <= axis.size(); i++) {
                BigInteger addr;
                int y;
                if (i < axis.size()) {
                    addr = Hex.unsigned(axis.start[i]);
                    y = axis.y[i];
                } else {
                    addr = Hex.unsigned(axis.axisLast).add(BigInteger.ONE);
                    y = axis.bottom;
                }
                x.empty("line", "x1", right - 5, "y1", y, "x2", right, "y2", y, "stroke", "#444444");
                x.text("text", Hex.grouped(addr, digits), "x", right - 8, "y", y + 4, "text-anchor", "end",
                        "class", "addr", "fill", "#333333");
            }
            x.endTag("g");
        }

        private void gaps(AxisLayout axis, int left, int right) {
            for (int i = 0; i < axis.size(); i++) {
                if (!axis.gap[i]) {
                    continue;
                }
                BigInteger skipped = Hex.unsigned(axis.last[i]).subtract(Hex.unsigned(axis.start[i])).add(BigInteger.ONE);
                String human = Hex.size(skipped);
                int y0 = axis.y[i];
                int h = axis.height[i];
                x.open("g", "class", "gap", "data-start", Hex.full(axis.start[i]), "data-last", Hex.full(axis.last[i]),
                        "data-skipped", "0x" + skipped.toString(16), "data-skipped-size", human).end();
                x.text("title", "collapsed: " + Hex.full(axis.start[i]) + "-" + Hex.full(axis.last[i]) + " ("
                        + human + ", 0x" + skipped.toString(16) + " bytes) is unmapped in every column; not to scale");
                int gx = left + 6;
                x.empty("rect", "x", gx, "y", y0 + 3, "width", right - gx, "height", h - 6, "fill", "#f1f1ec");
                x.empty("path", "d", zigzag(gx, right, y0 + 4), "fill", "none", "stroke", "#888888");
                x.empty("path", "d", zigzag(gx, right, y0 + h - 4), "fill", "none", "stroke", "#888888");
                String label = "\u22ee " + human + " skipped (0x" + skipped.toString(16) + " bytes unmapped everywhere) \u22ee";
                if (label.length() * CHAR_W > right - gx - 8) {
                    label = "\u22ee " + human + " skipped \u22ee";
                }
                x.text("text", label, "x", (gx + right) / 2, "y", y0 + h / 2 + 4, "text-anchor", "middle",
                        "fill", "#555555", "font-style", "italic");
                x.endTag("g");
            }
        }

        private static String zigzag(int from, int to, int y) {
            StringBuilder d = new StringBuilder("M").append(from).append(',').append(y);
            boolean up = true;
            for (int px = from + 4; px <= to; px += 4) {
                d.append(" L").append(px).append(',').append(up ? y - 2 : y + 2);
                up = !up;
            }
            return d.toString();
        }

        private void column(MemoryMap.Column c, AxisLayout axis, int cx, int w) {
            x.open("g", "class", "ranges", "data-column", column, "data-as", c.label()).end().raw("\n");
            long pos = 0;
            boolean atEnd = false;
            for (MemoryMap.Block b : c.blocks()) {
                if (!atEnd && Long.compareUnsigned(b.start(), pos) > 0) {
                    hole(c, axis, cx, w, pos, b.start() - 1);
                }
                block(c, b, axis, cx, w);
                atEnd = b.last() == -1L || Long.compareUnsigned(b.last(), axis.axisLast) >= 0;
                pos = b.last() + 1;
            }
            if (!atEnd) {
                hole(c, axis, cx, w, pos, axis.axisLast);
            }
            links(c, axis, cx, w);
            x.endTag("g");
        }

        private void hole(MemoryMap.Column c, AxisLayout axis, int cx, int w, long from, long to) {
            if (Long.compareUnsigned(from, c.last()) <= 0 && Long.compareUnsigned(to, c.last()) > 0) {
                holePart(c, axis, cx, w, from, c.last());
                holePart(c, axis, cx, w, c.last() + 1, to);
            } else {
                holePart(c, axis, cx, w, from, to);
            }
        }

        private void holePart(MemoryMap.Column c, AxisLayout axis, int cx, int w, long from, long to) {
            List<int[]> runs = axis.runsOutsideGaps(from, to);
            BigInteger size = Hex.unsigned(to).subtract(Hex.unsigned(from)).add(BigInteger.ONE);
            boolean beyond = Long.compareUnsigned(from, c.last()) > 0;
            boolean empty = c.blocks().isEmpty();
            x.open("g", "class", "hole" + (beyond ? " beyond-root" : ""), "data-as", c.label(), "data-column", column,
                    "data-start", Hex.full(from), "data-last", Hex.full(to)).end();
            x.text("title", Hex.full(from) + "-" + Hex.full(to) + " (" + Hex.size(size) + ")\nunmapped in "
                    + c.label() + (beyond ? " (beyond the end of its root)" : "")
                    + (empty ? " (no rendered flat view)" : "") + ": an access here is a DECODE_ERROR");
            String label = empty ? "no rendered flat view" : beyond ? "past the end of the root" : "unmapped";
            boolean labelled = false;
            for (int[] run : runs) {
                int y0 = axis.y[run[0]];
                int y1 = axis.y[run[1]] + axis.height[run[1]];
                x.empty("rect", "x", cx, "y", y0, "width", w, "height", y1 - y0, "fill",
                        beyond ? "url(#hatch-light)" : "url(#hatch)", "stroke", beyond ? "#e2e2e2" : "#c8c8c8");
                if (!labelled && y1 - y0 >= LINE_H + 2) {
                    x.text("text", label, "x", cx + 5, "y", y0 + 12, "fill", "#8a8a8a", "font-style", "italic");
                    labelled = true;
                }
            }
            x.endTag("g");
        }

        private void block(MemoryMap.Column c, MemoryMap.Block b, AxisLayout axis, int cx, int w) {
            int y0 = axis.top(b.start());
            int y1 = axis.bottom(b.last());
            BigInteger size = Hex.unsigned(b.last()).subtract(Hex.unsigned(b.start())).add(BigInteger.ONE);
            AliasHop hop = b.innermostAlias();
            StringBuilder chain = new StringBuilder();
            for (AliasHop h : b.aliases()) {
                chain.append(chain.length() == 0 ? "" : "; ").append(h.label());
            }
            x.open("g", "class", "range kind-" + b.kind().cssClass() + (hop == null ? "" : " aliased"),
                    "data-as", c.label(), "data-column", column, "data-name", b.name(),
                    "data-start", Hex.full(b.start()), "data-last", Hex.full(b.last()),
                    "data-kind", b.kind().cssClass(), "data-region", b.regionId(),
                    "data-offset", Hex.full(b.offsetInRegion()),
                    "data-alias", hop == null ? null : hop.alias(),
                    "data-alias-target", hop == null ? null : hop.target(),
                    "data-alias-offset", hop == null ? null : Hex.full(hop.offsetInTarget()),
                    "data-aliases", hop == null ? null : chain.toString()).end();
            StringBuilder tip = new StringBuilder();
            tip.append(b.name()).append(" (").append(b.kind().label()).append(")\n")
                    .append(Hex.full(b.start())).append('-').append(Hex.full(b.last())).append(" (")
                    .append(Hex.size(size)).append(")\n")
                    .append("offset in region: ").append(Hex.compact(b.offsetInRegion()))
                    .append("\nin: ").append(c.label());
            for (AliasHop h : b.aliases()) {
                tip.append('\n').append(h.label());
            }
            x.text("title", tip.toString());
            RangeKind k = b.kind();
            x.empty("rect", "x", cx, "y", y0, "width", w, "height", y1 - y0, "fill", k.fill(), "stroke",
                    hop == null ? k.stroke() : "#333333", "stroke-dasharray", hop == null ? null : "4,2",
                    "stroke-width", hop == null ? null : "1.2");
            int max = maxChars(w);
            String name = b.name() + (b.offsetInRegion() != 0 ? " @" + Hex.compact(b.offsetInRegion()) : "");
            String sizeText = Hex.size(size);
            int firstBottom = b.changes().isEmpty() ? y1 : axis.top(b.changes().get(0).address());
            int lines = Math.max(1, (firstBottom - y0 - 3) / LINE_H);
            int base = y0 + 12;
            if (name.length() + 1 + sizeText.length() <= max) {
                x.text("text", sizeText, "x", cx + w - 5, "y", base, "text-anchor", "end", "fill", "#444444",
                        "class", "size");
                max = max - sizeText.length() - 1;
            }
            if (lines >= 2 || hop == null) {
                x.text("text", truncate(name, max), "x", cx + 5, "y", base, "font-weight", "bold", "class", "name");
                if (hop != null) {
                    x.text("text", truncate(hop.label(), maxChars(w)), "x", cx + 5, "y", base + LINE_H,
                            "font-style", "italic", "fill", "#333333", "class", "alias");
                }
            } else {
                x.open("text", "x", cx + 5, "y", base, "class", "name").end();
                String nameShown = truncate(name, max);
                x.raw("<tspan font-weight=\"bold\">" + Xml.escape(nameShown) + "</tspan>");
                int rest = max - nameShown.length() - 1;
                if (rest >= 8) {
                    x.raw("<tspan font-style=\"italic\" fill=\"#333333\" class=\"alias\"> "
                            + Xml.escape(truncate("\u21a9 " + hop.alias() + " \u2192 " + hop.target(), rest)) + "</tspan>");
                }
                x.endTag("text");
            }
            for (MemoryMap.AliasChange change : b.changes()) {
                int cy = axis.top(change.address());
                int next = axis.bottom(b.last());
                AliasHop via = change.innermostAlias();
                String text = via == null ? "direct (no alias)" : via.label();
                x.open("g", "class", "alias-change", "data-start", Hex.full(change.address()),
                        "data-alias", via == null ? null : via.alias(),
                        "data-alias-target", via == null ? null : via.target(),
                        "data-alias-offset", via == null ? null : Hex.full(via.offsetInTarget())).end();
                x.text("title", "from " + Hex.full(change.address()) + ": " + text);
                x.empty("line", "x1", cx, "y1", cy, "x2", cx + w, "y2", cy, "stroke", "#333333",
                        "stroke-dasharray", "4,2");
                if (next - cy >= LINE_H + 2) {
                    x.text("text", truncate(text, maxChars(w)), "x", cx + 5, "y", cy + 12, "font-style", "italic",
                            "fill", "#333333", "class", "alias");
                }
                x.endTag("g");
            }
            x.endTag("g");
        }

        private void links(MemoryMap.Column c, AxisLayout axis, int cx, int w) {
            int right = cx + w;
            int n = 0;
            for (MemoryMap.Block b : c.blocks()) {
                if (b.aliases().isEmpty()) {
                    continue;
                }
                for (MemoryMap.Block d : c.blocks()) {
                    if (d == b || !d.aliases().isEmpty() || d.regionId() != b.regionId()) {
                        continue;
                    }
                    long into = b.offsetInRegion() - d.offsetInRegion();
                    if (Long.compareUnsigned(b.offsetInRegion(), d.offsetInRegion()) < 0
                            || Long.compareUnsigned(into, d.last() - d.start()) > 0) {
                        continue;
                    }
                    long target = d.start() + into;
                    double fromY = (axis.top(b.start()) + Math.min(axis.bottom(b.last()), axis.top(b.start()) + 2 * LINE_H)) / 2.0;
                    double toY = Math.max(axis.yOf(target), axis.top(d.start())) + 3;
                    toY = Math.min(toY, axis.bottom(d.last()) - 3);
                    int bend = right + 12 + (n % 3) * 8;
                    x.open("path", "class", "alias-link", "data-from", Hex.full(b.start()), "data-to", Hex.full(target),
                            "d", "M" + right + "," + Xml.num(fromY) + " C" + bend + "," + Xml.num(fromY) + " " + bend
                                    + "," + Xml.num(toY) + " " + (right + 2) + "," + Xml.num(toY),
                            "fill", "none", "stroke", "#444444", "stroke-width", "1.2", "marker-end", "url(#arrow)")
                            .end();
                    x.text("title", b.innermostAlias().label() + ": " + b.name() + " is also mapped directly at "
                            + Hex.full(target));
                    x.endTag("path");
                    n++;
                    break;
                }
            }
        }

        private void footer(int top) {
            x.open("g", "class", "footer", "fill", "#555555").end().raw("\n");
            for (int i = 0; i < FOOTER.length; i++) {
                x.text("text", FOOTER[i], "x", MARGIN, "y", top + 10 + i * LINE_H);
            }
            x.endTag("g");
        }

        private static int maxChars(int w) {
            return Math.max(4, (int) Math.floor((w - 10) / CHAR_W));
        }

        private static String truncate(String s, int max) {
            if (s.length() <= max) {
                return s;
            }
            return s.substring(0, Math.max(1, max - 1)) + "\u2026";
        }
    }
}
