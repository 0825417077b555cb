package dev.addrspace.examples.map;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** A parsed SVG picture, queried by element class and {@code data-*} attributes. */
final class Svg {

    final Document doc;

    private Svg(Document doc) {
        this.doc = doc;
    }

    /** Parses {@code xml} with the JDK's parser; fails on anything that is not well-formed. */
    static Svg parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return new Svg(b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    /** Every element whose {@code class} attribute holds {@code cls} as a word. */
    List<Element> byClass(String cls) {
        return all(e -> List.of(e.getAttribute("class").split(" ")).contains(cls));
    }

    List<Element> all(Predicate<Element> p) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("*");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (p.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the first {@code <title>} child of {@code e}, or "". */
    static String title(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element t && t.getTagName().equals("title")) {
                return t.getTextContent();
            }
        }
        return "";
    }

    /** The first direct child element named {@code tag}, or null. */
    static Element child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c;
            }
        }
        return null;
    }

    /** The column index of each address space, from the column headers. */
    java.util.Map<String, String> columnOf() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (Element col : byClass("column")) {
            NodeList kids = col.getElementsByTagName("g");
            for (int i = 0; i < kids.getLength(); i++) {
                Element as = (Element) kids.item(i);
                if (as.getAttribute("class").equals("address-space")) {
                    out.put(as.getAttribute("data-name"), col.getAttribute("data-column"));
                }
            }
        }
        return out;
    }

    /** Every column index whose header names {@code addressSpace} (names need not be unique). */
    List<String> columnsNamed(String addressSpace) {
        List<String> out = new ArrayList<>();
        for (Element col : byClass("column")) {
            NodeList kids = col.getElementsByTagName("g");
            for (int i = 0; i < kids.getLength(); i++) {
                Element as = (Element) kids.item(i);
                if (as.getAttribute("class").equals("address-space") && as.getAttribute("data-name").equals(addressSpace)) {
                    out.add(col.getAttribute("data-column"));
                }
            }
        }
        return out;
    }

    /** The one range in column {@code column} with these bounds, or null. */
    Element range(String column, long start, long last) {
        String s = Hex.full(start);
        String l = Hex.full(last);
        List<Element> found = all(e -> e.getAttribute("class").startsWith("range ")
                && e.getAttribute("data-column").equals(column) && e.getAttribute("data-start").equals(s)
                && e.getAttribute("data-last").equals(l));
        return found.size() == 1 ? found.get(0) : null;
    }

    /** The ranges named {@code name}, in document order. */
    List<Element> rangesNamed(String name) {
        return all(e -> e.getAttribute("class").startsWith("range ") && e.getAttribute("data-name").equals(name));
    }
}
