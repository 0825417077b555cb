package dev.addrspace.processor;

import java.util.Comparator;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * One address-space enum as the processor sees it: where it lives, the class to generate for it, its
 * annotated constants in declaration order and the constants that lack the annotation.
 *
 * @param element the enum
 * @param addressSpacesMirror its {@code @AddressSpaces}, or null
 * @param classNameValue the explicit {@code className} value, or null
 * @param packageName the enum's package, empty for the unnamed package
 * @param simpleNames the simple names from the top-level type down to the enum
 * @param className the simple name of the class to generate (not yet validated)
 * @param constants the annotated constants, in declaration (ordinal) order
 * @param unannotated the constants without {@code @AddressSpace}, in declaration order
 */
record EnumModel(
        TypeElement element,
        AnnotationMirror addressSpacesMirror,
        AnnotationValue classNameValue,
        String packageName,
        List<String> simpleNames,
        String className,
        List<ConstantModel> constants,
        List<VariableElement> unannotated) {

    EnumModel {
        simpleNames = List.copyOf(simpleNames);
        constants = List.copyOf(constants);
        unannotated = List.copyOf(unannotated);
    }

    /** @return the enum's name as source code writes it in its package: {@code Outer.Inner} */
    String displayName() {
        return String.join(".", simpleNames);
    }

    /**
     * Renders a constant the way messages name it.
     *
     * @param constantName the constant's simple name
     * @return {@code Enum.CONSTANT}, for example {@code ArmAddressSpace.TAG_S}
     */
    String render(String constantName) {
        return displayName() + "." + constantName;
    }

    /** @return the generated class's qualified name */
    String generatedQualifiedName() {
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /** @return the annotated constants by ascending index (ties in declaration order) */
    List<ConstantModel> byIndex() {
        return constants.stream().sorted(Comparator.comparingInt(ConstantModel::index)).toList();
    }

    /** @return the slot count of a valid enum: one past its highest index */
    int max() {
        return constants.stream().mapToInt(ConstantModel::index).max().orElse(-1) + 1;
    }
}
