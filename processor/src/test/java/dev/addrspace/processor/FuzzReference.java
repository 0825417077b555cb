package dev.addrspace.processor;

import dev.addrspace.processor.FuzzCase.Constant;
import dev.addrspace.processor.FuzzCase.Distractor;
import dev.addrspace.processor.FuzzCase.EnumDecl;
import dev.addrspace.processor.FuzzCase.TypeDecl;
import dev.addrspace.processor.FuzzCase.Wrapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.SourceVersion;

/**
 * The expected verdict of a {@link FuzzCase}, written from the documented rules (the processor README's
 * diagnostics table and the annotations' Javadoc), not from the processor's code: the number of errors of
 * each tag, the number of {@code requires} repetition warnings, and for a clean case what each enum's
 * generated class must contain.
 *
 * <p>One count is a range, not a number: when several enums of one package claim one generated class
 * name, the processor generates the class for the first clean one it meets and reports
 * {@code [AddressSpaceClassNameExists]} on every enum it meets after that; which one comes first is the
 * compiler's order, so the reference gives the smallest and largest count that some order produces.
 */
final class FuzzReference {

    /** Names the generated class uses for itself: a constant's {@code int} field cannot take them. */
    static final Set<String> RESERVED_FIELDS = Set.of("MAX", "CONSTANTS", "INDICES", "PREFIXES", "cpu", "roots");

    /** Class names that {@code @AddressSpaces} may not choose. */
    static final Set<String> RESERVED_CLASS_NAMES = Set.of("Roots", "String", "IllegalStateException",
            "NullPointerException", "IndexOutOfBoundsException");

    /** Top-level type names that the generated class writes qualified. */
    static final Set<String> QUALIFIED_TYPE_NAMES = Set.of("Roots", "String", "IllegalStateException",
            "NullPointerException", "IndexOutOfBoundsException", "CpuState", "AddressSpace", "MemoryRegion",
            "Generated");

    /** Variables of the generated code, which obscure a package of the same name. */
    static final Set<String> GENERATED_VARIABLES = Set.of("cpu", "which", "root", "roots", "index", "as", "reason");

    /** Generated methods no accessor may take. */
    static final Set<String> RESERVED_METHODS = Set.of("roots", "addressSpace", "has", "indexOf", "constantAt",
            "prefixOf", "init", "set");

    /**
     * A clean enum and what its generated class must do.
     *
     * @param enumBinaryName the enum's binary name
     * @param slotsName the generated class's qualified name
     * @param displayName the enum as messages name it
     * @param constants the annotated constants, in declaration order
     * @param accessors their accessors, in declaration order
     */
    record CleanEnum(String enumBinaryName, String slotsName, String displayName, List<Constant> constants,
            List<String> accessors) {
    }

    /** The verdict for one case. */
    static final class Verdict {
        final Map<Message, Integer> errors = new EnumMap<>(Message.class);
        int existsMin;
        int existsMax;
        int warnings;
        final List<CleanEnum> clean = new ArrayList<>();

        /** @return true when the reference says the case compiles */
        boolean compiles() {
            return errors.isEmpty() && existsMax == 0;
        }

        void add(Message m, int count) {
            if (count > 0) {
                errors.merge(m, count, Integer::sum);
            }
        }
    }

    private record Seen(EnumDecl decl, List<String> simpleNames, String generatedName, int errorCount,
            CleanEnum clean) {
    }

    private FuzzReference() {
    }

    /**
     * Computes the verdict of a case.
     *
     * @param c the case
     * @return what the processor must report and generate
     */
    static Verdict verdict(FuzzCase c) {
        Verdict v = new Verdict();
        Set<String> declared = new HashSet<>();
        for (List<TypeDecl> file : c.types()) {
            for (TypeDecl t : file) {
                declared.add(t.name());
            }
        }
        List<Seen> seen = new ArrayList<>();
        for (List<TypeDecl> file : c.types()) {
            for (TypeDecl t : file) {
                walk(c, t, new ArrayList<>(), false, declared, v, seen);
            }
        }
        Map<String, List<Seen>> groups = new LinkedHashMap<>();
        for (Seen s : seen) {
            if (s.generatedName() != null) {
                groups.computeIfAbsent(s.generatedName(), n -> new ArrayList<>()).add(s);
            }
        }
        for (List<Seen> group : groups.values()) {
            int cleanCount = (int) group.stream().filter(s -> s.errorCount() == 0).count();
            if (cleanCount > 0) {
                v.existsMin += cleanCount - 1;
                v.existsMax += group.size() - 1;
            }
            if (group.size() == 1 && cleanCount == 1) {
                v.clean.add(group.get(0).clean());
            }
        }
        return v;
    }

