package dev.addrspace.examples.map;

import java.util.Locale;

/**
 * A small XML text builder for SVG: elements, escaped attributes and text, fixed number formatting
 * ({@link Locale#ROOT}) so that the same picture is the same bytes. Not thread safe. Allocates.
 */
final class Xml {

    private final StringBuilder out = new StringBuilder(1 << 16);

    /** Escapes {@code s} for text and attribute values; characters XML 1.0 forbids become {@code ?}. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                            || c == 0xfffe || c == 0xffff) {
                        sb.append('?');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Formats a coordinate: integers without a fraction, others with one decimal. */
    static String num(double v) {
        long r = Math.round(v);
        if (Math.abs(v - r) < 0.05) {
            return Long.toString(r);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Opens {@code <name} followed by the attribute pairs; close it with {@link #end()} or {@link #close()}. */
    Xml open(String name, Object... attrs) {
        out.append('<').append(name);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            Object v = attrs[i + 1];
            if (v == null) {
                continue;
            }
            String text = v instanceof Double d ? num(d) : v instanceof Float f ? num(f) : v.toString();
            out.append(' ').append(attrs[i]).append("=\"").append(escape(text)).append('"');
        }
        return this;
    }

    /** Ends the open tag: {@code >}. */
    Xml end() {
        out.append('>');
        return this;
    }

    /** Ends the open tag as empty: {@code />} and a new line. */
    Xml close() {
        out.append("/>\n");
        return this;
    }

    /** An empty element. */
    Xml empty(String name, Object... attrs) {
        return open(name, attrs).close();
    }

    /** An element holding escaped text. */
    Xml text(String name, String text, Object... attrs) {
        open(name, attrs).end();
        out.append(escape(text));
        return endTag(name);
    }

    /** A closing tag and a new line. */
    Xml endTag(String name) {
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** Raw markup, not escaped. */
    Xml raw(String markup) {
        out.append(markup);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
