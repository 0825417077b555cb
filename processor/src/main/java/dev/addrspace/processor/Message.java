package dev.addrspace.processor;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor can report: its kind (ERROR unless stated) and its format, which says
 * what is wrong and how to fix it. Each message starts with a stable tag derived from the constant's name
 * ({@code DUPLICATE_INDEX} prints {@code [AddressSpaceDuplicateIndex]}) so that builds and tests can match
 * it whatever the wording. Constants are named as {@code Enum.CONSTANT}.
 */
enum Message {
    NOT_ENUM_CONSTANT("@AddressSpace is on %s, which is not an enum constant; put it on the constants of the enum"
            + " that declares the address spaces"),
    NOT_ENUM("@AddressSpaces is on %s, which is not an enum; put it on the enum whose constants carry"
            + " @AddressSpace"),
    UNANNOTATED_CONSTANT("%s has no @AddressSpace; every constant of the address-space enum %s declares a slot:"
            + " annotate it, or move it out of the enum"),
    NEGATIVE_INDEX("%s has index %d; a slot index is at least 0: number the address spaces 0, 1, 2, ..."),
    DUPLICATE_INDEX("%s has index %d, like %s; each address space needs a slot of its own: give each of them"
            + " another index"),
    NO_INDEX_ZERO("%s has no constant with index 0; index 0 is the CPU's main address space, present on every"
            + " CPU: give one constant index 0"),
    INDEX_GAP("%s has index %d, but no constant of %s has index %s; MAX would count an undeclared slot: number"
            + " the address spaces without a gap"),
    EMPTY_PREFIX("%s has an empty prefix; give the QEMU name of the address space, for example"
            + " prefix = \"cpu-memory\""),
    MALFORMED_PREFIX("%s has the prefix \"%s\", which %s; a prefix starts with an ASCII letter, continues with"
            + " ASCII letters, digits, '-', '_' or '.', and neither ends with '-' nor contains \"--\""),
    REQUIRES_UNKNOWN("%s requires \"%s\", which is not a constant of %s; name a constant of the same enum"),
    REQUIRES_SELF("%s requires itself; remove \"%s\" from its requires"),
    REQUIRES_CYCLE("%s requires %s in the cycle %s; requirements cannot go round in a circle: remove one of"
            + " them"),
    REQUIRES_DUPLICATE(Diagnostic.Kind.WARNING, "%s lists \"%s\" more than once in requires; remove the"
            + " repetition"),
    ACCESSOR_COLLISION("the %s %s(CpuState) of %s collides with %s; give one of them another name with"
            + " @AddressSpace(accessor = \"...\")"),
    ACCESSOR_RESERVED("the accessor %s of %s collides with the generated method %s.%s; choose another name"
            + " with @AddressSpace(accessor = \"...\")"),
    CONSTANT_NAME_RESERVED("%s needs the int constant %s.%s, but the generated class uses %s for %s;"
            + " rename the constant"),
    ACCESSOR_KEYWORD("%s would get the accessor %s(CpuState), but %s is a Java keyword; choose another name"
            + " with @AddressSpace(accessor = \"...\")"),
    ACCESSOR_INVALID("%s would get the accessor \"%s\", which is not a Java identifier; give one with"
            + " @AddressSpace(accessor = \"...\")"),
    ENUM_NAME_RESERVED("the generated class %s cannot name %s: %s; rename %s or move the enum to another"
            + " package"),
    ENUM_NOT_VISIBLE("%s is %s, so the generated class %s beside it cannot see it; declare it as a top-level"
            + " or member type that is package-private or public"),
    CLASS_NAME_INVALID("@AddressSpaces(className = \"%s\") on %s is not a simple Java identifier; give a name"
            + " such as \"%s\", or leave className out"),
    CLASS_NAME_RESERVED("@AddressSpaces(className = \"%s\") on %s is reserved: %s; choose another name, or"
            + " leave className out"),
    CLASS_NAME_EXISTS("the class %s that the processor would generate for %s already exists; remove or rename it,"
            + " or choose another name with @AddressSpaces(className = \"...\")"),
    WRITE_FAILED("cannot write %s, generated for %s: %s; check the build's generated-sources directory"),
    PROCESSOR_ERROR("unexpected %s while processing %s: %s; this is a bug in the addrspace processor, please"
            + " report it");

    private final Diagnostic.Kind kind;
    private final String format;
    private final String tag;

    Message(String format) {
        this(Diagnostic.Kind.ERROR, format);
    }

    Message(Diagnostic.Kind kind, String format) {
        this.kind = kind;
        this.format = format;
        this.tag = "[" + tagOf(name()) + "]";
    }

    /** @return the kind the message is reported with */
    Diagnostic.Kind kind() {
        return kind;
    }

    /** @return the bracketed tag, for example {@code [AddressSpaceDuplicateIndex]} */
    String tag() {
        return tag;
    }

    /**
     * Renders the message: the tag, a space, the format filled with {@code args}.
     *
     * @param args the format's arguments, in order
     * @return the text to report
     */
    String format(Object... args) {
        return tag + " " + String.format(Locale.ROOT, format, args);
    }

    private static String tagOf(String constantName) {
        StringBuilder tag = new StringBuilder("AddressSpace");
        for (String word : constantName.split("_")) {
            tag.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return tag.toString();
    }
}