    private static void walk(FuzzCase c, TypeDecl t, List<String> enclosing, boolean privateEnclosing,
            Set<String> declared, Verdict v, List<Seen> seen) {
        if (t instanceof Wrapper w) {
            List<String> inside = new ArrayList<>(enclosing);
            inside.add(w.name());
            for (TypeDecl m : w.members()) {
                walk(c, m, inside, privateEnclosing || w.modifiers().contains("private"), declared, v, seen);
            }
        } else if (t instanceof Distractor d) {
            switch (d.kind()) {
                case ANNOTATED_CLASS_FIELD, ANNOTATED_INTERFACE_FIELD, ANNOTATED_RECORD_COMPONENT ->
                        v.add(Message.NOT_ENUM_CONSTANT, 1);
                case ADDRESS_SPACES_ON_CLASS, ADDRESS_SPACES_ON_INTERFACE, ADDRESS_SPACES_ON_RECORD,
                        ADDRESS_SPACES_ON_ANNOTATION -> v.add(Message.NOT_ENUM, 1);
                default -> {
                }
            }
        } else if (t instanceof EnumDecl e) {
            if (e.annotatedField()) {
                v.add(Message.NOT_ENUM_CONSTANT, 1);
            }
            boolean processed = e.className() != null || e.constants().stream().anyMatch(Constant::annotated);
            if (processed) {
                List<String> simpleNames = new ArrayList<>(enclosing);
                simpleNames.add(e.name());
                seen.add(checkEnum(c, e, simpleNames, privateEnclosing, declared, v));
            }
        }
    }

    private static Seen checkEnum(FuzzCase c, EnumDecl e, List<String> simpleNames, boolean privateEnclosing,
            Set<String> declared, Verdict v) {
        Map<Message, Integer> errors = new EnumMap<>(Message.class);
        if (privateEnclosing || e.modifiers().contains("private")) {
            errors.merge(Message.ENUM_NOT_VISIBLE, 1, Integer::sum);
        }
        String top = simpleNames.get(0);
        String packageRoot = c.packageName().split("\\.")[0];
        if (c.packageName().isEmpty() && top.equals("Roots") || QUALIFIED_TYPE_NAMES.contains(top)
                && GENERATED_VARIABLES.contains(packageRoot)) {
            // Found by this test: an enum the generated class must name qualified, where it cannot.
            errors.merge(Message.ENUM_NAME_RESERVED, 1, Integer::sum);
        }
        String generatedName = String.join("_", simpleNames) + "Slots";
        if (e.className() != null && !e.className().isEmpty()) {
            generatedName = e.className();
            if (!SourceVersion.isIdentifier(generatedName) || SourceVersion.isKeyword(generatedName)) {
                errors.merge(Message.CLASS_NAME_INVALID, 1, Integer::sum);
                generatedName = null;
            } else if (RESERVED_CLASS_NAMES.contains(generatedName)) {
                // Found by this test: a class cannot enclose a class of its own name.
                errors.merge(Message.CLASS_NAME_RESERVED, 1, Integer::sum);
                generatedName = null;
            }
        }
        if (generatedName != null && declared.contains(generatedName)) {
            errors.merge(Message.CLASS_NAME_EXISTS, 1, Integer::sum);
            generatedName = null;
        }
        List<Constant> annotated = e.constants().stream().filter(Constant::annotated).toList();
        Set<String> allNames = new HashSet<>();
        e.constants().forEach(k -> allNames.add(k.name()));
        count(errors, Message.UNANNOTATED_CONSTANT, e.constants().size() - annotated.size());
        indexRules(annotated, errors);
        for (Constant k : annotated) {
            if (k.prefix().isEmpty()) {
                count(errors, Message.EMPTY_PREFIX, 1);
            } else if (!k.prefix().matches("[A-Za-z][A-Za-z0-9._-]*") || k.prefix().contains("--")
                    || k.prefix().endsWith("-")) {
                count(errors, Message.MALFORMED_PREFIX, 1);
            }
            // Found by this test: a constant named like the first segment of a package (dev, of the runtime's
            // dev.addrspace.cpu, or the enum's) obscures it where the generated class writes qualified names.
            if (RESERVED_FIELDS.contains(k.name()) || k.name().equals(simpleNames.get(0)) || k.name().equals("dev")
                    || k.name().equals(packageRoot) && !packageRoot.isEmpty()) {
                count(errors, Message.CONSTANT_NAME_RESERVED, 1);
            }
        }
        List<String> accessors = annotated.stream().map(k -> k.accessor() == null || k.accessor().isEmpty()
                ? derive(k.name()) : k.accessor()).toList();
        accessorRules(accessors, errors);
        int warnings = requiresRules(annotated, allNames, errors);
        v.warnings += warnings;
        errors.forEach(v::add);
        String pkg = c.packageName().isEmpty() ? "" : c.packageName() + ".";
        CleanEnum clean = new CleanEnum(pkg + String.join("$", simpleNames),
                generatedName == null ? null : pkg + generatedName, String.join(".", simpleNames), annotated,
                accessors);
        int errorCount = errors.values().stream().mapToInt(Integer::intValue).sum();
        return new Seen(e, simpleNames, generatedName, errorCount, clean);
    }

    private static void count(Map<Message, Integer> errors, Message m, int n) {
        if (n > 0) {
            errors.merge(m, n, Integer::sum);
        }
    }

