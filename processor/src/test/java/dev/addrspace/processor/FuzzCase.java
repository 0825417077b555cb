package dev.addrspace.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/**
 * One generated input of {@link ProcessorFuzzTest}: a package with one or more files that declare
 * address-space enums (top-level or nested), and distractor types. The records describe the declaration;
 * {@link #sources()} renders it as Java source. Annotations are always written fully qualified, so that a
 * type named {@code AddressSpace} in the package cannot hide them.
 *
 * @param id the case number, for messages
 * @param packageName the package, empty for the unnamed package
 * @param types the files, each a list of top-level types
 */
record FuzzCase(int id, String packageName, List<List<TypeDecl>> types) {

    static final String AS = "@dev.addrspace.annotations.AddressSpace";
    static final String ASES = "@dev.addrspace.annotations.AddressSpaces";

    /** A type of the case: a wrapper holding members, an address-space enum, or a distractor. */
    sealed interface TypeDecl permits Wrapper, EnumDecl, Distractor {
        String name();
    }

    /** What a wrapper type is. */
    enum WrapperKind { CLASS, GENERIC_CLASS, INTERFACE, RECORD, ENUM }

    /**
     * A type that only encloses others.
     *
     * @param kind its kind
     * @param modifiers its modifiers, each followed by a space
     * @param name its simple name
     * @param members the types nested in it
     */
    record Wrapper(WrapperKind kind, String modifiers, String name, List<TypeDecl> members) implements TypeDecl {
    }

    /**
     * One {@code @AddressSpace} constant (or an unannotated constant when {@code annotated} is false).
     *
     * @param indexSource the {@code index} value as written in source
     */
    record Constant(String name, boolean annotated, int index, String indexSource, String prefix,
            List<String> requires, boolean requiresAsArray, String accessor, boolean body, boolean argument) {
    }

    /**
     * An enum that the processor sees: annotated constants, or {@code @AddressSpaces} on it.
     *
     * @param className null for no {@code @AddressSpaces}, "" for the annotation without className
     * @param members whether it has a field, constructors and a method
     * @param annotatedField whether a non-constant field of it carries {@code @AddressSpace}
     */
    record EnumDecl(String modifiers, String name, String className, List<Constant> constants,
            boolean implementsInterface, boolean members, boolean annotatedField) implements TypeDecl {
    }

    /** What a distractor is. */
    enum DistractorKind {
        /** A plain class (for example one that takes a generated class name). */
        PLAIN_CLASS,
        /** A class with an {@code @AddressSpace} field. */
        ANNOTATED_CLASS_FIELD,
        /** An interface with an {@code @AddressSpace} constant field. */
        ANNOTATED_INTERFACE_FIELD,
        /** A record whose component carries {@code @AddressSpace} (it lands on the field). */
        ANNOTATED_RECORD_COMPONENT,
        /** {@code @AddressSpaces} on a class. */
        ADDRESS_SPACES_ON_CLASS,
        /** {@code @AddressSpaces} on an interface. */
        ADDRESS_SPACES_ON_INTERFACE,
        /** {@code @AddressSpaces} on a record. */
        ADDRESS_SPACES_ON_RECORD,
        /** {@code @AddressSpaces} on an annotation interface. */
        ADDRESS_SPACES_ON_ANNOTATION,
        /** An enum without any of the annotations: the processor ignores it. */
        PLAIN_ENUM
    }

    /**
     * A type the processor must reject or ignore, never generate for.
     *
     * @param kind what it is
     * @param name its simple name
     */
    record Distractor(DistractorKind kind, String name) implements TypeDecl {
    }

    /** @return the sources, one file per top-level list, named after its first type */
    List<JavaFileObject> sources() {
        List<JavaFileObject> out = new ArrayList<>();
        for (List<TypeDecl> file : types) {
            StringBuilder s = new StringBuilder();
            if (!packageName.isEmpty()) {
                s.append("package ").append(packageName).append(";\n\n");
            }
            for (TypeDecl t : file) {
                render(t, "", s);
                s.append('\n');
            }
            String first = file.get(0).name();
            out.add(JavaFileObjects.forSourceString(packageName.isEmpty() ? first : packageName + "." + first,
                    s.toString()));
        }
        return out;
    }

