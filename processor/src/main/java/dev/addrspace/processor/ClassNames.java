package dev.addrspace.processor;

import com.palantir.javapoet.ClassName;

/**
 * The names the processor reads and the types the generated code refers to, in one place. The annotation
 * names are strings, not class literals, so that the processor never needs the annotation classes loaded
 * to recognize them.
 */
final class ClassNames {

    /** The processor's name, as the generated classes' {@code @Generated} value gives it. */
    static final String PROCESSOR = "dev.addrspace.processor.AddressSpaceProcessor";

    /** {@code @AddressSpace}, on each enum constant. */
    static final String ADDRESS_SPACE_ANNOTATION = "dev.addrspace.annotations.AddressSpace";

    /** {@code @AddressSpaces}, the optional companion on the enum type. */
    static final String ADDRESS_SPACES_ANNOTATION = "dev.addrspace.annotations.AddressSpaces";

    /** The JDK 9+ {@code @Generated}; used only when the compilation can see it. */
    static final String GENERATED_ANNOTATION = "javax.annotation.processing.Generated";

    /** The runtime's CPU, whose static slot functions the generated init entry point calls. */
    static final ClassName CPU_STATE = ClassName.get("dev.addrspace.cpu", "CpuState");

    /** The runtime's address space, the accessors' return type. */
    static final ClassName ADDRESS_SPACE = ClassName.get("dev.addrspace.memory", "AddressSpace");

    /** The runtime's memory region, the type of each root. */
    static final ClassName MEMORY_REGION = ClassName.get("dev.addrspace.memory", "MemoryRegion");

    private ClassNames() {
    }
}
