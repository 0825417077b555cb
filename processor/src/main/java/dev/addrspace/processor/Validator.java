package dev.addrspace.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Checks one {@link EnumModel} and returns every problem in a {@link Report}: a bad declaration is
 * reported whole, in one compile, and nothing is generated for it. The {@code requires} checks live in
 * {@link RequiresValidator}.
 */
final class Validator {

    private static final String PRESENCE_CHECK = "presence check";

    private final Elements elements;
    private final SourceVersion sourceVersion;

    Validator(Elements elements, SourceVersion sourceVersion) {
        this.elements = elements;
        this.sourceVersion = sourceVersion;
    }

    /**
     * Validates an enum.
     *
     * @param model the enum
     * @param generatedSoFar qualified names of the classes generated earlier in this compilation
     * @return the problems found, in source order within each check
     */
    Report validate(EnumModel model, Set<String> generatedSoFar) {
        Report report = new Report();
        checkVisibility(model, report);
        checkEnumName(model, report);
        checkClassName(model, generatedSoFar, report);
        for (VariableElement constant : model.unannotated()) {
            report.add(Message.UNANNOTATED_CONSTANT, constant, model.render(constant.getSimpleName().toString()),
                    model.displayName());
        }
        checkIndices(model, report);
        for (ConstantModel c : model.constants()) {
            checkPrefix(model, c, report);
        }
        checkNames(model, report);
        new RequiresValidator(model, report).check();
        return report;
    }