    /** @return the path of a file of this case as javac names it, for example {@code /c5/Board.java} */
    String pathOf(String topLevelName) {
        return "/" + (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + topLevelName + ".java";
    }

    private static void render(TypeDecl t, String indent, StringBuilder s) {
        if (t instanceof Wrapper w) {
            String header = switch (w.kind()) {
                case CLASS -> "class " + w.name();
                case GENERIC_CLASS -> "class " + w.name() + "<T extends java.lang.Comparable<T>>";
                case INTERFACE -> "interface " + w.name();
                case RECORD -> "record " + w.name() + "(int x)";
                case ENUM -> "enum " + w.name();
            };
            s.append(indent).append(w.modifiers()).append(header).append(" {\n");
            if (w.kind() == WrapperKind.ENUM) {
                s.append(indent).append("    FIRST, SECOND;\n");
            }
            for (TypeDecl m : w.members()) {
                render(m, indent + "    ", s);
            }
            s.append(indent).append("}\n");
        } else if (t instanceof EnumDecl e) {
            renderEnum(e, indent, s);
        } else if (t instanceof Distractor d) {
            renderDistractor(d, indent, s);
        }
    }

    private static void renderEnum(EnumDecl e, String indent, StringBuilder s) {
        if (e.className() != null) {
            s.append(indent).append(ASES);
            if (!e.className().isEmpty() || e.name().hashCode() % 2 == 0) {
                s.append("(className = ").append(literal(e.className())).append(')');
            }
            s.append('\n');
        }
        s.append(indent).append(e.modifiers()).append("enum ").append(e.name());
        if (e.implementsInterface()) {
            s.append(" implements java.lang.Runnable");
        }
        s.append(" {\n");
        List<String> constants = new ArrayList<>();
        for (Constant c : e.constants()) {
            StringBuilder line = new StringBuilder(indent).append("    ");
            if (c.annotated()) {
                line.append(AS).append("(index = ").append(c.indexSource())
                        .append(", prefix = ").append(literal(c.prefix()));
                if (c.requiresAsArray() || !c.requires().isEmpty()) {
                    line.append(", requires = ");
                    String items = c.requires().stream().map(FuzzCase::literal).collect(Collectors.joining(", "));
                    line.append(c.requiresAsArray() ? "{" + items + "}" : items);
                }
                if (c.accessor() != null) {
                    line.append(", accessor = ").append(literal(c.accessor()));
                }
                line.append(")\n").append(indent).append("    ");
            }
            line.append(c.name());
            if (c.argument() && e.members()) {
                line.append("(").append(c.index() & 0xff).append(")");
            }
            if (c.body()) {
                line.append(" {\n").append(indent).append("        @java.lang.Override\n").append(indent)
                        .append("        public java.lang.String toString() {\n").append(indent)
                        .append("            return \"body\";\n").append(indent).append("        }\n")
                        .append(indent).append("    }");
            }
            constants.add(line.toString());
        }
        s.append(String.join(",\n", constants)).append(";\n");
        if (e.members()) {
            s.append(indent).append("    private final int code_f;\n");
            s.append(indent).append("    ").append(e.name()).append("() {\n").append(indent)
                    .append("        this(0);\n").append(indent).append("    }\n");
            s.append(indent).append("    ").append(e.name()).append("(int code) {\n").append(indent)
                    .append("        this.code_f = code;\n").append(indent).append("    }\n");
            s.append(indent).append("    int code_m() {\n").append(indent).append("        return code_f;\n")
                    .append(indent).append("    }\n");
        }
        if (e.implementsInterface()) {
            s.append(indent).append("    @java.lang.Override\n").append(indent).append("    public void run() {\n")
                    .append(indent).append("    }\n");
        }
        if (e.annotatedField()) {
            s.append(indent).append("    ").append(AS).append("(index = 0, prefix = \"cpu-field\")\n")
                    .append(indent).append("    static int slot_f;\n");
        }
        s.append(indent).append("}\n");
    }

    private static void renderDistractor(Distractor d, String indent, StringBuilder s) {
        String n = d.name();
        String annotation = ASES + "\n" + indent;
        String field = indent + "    " + AS + "(index = 0, prefix = \"cpu-memory\")\n";
        switch (d.kind()) {
            case PLAIN_CLASS -> s.append(indent).append("class ").append(n).append(" {\n");
            case ANNOTATED_CLASS_FIELD -> s.append(indent).append("class ").append(n).append(" {\n").append(field)
                    .append(indent).append("    int slot;\n");
            case ANNOTATED_INTERFACE_FIELD -> s.append(indent).append("interface ").append(n).append(" {\n")
                    .append(field).append(indent).append("    int SLOT = 0;\n");
            case ANNOTATED_RECORD_COMPONENT -> s.append(indent).append("record ").append(n).append("(")
                    .append(AS).append("(index = 0, prefix = \"cpu-memory\") int slot) {\n");
            case ADDRESS_SPACES_ON_CLASS -> s.append(indent).append(annotation).append("class ").append(n)
                    .append(" {\n");
            case ADDRESS_SPACES_ON_INTERFACE -> s.append(indent).append(annotation).append("interface ").append(n)
                    .append(" {\n");
            case ADDRESS_SPACES_ON_RECORD -> s.append(indent).append(annotation).append("record ").append(n)
                    .append("(int x) {\n");
            case ADDRESS_SPACES_ON_ANNOTATION -> s.append(indent).append(annotation).append("@interface ").append(n)
                    .append(" {\n");
            case PLAIN_ENUM -> s.append(indent).append("enum ").append(n).append(" {\n").append(indent)
                    .append("    ONE, TWO\n");
        }
        s.append(indent).append("}\n");
    }

    /** Renders a Java string literal; control characters as octal escapes, everything else as is. */
    static String literal(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                s.append('\\').append(ch);
            } else if (ch < 0x20 || ch == 0x7f) {
                s.append(String.format("\\%03o", (int) ch));
            } else {
                s.append(ch);
            }
        }
        return s.append('"').toString();
    }
}
