package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated sources, compared as exact text with the golden files under
 * {@code src/test/resources/golden/}.
 *
 * <p>After a deliberate change to the generated code, regenerate the golden files with
 * {@code mvn -B verify -pl processor -am -Daddrspace.updateGolden=true} (the property is passed on to the
 * tests), review the diff, and commit it. With the switch on, the tests write the files and pass.
 */
class GoldenTest {

    private static final String UPDATE_PROPERTY = "addrspace.updateGolden";

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "ARM, p.ArmAddressSpaceSlots, ArmAddressSpaceSlots.java",
        "NESTED, p.X86Slots, X86Slots.java",
        "ACCESSORS, q.RiscvAddressSpaceSlots, RiscvAddressSpaceSlots.java",
    })
    void generatedSourceMatchesGoldenFile(String fixture, String generatedClass, String goldenFile)
            throws Exception {
        Compilation compilation = Fixtures.compile(fixture(fixture));
        assertThat(compilation).succeededWithoutWarnings();
        JavaFileObject generated = compilation.generatedSourceFile(generatedClass).orElseThrow();
        String actual = generated.getCharContent(false).toString();

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Path file = Path.of("src", "test", "resources", "golden", goldenFile);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).isEqualTo(golden(goldenFile));
    }

    @Test
    void generatedAnnotationIsLeftOutWhenTheCompilationCannotSeeIt() throws IOException {
        Compilation hidden = javac().withProcessors(InstrumentedProcessor.hiding(
                "javax.annotation.processing.Generated")).compile(Fixtures.ARM);
        assertThat(hidden).succeededWithoutWarnings();
        String withoutGenerated = hidden.generatedSourceFile("p.ArmAddressSpaceSlots").orElseThrow()
                .getCharContent(false).toString();
        String withGenerated = Fixtures.compile(Fixtures.ARM).generatedSourceFile("p.ArmAddressSpaceSlots")
                .orElseThrow().getCharContent(false).toString();
        assertThat(withoutGenerated).isEqualTo(withGenerated
                .replace("import javax.annotation.processing.Generated;\n", "")
                .replace("@Generated(\"dev.addrspace.processor.AddressSpaceProcessor\")\n", ""));
    }

    private static JavaFileObject fixture(String name) throws ReflectiveOperationException {
        return (JavaFileObject) Fixtures.class.getDeclaredField(name).get(null);
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new AssertionError("no golden file golden/" + file + "; run with -D" + UPDATE_PROPERTY
                        + "=true to create it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