    private void checkVisibility(EnumModel model, Report report) {
        Element e = model.element();
        while (e instanceof TypeElement type) {
            String problem = null;
            boolean self = type == model.element();
            if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
                problem = self ? "a local enum" : "nested in a local type";
            } else if (type.getModifiers().contains(Modifier.PRIVATE)) {
                problem = self ? "private" : "nested in the private type "
                        + String.join(".", ModelReader.simpleNames(type));
            }
            if (problem != null) {
                report.add(Message.ENUM_NOT_VISIBLE, model.element(), model.displayName(), problem,
                        model.className());
                return;
            }
            e = type.getEnclosingElement();
        }
    }

    /**
     * An enum whose top-level type the generated class cannot write as a simple name ({@code Roots}, like
     * its nested class; {@code String}) is written qualified: impossible in the unnamed package, and obscured
     * when the package's first segment is a variable of the generated code ({@code roots.board.Roots}).
     */
    private static void checkEnumName(EnumModel model, Report report) {
        String topLevel = model.simpleNames().get(0);
        String problem = null;
        if (model.packageName().isEmpty() && topLevel.equals(Identifiers.ROOTS_CLASS)) {
            problem = "in the unnamed package its type " + topLevel + " is hidden by the nested class "
                    + model.className() + "." + Identifiers.ROOTS_CLASS;
        } else if (Identifiers.QUALIFIED_TYPE_NAMES.contains(topLevel)
                && Identifiers.GENERATED_VARIABLES.contains(firstSegment(model.packageName()))) {
            problem = "its type " + topLevel + " must be written qualified there, and the first segment of its"
                    + " package " + model.packageName() + " is a variable of the generated code";
        }
        if (problem != null) {
            report.add(Message.ENUM_NAME_RESERVED, model.element(), model.className(), model.displayName(), problem,
                    topLevel);
        }
    }

    private void checkClassName(EnumModel model, Set<String> generatedSoFar, Report report) {
        AnnotationValue value = model.classNameValue();
        if (value != null && !Identifiers.isSimpleName(model.className(), sourceVersion)) {
            report.add(Message.CLASS_NAME_INVALID, model.element(), model.addressSpacesMirror(), value,
                    model.className(), model.displayName(), Identifiers.defaultClassName(model.simpleNames()));
            return;
        }
        if (model.className().equals(Identifiers.ROOTS_CLASS)) {
            report.add(Message.CLASS_NAME_RESERVED, model.element(), model.addressSpacesMirror(), value,
                    model.className(), model.displayName(), "the class would enclose its own nested class "
                            + Identifiers.ROOTS_CLASS);
            return;
        }
        if (Identifiers.JAVA_LANG_TYPES.contains(model.className())) {
            // Generated in this round, it would not be seen when the other classes of the package are written.
            report.add(Message.CLASS_NAME_RESERVED, model.element(), model.addressSpacesMirror(), value,
                    model.className(), model.displayName(), "a class " + model.className() + " would hide java.lang."
                            + model.className() + " from the other classes generated in the package");
            return;
        }
        String qualified = model.generatedQualifiedName();
        if (generatedSoFar.contains(qualified) || elements.getTypeElement(qualified) != null) {
            report.add(Message.CLASS_NAME_EXISTS, model.element(), model.addressSpacesMirror(), value, qualified,
                    model.displayName());
        }
    }

    private static void checkIndices(EnumModel model, Report report) {
        Map<Integer, List<ConstantModel>> byIndex = new TreeMap<>();
        for (ConstantModel c : model.constants()) {
            if (c.index() < 0) {
                report.add(Message.NEGATIVE_INDEX, c.element(), c.mirror(), c.indexValue(), model.render(c.name()),
                        c.index());
            } else {
                byIndex.computeIfAbsent(c.index(), i -> new ArrayList<>()).add(c);
            }
        }
        for (List<ConstantModel> same : byIndex.values()) {
            for (ConstantModel c : same) {
                List<String> others = same.stream().filter(o -> o != c).map(o -> model.render(o.name())).toList();
                if (!others.isEmpty()) {
                    report.add(Message.DUPLICATE_INDEX, c.element(), c.mirror(), c.indexValue(),
                            model.render(c.name()), c.index(), String.join(" and ", others));
                }
            }
        }
        if (!byIndex.containsKey(0)) {
            report.add(Message.NO_INDEX_ZERO, model.element(), model.displayName());
        }
        int expected = 1;
        for (Map.Entry<Integer, List<ConstantModel>> e : byIndex.entrySet()) {
            int index = e.getKey();
            if (index > expected) {
                ConstantModel c = e.getValue().get(0);
                report.add(Message.INDEX_GAP, c.element(), c.mirror(), c.indexValue(), model.render(c.name()), index,
                        model.displayName(), range(expected, index - 1));
            }
            expected = Math.max(expected, index + 1);
        }
    }

    private static String range(int first, int last) {
        if (first == last) {
            return Integer.toString(first);
        }
        return first + (last == first + 1 ? " or " : " to ") + last;
    }

    private static void checkPrefix(EnumModel model, ConstantModel c, Report report) {
        if (c.prefix().isEmpty()) {
            report.add(Message.EMPTY_PREFIX, c.element(), c.mirror(), c.prefixValue(), model.render(c.name()));
            return;
        }
        prefixProblem(c.prefix()).ifPresent(problem -> report.add(Message.MALFORMED_PREFIX, c.element(), c.mirror(),
                c.prefixValue(), model.render(c.name()), c.prefix(), problem));
    }

    /**
     * Checks the prefix syntax rule of {@code @AddressSpace.prefix}.
     *
     * @param prefix a non-empty prefix
     * @return what breaks the rule, or empty when the prefix is valid
     */
    static Optional<String> prefixProblem(String prefix) {
        if (!isAsciiLetter(prefix.charAt(0))) {
            return Optional.of("does not start with an ASCII letter");
        }
        for (int i = 1; i < prefix.length(); i++) {
            char ch = prefix.charAt(i);
            if (!isAsciiLetter(ch) && !(ch >= '0' && ch <= '9') && ch != '-' && ch != '_' && ch != '.') {
                return Optional.of(String.format("has the character '%s' (U+%04X) at position %d",
                        Character.isISOControl(ch) ? "?" : String.valueOf(ch), (int) ch, i));
            }
        }
        if (prefix.contains("--")) {
            return Optional.of("contains \"--\"");
        }
        if (prefix.endsWith("-")) {
            return Optional.of("ends with '-'");
        }
        return Optional.empty();
    }

    private static boolean isAsciiLetter(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }

    private void checkNames(EnumModel model, Report report) {
        String generated = model.className();
        Map<String, List<ConstantModel>> byAccessor = new LinkedHashMap<>();
        Map<String, List<ConstantModel>> byPresenceCheck = new LinkedHashMap<>();
        for (ConstantModel c : model.constants()) {
            if (Identifiers.GENERATED_FIELDS.containsKey(c.name())) {
                report.add(Message.CONSTANT_NAME_RESERVED, c.element(), model.render(c.name()), generated, c.name(),
                        c.name(), Identifiers.GENERATED_FIELDS.get(c.name()));
            } else if (c.name().equals(model.simpleNames().get(0))) {
                // The int field would obscure the enum's type name in expressions such as Enum.CONSTANT.
                report.add(Message.CONSTANT_NAME_RESERVED, c.element(), model.render(c.name()), generated, c.name(),
                        c.name(), "the enum's type, which the int constant would obscure");
            } else if (packageRoots(model).contains(c.name())) {
                // The int field would obscure the package in a qualified name such as
                // dev.addrspace.cpu.CpuState.cpuAddressSpaceInit(...), written when a simple name is taken.
                report.add(Message.CONSTANT_NAME_RESERVED, c.element(), model.render(c.name()), generated, c.name(),
                        c.name(), "the first segment of the package " + packageOf(model, c.name())
                                + ", which the int constant would obscure in qualified names");
            }
            String accessor = c.accessor();
            if (!SourceVersion.isIdentifier(accessor)) {
                report.add(Message.ACCESSOR_INVALID, c.element(), c.mirror(), c.accessorValue(),
                        model.render(c.name()), accessor);
            } else if (Identifiers.isKeyword(accessor, sourceVersion)) {
                report.add(Message.ACCESSOR_KEYWORD, c.element(), c.mirror(), c.accessorValue(),
                        model.render(c.name()), accessor, accessor);
            } else if (Identifiers.GENERATED_METHODS.contains(accessor)
                    || Identifiers.ROOTS_METHODS.contains(accessor)) {
                String owner = Identifiers.ROOTS_METHODS.contains(accessor)
                        ? generated + "." + Identifiers.ROOTS_CLASS : generated;
                report.add(Message.ACCESSOR_RESERVED, c.element(), c.mirror(), c.accessorValue(), accessor,
                        model.render(c.name()), owner, accessor);
            } else {
                byAccessor.computeIfAbsent(accessor, a -> new ArrayList<>()).add(c);
                byPresenceCheck.computeIfAbsent(c.presenceCheck(), a -> new ArrayList<>()).add(c);
            }
        }
        for (ConstantModel c : model.constants()) {
            reportCollisions(model, c, "accessor", c.accessor(), byAccessor, byPresenceCheck, report);
            reportCollisions(model, c, PRESENCE_CHECK, c.presenceCheck(), byAccessor, byPresenceCheck, report);
        }
    }

    /** The first segments of the packages whose types the generated code may name fully qualified. */
    private static List<String> packageRoots(EnumModel model) {
        List<String> roots = new ArrayList<>();
        roots.add(firstSegment(ClassNames.CPU_STATE.packageName()));
        if (!model.packageName().isEmpty()) {
            roots.add(firstSegment(model.packageName()));
        }
        return roots;
    }

    private static String packageOf(EnumModel model, String segment) {
        return !model.packageName().isEmpty() && firstSegment(model.packageName()).equals(segment)
                ? model.packageName() : ClassNames.CPU_STATE.packageName();
    }

    private static String firstSegment(String packageName) {
        int dot = packageName.indexOf('.');
        return dot < 0 ? packageName : packageName.substring(0, dot);
    }

    private static void reportCollisions(EnumModel model, ConstantModel c, String kind, String name,
            Map<String, List<ConstantModel>> byAccessor, Map<String, List<ConstantModel>> byPresenceCheck,
            Report report) {
        if (!byAccessor.getOrDefault(c.accessor(), List.of()).contains(c)) {
            return;
        }
        List<String> others = new ArrayList<>();
        for (ConstantModel o : byAccessor.getOrDefault(name, List.of())) {
            if (o != c) {
                others.add("the accessor of " + model.render(o.name()));
            }
        }
        for (ConstantModel o : byPresenceCheck.getOrDefault(name, List.of())) {
            // Two equal accessors also give equal presence checks: report that once, as the accessors.
            if (o != c && !(kind.equals(PRESENCE_CHECK) && o.accessor().equals(c.accessor()))) {
                others.add("the presence check of " + model.render(o.name()));
            }
        }
        if (!others.isEmpty()) {
            report.add(Message.ACCESSOR_COLLISION, c.element(), c.mirror(), c.accessorValue(), kind, name,
                    model.render(c.name()), String.join(" and ", others));
        }
    }
}
