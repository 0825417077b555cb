package dev.addrspace.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The diagnostics found in one enum (or one round's misplaced annotations), in the order they were
 * found, held until {@link #printMessagesTo(Messager)}. Accepts only {@link Message} catalogue entries.
 */
final class Report {

    private record Entry(Message message, String text, Element element, AnnotationMirror mirror,
            AnnotationValue value) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Adds a diagnostic on an element only.
     *
     * @param message the catalogue entry
     * @param element where to point
     * @param args the message's format arguments
     */
    void add(Message message, Element element, Object... args) {
        add(message, element, null, null, args);
    }

    /**
     * Adds a diagnostic on an element and, when given, its annotation and the annotation's value.
     *
     * @param message the catalogue entry
     * @param element where to point
     * @param mirror the annotation on {@code element}, or null
     * @param value the offending value of {@code mirror} (an array's element for array values), or null
     * @param args the message's format arguments
     */
    void add(Message message, Element element, AnnotationMirror mirror, AnnotationValue value, Object... args) {
        entries.add(new Entry(message, message.format(args), element, mirror, value));
    }

    /** @return true when no entry is an ERROR: warnings alone do not stop generation */
    boolean isClean() {
        return entries.stream().noneMatch(e -> e.message().kind() == Diagnostic.Kind.ERROR);
    }

    /**
     * Reports every entry, in the order they were added.
     *
     * @param messager the processing environment's messager
     */
    void printMessagesTo(Messager messager) {
        for (Entry e : entries) {
            if (e.value() != null) {
                messager.printMessage(e.message().kind(), e.text(), e.element(), e.mirror(), e.value());
            } else if (e.mirror() != null) {
                messager.printMessage(e.message().kind(), e.text(), e.element(), e.mirror());
            } else {
                messager.printMessage(e.message().kind(), e.text(), e.element());
            }
        }
    }
}
