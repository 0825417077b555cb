package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;

/**
 * How build tools find and schedule the processor: the service registration AutoService writes, Gradle's
 * isolating registration, and one originating element (the enum) per generated file.
 */
class PackagingTest {

    @Test
    void processorIsRegisteredAsAService() {
        assertThat(ServiceLoader.load(Processor.class).stream().map(p -> p.type().getName()).toList())
                .contains(AddressSpaceProcessor.class.getName());
    }

    @Test
    void gradleSeesAnIsolatingProcessor() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(AddressSpaceProcessor.class.getName() + ",isolating\n");
        }
    }

    @Test
    void runsInEveryRoundAndSupportsTheLatestSourceVersion() {
        // "*": a compilation whose only @AddressSpace is on a local enum has no annotation present.
        AddressSpaceProcessor processor = new AddressSpaceProcessor();
        assertThat(processor.getSupportedAnnotationTypes()).containsExactly("*");
        assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
    }

    @Test
    void eachGeneratedFileHasItsEnumAsOnlyOriginatingElement() {
        InstrumentedProcessor processor = InstrumentedProcessor.recording();
        Compilation compilation = javac().withProcessors(processor)
                .compile(Fixtures.ARM, Fixtures.NESTED, Fixtures.ACCESSORS);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(processor.createdSources()).containsExactly(
                "p.ArmAddressSpaceSlots", "p.X86Slots", "q.RiscvAddressSpaceSlots");
        assertThat(processor.originatingElementsOf("p.ArmAddressSpaceSlots")).isEqualTo("p.ArmAddressSpace");
        assertThat(processor.originatingElementsOf("p.X86Slots")).isEqualTo("p.Pc.X86AddressSpace");
        assertThat(processor.originatingElementsOf("q.RiscvAddressSpaceSlots")).isEqualTo("q.RiscvAddressSpace");
    }
}
