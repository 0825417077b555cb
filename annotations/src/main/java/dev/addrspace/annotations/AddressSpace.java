package dev.addrspace.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one CPU address space of a target: the enum constant it annotates is the address space,
 * {@link #index()} is its slot in every CPU's static slot array, and {@link #prefix()} names it.
 *
 * <p>A target declares all of its address spaces as the constants of one enum, each annotated:
 *
 * <pre>{@code
 * public enum ArmAddressSpace {
 *     @AddressSpace(index = 0, prefix = "cpu-memory")        NS,
 *     @AddressSpace(index = 1, prefix = "cpu-secure-memory") S,
 *     @AddressSpace(index = 2, prefix = "cpu-tag-memory")    TAG_NS,
 *     @AddressSpace(index = 3, prefix = "cpu-tag-memory", requires = {"S", "TAG_NS"}) TAG_S
 * }
 * }</pre>
 *
 * <p>The addrspace processor then generates one class beside the enum (named {@code <Enum>Slots}
 * unless {@link AddressSpaces#className()} says otherwise) with the slot count {@code MAX}, an
 * {@code int} constant per index, the init entry point that calls {@code cpuAddressSpaceInit} and
 * {@code cpuAddressSpaceAdd} (AS 0 first), and a typed accessor and presence check per constant.
 *
 * <p>The processor rejects, each with a compile error at the offending annotation value: a duplicate,
 * negative or missing index 0, a gap in the indices, this annotation on anything but an enum constant,
 * an enum where only some constants carry it, an empty or malformed prefix, a {@code requires} entry that
 * names a missing constant or the constant itself or that closes a cycle, accessor names that collide
 * with each other, with a generated member or with a Java keyword, a constant named like a field of the
 * generated class ({@code MAX}), like the enum itself or like the first segment of a package the generated
 * class names ({@code dev}, or the enum's package's), an enum that the generated class in the same
 * package cannot see, and a generated class name that already exists. Listing a name twice in
 * {@link #requires()} is a warning.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface AddressSpace {

    /**
     * The slot of this address space in each CPU's slot array: QEMU's {@code ARMASIdx_*} or
     * {@code X86ASIdx_*} value. Indices of one enum must be distinct, start at 0 and leave no gap, so
     * that the generated {@code MAX} (one past the highest index) counts only declared slots. Index 0 is
     * the CPU's main address space, present on every CPU.
     *
     * @return the slot index, {@code 0 <= index}
     */
    int index();

    /**
     * The QEMU-style name prefix: each CPU's address space is named {@code prefix-<cpuIndex>}, for
     * example {@code "cpu-memory"} gives {@code cpu-memory-0} on CPU 0. Two constants may share a prefix
     * (QEMU names both ARM tag address spaces {@code cpu-tag-memory}).
     *
     * <p>A valid prefix starts with an ASCII letter, continues with ASCII letters, digits, {@code '-'},
     * {@code '_'} or {@code '.'}, and neither ends with {@code '-'} nor contains {@code "--"}, so that
     * the CPU index appended after a dash always reads back unambiguously.
     *
     * @return the prefix, never empty
     */
    String prefix();

    /**
     * Names of other constants of the same enum that must be present on a CPU whenever this one is.
     * QEMU's ARM secure tag space, for instance, exists only beside both the secure space and the
     * non-secure tag space. The generated init entry point enforces it when the target supplies roots.
     * Rejected at compile time: a name that is not a constant of the enum, the constant's own name, and
     * any set of entries that forms a cycle.
     *
     * @return the names of the required constants, empty by default
     */
    String[] requires() default {};

    /**
     * Overrides the accessor name derived from the constant's name: the lower camel case of its
     * underscore-separated words. By default {@code TAG_NS} gives {@code tagNs(cpu)} and
     * {@code hasTagNs(cpu)}, and the init entry point's setter {@code tagNs(root)}; with
     * {@code accessor = "tagMemory"} they are {@code tagMemory(cpu)}, {@code hasTagMemory(cpu)} and
     * {@code tagMemory(root)}. Must be a Java identifier that is not a
     * keyword and does not collide with another accessor or a generated member.
     *
     * @return the accessor name, or empty to derive it from the constant's name
     */
    String accessor() default "";
}
