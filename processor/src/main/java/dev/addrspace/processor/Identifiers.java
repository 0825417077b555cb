package dev.addrspace.processor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * Java names: the accessor derived from a constant's name, the presence check derived from an accessor,
 * the default generated class name, and the names the generated class already uses for itself.
 */
final class Identifiers {

    /** Static methods of the generated class; no accessor may take them. */
    static final Set<String> GENERATED_METHODS =
            Set.of("roots", "addressSpace", "has", "indexOf", "constantAt", "prefixOf");

    /** Methods of the generated {@code Roots}, where each accessor also names a setter. */
    static final Set<String> ROOTS_METHODS = Set.of("init", "set");

    /** The simple name of the init entry point's builder, nested in the generated class. */
    static final String ROOTS_CLASS = "Roots";

    /** The {@code java.lang} types the generated code names, never imported. */
    static final List<String> JAVA_LANG_TYPES = List.of("String", "IllegalStateException", "NullPointerException",
            "IndexOutOfBoundsException");

    /**
     * Top-level type names the generated class cannot write as simple names (its nested {@code Roots}, the
     * {@code java.lang} and runtime types it names), so that it writes an enum of such a name qualified.
     */
    static final Set<String> QUALIFIED_TYPE_NAMES = Set.of(ROOTS_CLASS, "String", "IllegalStateException",
            "NullPointerException", "IndexOutOfBoundsException", "CpuState", "AddressSpace", "MemoryRegion",
            "Generated");

    /** Parameters, locals and fields of the generated code, which obscure a package of the same name. */
    static final Set<String> GENERATED_VARIABLES = Set.of("cpu", "which", "root", "roots", "index", "as",
            "reason");

    /** The slot count field. */
    static final String MAX_FIELD = "MAX";

    /** The private table of constants by index. */
    static final String CONSTANTS_FIELD = "CONSTANTS";

    /** The private table of indices by ordinal. */
    static final String INDICES_FIELD = "INDICES";

    /** The private table of prefixes by index. */
    static final String PREFIXES_FIELD = "PREFIXES";

    /** The field of {@code Roots} that holds the roots by index. */
    static final String ROOTS_FIELD = "roots";

    /** The parameter of the init entry point, whose body refers to the {@code int} constants. */
    static final String CPU_PARAMETER = "cpu";

    /**
     * Names the generated class uses for itself where an {@code int} constant named after an enum constant
     * would clash or be shadowed, each with what it is.
     */
    static final Map<String, String> GENERATED_FIELDS = Map.of(
            MAX_FIELD, "the slot count",
            CONSTANTS_FIELD, "its private table of constants",
            INDICES_FIELD, "its private table of indices",
            PREFIXES_FIELD, "its private table of prefixes",
            CPU_PARAMETER, "the parameter of Roots.init, which would shadow the constant",
            ROOTS_FIELD, "the field of Roots that holds the roots, which would shadow the constant");

    /** What the default class name appends to the enum's name. */
    static final String CLASS_NAME_SUFFIX = "Slots";

    private Identifiers() {
    }

    /**
     * Derives the accessor name of a constant: the lower camel case of its underscore-separated words.
     * A word without lower-case letters is lower-cased whole ({@code TAG_NS} gives {@code tagNs}); a word
     * that has some keeps its inner case ({@code TagNs} gives {@code tagNs}).
     *
     * @param constantName the enum constant's name
     * @return the accessor name; empty when the name has no word (only underscores)
     */
    static String accessorFor(String constantName) {
        StringBuilder out = new StringBuilder(constantName.length());
        for (String word : constantName.split("_")) {
            if (word.isEmpty()) {
                continue;
            }
            String w = word.equals(word.toUpperCase(Locale.ROOT)) ? word.toLowerCase(Locale.ROOT) : word;
            // By code point: a letter outside the BMP (Deseret 𐐀) is two chars, and changes case whole.
            int first = w.codePointAt(0);
            out.appendCodePoint(out.length() == 0 ? Character.toLowerCase(first) : Character.toUpperCase(first));
            out.append(w, Character.charCount(first), w.length());
        }
        return out.toString();
    }

    /**
     * Derives the presence check of an accessor: {@code s} gives {@code hasS}.
     *
     * @param accessor a non-empty accessor name
     * @return {@code "has"} followed by the accessor with its first letter in upper case
     */
    static String presenceCheckFor(String accessor) {
        int first = accessor.codePointAt(0);
        return new StringBuilder("has").appendCodePoint(Character.toUpperCase(first))
                .append(accessor, Character.charCount(first), accessor.length()).toString();
    }

    /**
     * Whether {@code name} is a keyword or literal ({@code new}, {@code int}, {@code true}, {@code _}) in
     * {@code version}.
     */
    static boolean isKeyword(String name, SourceVersion version) {
        return SourceVersion.isKeyword(name, version);
    }

    /** Whether {@code name} is a syntactically valid simple identifier that is not a keyword. */
    static boolean isSimpleName(String name, SourceVersion version) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name, version);
    }

    /**
     * The default name of the generated class: the enum's simple names joined by {@code _}, then
     * {@code Slots} ({@code Outer.Inner} gives {@code Outer_InnerSlots}).
     *
     * @param simpleNames the simple names from the top-level type down to the enum
     */
    static String defaultClassName(List<String> simpleNames) {
        return String.join("_", simpleNames) + CLASS_NAME_SUFFIX;
    }

    /**
     * Renders an element for a message the way source code names it, never with {@code toString()}: a
     * type as {@code Outer.Inner}, a field as {@code Outer.field}, after a word saying what it is.
     *
     * @param element a type or a field
     * @return for example {@code "the class Board"} or {@code "the field Board.cpuCount"}
     */
    static String describe(Element element) {
        String kind = element.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (element.getKind() == ElementKind.ANNOTATION_TYPE) {
            kind = "annotation interface";
        }
        return "the " + kind + " " + render(element);
    }

    private static String render(Element element) {
        if (element instanceof TypeElement type) {
            return String.join(".", ModelReader.simpleNames(type));
        }
        Element enclosing = element.getEnclosingElement();
        String name = element.getSimpleName().toString();
        return enclosing instanceof TypeElement ? render(enclosing) + "." + name : name;
    }
}
