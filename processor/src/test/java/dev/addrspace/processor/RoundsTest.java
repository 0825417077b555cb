package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Several processing rounds: enums that appear in a later round, annotation values that resolve only in
 * a later round, values that never resolve, and no class generated twice.
 */
class RoundsTest {

    /** Writes one source file in its first round, as another processor of the build might. */
    private static final class SourceWriter extends AbstractProcessor {
        private final String name;
        private final String source;
        private boolean written;

        SourceWriter(String name, String... lines) {
            this.name = name;
            this.source = String.join("\n", lines) + "\n";
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!written) {
                written = true;
                try (Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
                    w.write(source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    private static final JavaFileObject TRIGGER = JavaFileObjects.forSourceLines("r.Trigger",
            "package r;",
            "",
            "final class Trigger {",
            "}");

    @Test
    void enumGeneratedInALaterRoundGetsItsClass() {
        SourceWriter writer = new SourceWriter("r.LateAddressSpace",
                "package r;",
                "",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "public enum LateAddressSpace {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        Compilation compilation = javac().withProcessors(writer, new AddressSpaceProcessor()).compile(TRIGGER);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("r.LateAddressSpaceSlots");
    }

    @Test
    void valuesThatResolveInALaterRoundAreReadThen() throws IOException {
        SourceWriter writer = new SourceWriter("r.Late",
                "package r;",
                "",
                "final class Late {",
                "    static final int ZERO = 0;",
                "    static final String PREFIX = \"cpu-late\";",
                "    static final String MAIN = \"MAIN\";",
                "}");
        JavaFileObject early = JavaFileObjects.forSourceLines("r.EarlyAddressSpace",
                "package r;",
                "",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "enum EarlyAddressSpace {",
                "    @AddressSpace(index = Late.ZERO, prefix = Late.PREFIX) MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-other\", requires = Late.MAIN) OTHER",
                "}");
        InstrumentedProcessor processor = InstrumentedProcessor.recording();
        Compilation compilation = javac().withProcessors(writer, processor).compile(early);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(processor.createdSources()).containsExactly("r.EarlyAddressSpaceSlots");
        assertThat(compilation.generatedSourceFile("r.EarlyAddressSpaceSlots").orElseThrow().getCharContent(false)
                .toString()).contains("CpuState.cpuAddressSpaceAdd(cpu, MAIN, \"cpu-late\", roots[MAIN]);");
    }

    @Test
    void stringValuesThatResolveInALaterRoundAreNotReadAsText() {
        SourceWriter writer = new SourceWriter("r.Names",
                "package r;",
                "",
                "final class Names {",
                "    static final String PREFIX = \"cpu-named\";",
                "    static final String ACCESSOR = \"named\";",
                "}");
        JavaFileObject strings = JavaFileObjects.forSourceLines("r.StringAddressSpace",
                "package r;",
                "",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "enum StringAddressSpace {",
                "    @AddressSpace(index = 0, prefix = Names.PREFIX, accessor = Names.ACCESSOR) MAIN",
                "}");
        Compilation compilation = javac().withProcessors(writer, new AddressSpaceProcessor()).compile(strings);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("r.StringAddressSpaceSlots").contentsAsUtf8String()
                .contains("public static AddressSpace named(CpuState cpu)");
    }

    @Test
    void valuesThatNeverResolveAreLeftToJavac() {
        JavaFileObject broken = JavaFileObjects.forSourceLines("r.BrokenAddressSpace",
                "package r;",
                "",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "enum BrokenAddressSpace {",
                "    @AddressSpace(index = Nowhere.ZERO, prefix = Nowhere.PREFIX) MAIN",
                "}");
        Compilation compilation = Fixtures.compile(broken);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(broken).onLine(6);
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            assertThat(d.getMessage(null)).doesNotContain("[AddressSpace");
        }
    }
}
