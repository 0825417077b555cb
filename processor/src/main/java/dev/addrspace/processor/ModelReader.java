package dev.addrspace.processor;

import dev.addrspace.processor.ConstantModel.Requirement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads an enum's elements and annotation values into an {@link EnumModel}. Reads only: whether the
 * values make sense is the {@link Validator}'s question.
 */
final class ModelReader {

    /**
     * Thrown when an annotation value is not yet resolved (it names a constant that a later round may
     * generate, or it is wrong in a way javac reports itself); the enum is then retried in the next round.
     */
    static final class UnresolvedValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnresolvedValueException(String what) {
            super(what, null, false, false);
        }
    }

    private static final String ERROR_VALUE = "<error>";

    private final Elements elements;

    ModelReader(Elements elements) {
        this.elements = elements;
    }

    /**
     * Reads one enum.
     *
     * @param enumElement an element of kind {@link ElementKind#ENUM}
     * @return the model
     * @throws UnresolvedValueException if an annotation value is not (yet) of its declared type
     */
    EnumModel read(TypeElement enumElement) {
        List<String> simpleNames = simpleNames(enumElement);
        AnnotationMirror addressSpaces = annotation(enumElement, ClassNames.ADDRESS_SPACES_ANNOTATION).orElse(null);
        AnnotationValue classNameValue = null;
        String className = Identifiers.defaultClassName(simpleNames);
        if (addressSpaces != null) {
            AnnotationValue value = explicitValue(addressSpaces, "className");
            if (value != null) {
                String given = string(value, "className");
                if (!given.isEmpty()) {
                    className = given;
                    classNameValue = value;
                }
            }
        }
        List<ConstantModel> constants = new ArrayList<>();
        List<VariableElement> unannotated = new ArrayList<>();
        for (Element member : enumElement.getEnclosedElements()) {
            if (member.getKind() != ElementKind.ENUM_CONSTANT) {
                continue;
            }
            VariableElement constant = (VariableElement) member;
            Optional<AnnotationMirror> mirror = annotation(constant, ClassNames.ADDRESS_SPACE_ANNOTATION);
            if (mirror.isPresent()) {
                constants.add(readConstant(constant, mirror.get()));
            } else {
                unannotated.add(constant);
            }
        }
        String packageName = elements.getPackageOf(enumElement).getQualifiedName().toString();
        return new EnumModel(enumElement, addressSpaces, classNameValue, packageName, simpleNames, className,
                constants, unannotated);
    }

    private ConstantModel readConstant(VariableElement constant, AnnotationMirror mirror) {
        Map<String, AnnotationValue> values = valuesWithDefaults(mirror);
        AnnotationValue indexValue = values.get("index");
        if (indexValue == null || !(indexValue.getValue() instanceof Integer index)) {
            throw new UnresolvedValueException("index");
        }
        AnnotationValue prefixValue = values.get("prefix");
        String prefix = string(prefixValue, "prefix");
        List<Requirement> requires = new ArrayList<>();
        AnnotationValue requiresValue = values.get("requires");
        if (requiresValue != null) {
            if (!(requiresValue.getValue() instanceof List<?> items)) {
                throw new UnresolvedValueException("requires");
            }
            for (Object item : items) {
                if (!(item instanceof AnnotationValue itemValue)) {
                    throw new UnresolvedValueException("requires");
                }
                requires.add(new Requirement(string(itemValue, "requires"), itemValue));
            }
        }
        String name = constant.getSimpleName().toString();
        AnnotationValue accessorValue = explicitValue(mirror, "accessor");
        String accessor = accessorValue == null ? "" : string(accessorValue, "accessor");
        if (accessor.isEmpty()) {
            accessorValue = null;
            accessor = Identifiers.accessorFor(name);
        }
        return new ConstantModel(constant, mirror, name, index, indexValue, prefix, prefixValue, requires,
                accessor, accessorValue);
    }

    /**
     * Finds an annotation on an element by its qualified name.
     *
     * @param element the annotated element
     * @param qualifiedName the annotation type's qualified name
     * @return the annotation, if present
     */
    static Optional<AnnotationMirror> annotation(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            Element type = mirror.getAnnotationType().asElement();
            if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /**
     * The simple names from the top-level type down to {@code type}: {@code [Outer, Inner]}.
     *
     * @param type a type element
     * @return its simple names; a local type contributes only the types up to its method
     */
    static List<String> simpleNames(TypeElement type) {
        Deque<String> names = new ArrayDeque<>();
        Element e = type;
        while (e instanceof TypeElement t) {
            names.addFirst(t.getSimpleName().toString());
            e = t.getEnclosingElement();
        }
        return List.copyOf(names);
    }

    private Map<String, AnnotationValue> valuesWithDefaults(AnnotationMirror mirror) {
        Map<String, AnnotationValue> byName = new HashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            byName.put(e.getKey().getSimpleName().toString(), e.getValue());
        }
        return byName;
    }

    private static AnnotationValue explicitValue(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String string(AnnotationValue value, String what) {
        // javac gives an unresolved value as the string "<error>", which no valid value can be.
        if (value == null || !(value.getValue() instanceof String s) || s.equals(ERROR_VALUE)) {
            throw new UnresolvedValueException(what);
        }
        return s;
    }
}
