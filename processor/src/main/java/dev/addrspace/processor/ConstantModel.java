package dev.addrspace.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;

/**
 * One {@code @AddressSpace} enum constant, with the values of its annotation and where each value sits in
 * the source, so that diagnostics can point at it.
 *
 * @param element the constant
 * @param mirror its {@code @AddressSpace}
 * @param name the constant's simple name
 * @param index the slot index
 * @param indexValue the {@code index} value
 * @param prefix the name prefix
 * @param prefixValue the {@code prefix} value
 * @param requires the {@code requires} entries, in source order
 * @param accessor the accessor name: the {@code accessor} value, or derived from {@code name}
 * @param accessorValue the explicit {@code accessor} value, or null when derived
 */
record ConstantModel(
        VariableElement element,
        AnnotationMirror mirror,
        String name,
        int index,
        AnnotationValue indexValue,
        String prefix,
        AnnotationValue prefixValue,
        List<Requirement> requires,
        String accessor,
        AnnotationValue accessorValue) {

    /**
     * One entry of {@code requires}.
     *
     * @param name the named constant
     * @param value the array element that names it
     */
    record Requirement(String name, AnnotationValue value) {
    }

    ConstantModel {
        requires = List.copyOf(requires);
    }

    /** @return the presence check's name, {@code hasS} for accessor {@code s} */
    String presenceCheck() {
        return accessor.isEmpty() ? "" : Identifiers.presenceCheckFor(accessor);
    }

    /** @return the distinct required names, in their first-listed order */
    List<String> requiredNames() {
        return requires.stream().map(Requirement::name).distinct().toList();
    }
}
