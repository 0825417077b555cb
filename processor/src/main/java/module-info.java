/**
 * The {@code @AddressSpace} annotation processor. It exports no package: javac finds it through the
 * {@code provides} below (on a processor module path) or through {@code META-INF/services} (on a
 * processor path). JavaPoet writes the sources; AutoService is needed only to compile this module.
 */
@SuppressWarnings("requires-automatic") // JavaPoet and AutoService ship Automatic-Module-Names only
module dev.addrspace.processor {
    requires java.compiler;
    requires com.palantir.javapoet;
    requires static com.google.auto.service;
    // javac's tree API, to find local enums; the processor skips that scan under other compilers.
    requires static jdk.compiler;

    provides javax.annotation.processing.Processor with dev.addrspace.processor.AddressSpaceProcessor;
}
