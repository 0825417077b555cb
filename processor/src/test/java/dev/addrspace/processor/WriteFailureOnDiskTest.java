package dev.addrspace.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated source cannot be written because of what is on disk: a real javac run with a real
 * generated-sources directory (compile-testing's in-memory files cannot stand in the way).
 */
class WriteFailureOnDiskTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryWhereTheGeneratedFileGoesIsAWriteFailureNotAProcessorError() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/p"));
        Files.write(src.resolve("E.java"), List.of(
                "package p;",
                "import dev.addrspace.annotations.AddressSpace;",
                "public enum E {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MEM",
                "}"), StandardCharsets.UTF_8);
        Path gen = dir.resolve("gen");
        Files.createDirectories(gen.resolve("p/ESlots.java"));
        Path out = Files.createDirectories(dir.resolve("out"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(new StringWriter(), files, diagnostics,
                    List.of("-proc:only", "-s", gen.toString(), "-d", out.toString(),
                            "-classpath", System.getProperty("java.class.path")),
                    null, files.getJavaFileObjects(src.resolve("E.java")));
            task.setProcessors(List.of(new AddressSpaceProcessor()));
            assertFalse(task.call(), "the compile fails");
        }
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("[AddressSpaceWriteFailed] cannot write p.ESlots, generated for the"
                + " enum E: "), errors.get(0));
    }
}