    /** The index rules of {@code AddressSpace.index()}: at least 0, distinct, starting at 0, no gap. */
    private static void indexRules(List<Constant> annotated, Map<Message, Integer> errors) {
        TreeSet<Integer> declared = new TreeSet<>();
        Map<Integer, Integer> uses = new HashMap<>();
        for (Constant k : annotated) {
            if (k.index() < 0) {
                count(errors, Message.NEGATIVE_INDEX, 1);
            } else {
                declared.add(k.index());
                uses.merge(k.index(), 1, Integer::sum);
            }
        }
        uses.values().stream().filter(n -> n > 1).forEach(n -> count(errors, Message.DUPLICATE_INDEX, n));
        if (!declared.contains(0)) {
            count(errors, Message.NO_INDEX_ZERO, 1);
        }
        // One gap error per maximal run of missing indices between 1 and the highest index (a missing 0 is
        // NO_INDEX_ZERO, not a gap).
        long previous = 0;
        for (int index : declared) {
            if (index > previous + 1) {
                count(errors, Message.INDEX_GAP, 1);
            }
            previous = index;
        }
    }

    /** The accessor derivation documented on {@code AddressSpace.accessor()}: lower camel case of the words. */
    static String derive(String constantName) {
        StringBuilder out = new StringBuilder();
        for (String word : constantName.split("_")) {
            if (word.isEmpty()) {
                continue;
            }
            boolean allUpper = word.equals(word.toUpperCase(Locale.ROOT));
            String w = allUpper ? word.toLowerCase(Locale.ROOT) : word;
            int first = w.codePointAt(0);
            out.appendCodePoint(out.length() == 0 ? Character.toLowerCase(first) : Character.toUpperCase(first))
                    .append(w.substring(Character.charCount(first)));
        }
        return out.toString();
    }

    static String presenceCheck(String accessor) {
        // "its first letter in upper case": one character, as Character.toUpperCase maps it (ß stays ß).
        int first = accessor.codePointAt(0);
        return new StringBuilder("has").appendCodePoint(Character.toUpperCase(first))
                .append(accessor.substring(Character.charCount(first))).toString();
    }

    private static void accessorRules(List<String> accessors, Map<Message, Integer> errors) {
        List<Integer> participants = new ArrayList<>();
        for (int i = 0; i < accessors.size(); i++) {
            String a = accessors.get(i);
            if (!SourceVersion.isIdentifier(a)) {
                count(errors, Message.ACCESSOR_INVALID, 1);
            } else if (SourceVersion.isKeyword(a)) {
                count(errors, Message.ACCESSOR_KEYWORD, 1);
            } else if (RESERVED_METHODS.contains(a)) {
                count(errors, Message.ACCESSOR_RESERVED, 1);
            } else {
                participants.add(i);
            }
        }
        // Each constant is told once about its accessor and once about its presence check, whatever they
        // collide with (another accessor or another presence check); two equal accessors are one collision.
        for (int i : participants) {
            String a = accessors.get(i);
            String has = presenceCheck(a);
            boolean accessorClash = false;
            boolean presenceClash = false;
            for (int j : participants) {
                if (i == j) {
                    continue;
                }
                String b = accessors.get(j);
                String hasB = presenceCheck(b);
                accessorClash |= b.equals(a) || hasB.equals(a);
                presenceClash |= b.equals(has) || (hasB.equals(has) && !b.equals(a));
            }
            count(errors, Message.ACCESSOR_COLLISION, (accessorClash ? 1 : 0) + (presenceClash ? 1 : 0));
        }
    }

    /** The {@code requires} rules; returns the number of repetition warnings. */
    private static int requiresRules(List<Constant> annotated, Set<String> allNames, Map<Message, Integer> errors) {
        Set<String> annotatedNames = new HashSet<>();
        annotated.forEach(k -> annotatedNames.add(k.name()));
        Map<String, Set<String>> edges = new HashMap<>();
        int warnings = 0;
        for (Constant k : annotated) {
            Set<String> listed = new HashSet<>();
            Set<String> out = new java.util.LinkedHashSet<>();
            for (String r : k.requires()) {
                if (!listed.add(r)) {
                    warnings++;
                } else if (r.equals(k.name())) {
                    count(errors, Message.REQUIRES_SELF, 1);
                } else if (!allNames.contains(r)) {
                    count(errors, Message.REQUIRES_UNKNOWN, 1);
                } else if (annotatedNames.contains(r)) {
                    out.add(r);
                }
            }
            edges.put(k.name(), out);
        }
        // An entry closes a cycle when the constant it names leads back to the constant that lists it.
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            for (String r : e.getValue()) {
                if (reaches(r, e.getKey(), edges)) {
                    count(errors, Message.REQUIRES_CYCLE, 1);
                }
            }
        }
        return warnings;
    }

    private static boolean reaches(String from, String to, Map<String, Set<String>> edges) {
        Set<String> visited = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String at = todo.poll();
            if (at.equals(to)) {
                return true;
            }
            if (visited.add(at)) {
                todo.addAll(edges.getOrDefault(at, Set.of()));
            }
        }
        return false;
    }
}
