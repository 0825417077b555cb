package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One negative test per {@link Message}: each catalogue entry has an {@code Erroneous*} fixture here and
 * is asserted with its tag, file, line and column. The test runs once per catalogue entry, so an entry
 * without a fixture fails: every message is exercised. {@link DiagnosticsTest} covers what one position
 * cannot show (every duplicate, every edge of a cycle, several enums at once).
 */
class DiagnosticCatalogueTest {

    /** A fixture and where its diagnostic must be. */
    private record Case(JavaFileObject source, int line, int column, int errorCount, Supplier<Processor> processor) {
    }

    private static final Map<Message, Case> CASES = new EnumMap<>(Message.class);

    private static void add(Message message, int line, int column, int errorCount, String name, String... body) {
        add(message, line, column, errorCount, AddressSpaceProcessor::new, name, body);
    }

    private static void add(Message message, int line, int column, int errorCount, Supplier<Processor> processor,
            String name, String... body) {
        put(message, new Case(Fixtures.source(name, body), line, column, errorCount, processor));
    }

    private static void put(Message message, Case c) {
        Case previous = CASES.put(message, c);
        assertWithMessage("two cases for %s", message).that(previous).isNull();
    }

    static {
        add(Message.NOT_ENUM_CONSTANT, 6, 5, 1, "ErroneousNotEnumConstant",
                "class ErroneousNotEnumConstant {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\")",
                "    static int slot;",
                "}");
        add(Message.NOT_ENUM, 5, 1, 1, "ErroneousNotEnum",
                "@AddressSpaces",
                "class ErroneousNotEnum {",
                "}");
        add(Message.UNANNOTATED_CONSTANT, 7, 5, 1, "ErroneousUnannotatedConstant",
                "enum ErroneousUnannotatedConstant {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    OTHER",
                "}");
        add(Message.NEGATIVE_INDEX, 7, 27, 1, "ErroneousNegativeIndex",
                "enum ErroneousNegativeIndex {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = -1, prefix = \"cpu-other\") OTHER",
                "}");
        add(Message.DUPLICATE_INDEX, 8, 27, 2, "ErroneousDuplicateIndex",
                "enum ErroneousDuplicateIndex {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-secure\") SECURE,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\") TAG",
                "}");
        add(Message.NO_INDEX_ZERO, 5, 1, 1, "ErroneousNoIndexZero",
                "enum ErroneousNoIndexZero {",
                "    @AddressSpace(index = 1, prefix = \"cpu-memory\") MAIN",
                "}");
        add(Message.INDEX_GAP, 7, 27, 1, "ErroneousIndexGap",
                "enum ErroneousIndexGap {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 2, prefix = \"cpu-tag\") TAG",
                "}");
        add(Message.EMPTY_PREFIX, 6, 39, 1, "ErroneousEmptyPrefix",
                "enum ErroneousEmptyPrefix {",
                "    @AddressSpace(index = 0, prefix = \"\") MAIN",
                "}");
        add(Message.MALFORMED_PREFIX, 6, 39, 1, "ErroneousMalformedPrefix",
                "enum ErroneousMalformedPrefix {",
                "    @AddressSpace(index = 0, prefix = \"cpu memory\") MAIN",
                "}");
        add(Message.REQUIRES_UNKNOWN, 7, 70, 1, "ErroneousRequiresUnknown",
                "enum ErroneousRequiresUnknown {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\", requires = {\"MAIN\", \"TYPO\"}) TAG",
                "}");
        add(Message.REQUIRES_SELF, 7, 61, 1, "ErroneousRequiresSelf",
                "enum ErroneousRequiresSelf {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\", requires = \"TAG\") TAG",
                "}");
        add(Message.REQUIRES_CYCLE, 8, 59, 2, "ErroneousRequiresCycle",
                "enum ErroneousRequiresCycle {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-a\", requires = \"B\") A,",
                "    @AddressSpace(index = 2, prefix = \"cpu-b\", requires = \"A\") B",
                "}");
        add(Message.REQUIRES_DUPLICATE, 7, 70, 0, "ErroneousRequiresDuplicate",
                "enum ErroneousRequiresDuplicate {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\", requires = {\"MAIN\", \"MAIN\"}) TAG",
                "}");
        add(Message.ACCESSOR_COLLISION, 7, 64, 2, "ErroneousAccessorCollision",
                "enum ErroneousAccessorCollision {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-secure\", accessor = \"main\") SECURE",
                "}");
        add(Message.ACCESSOR_RESERVED, 7, 61, 1, "ErroneousAccessorReserved",
                "enum ErroneousAccessorReserved {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\", accessor = \"init\") TAG",
                "}");
        add(Message.CONSTANT_NAME_RESERVED, 7, 5, 1, "ErroneousConstantNameReserved",
                "enum ErroneousConstantNameReserved {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-max\") MAX",
                "}");
        add(Message.ACCESSOR_KEYWORD, 7, 61, 1, "ErroneousAccessorKeyword",
                "enum ErroneousAccessorKeyword {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\", accessor = \"int\") TAG",
                "}");
        add(Message.ACCESSOR_INVALID, 7, 61, 1, "ErroneousAccessorInvalid",
                "enum ErroneousAccessorInvalid {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    @AddressSpace(index = 1, prefix = \"cpu-tag\", accessor = \"tag-memory\") TAG",
                "}");
        // In the unnamed package (Fixtures.source has a package): found by ProcessorFuzzTest.
        put(Message.ENUM_NAME_RESERVED, new Case(JavaFileObjects.forSourceLines("ErroneousEnumNameReserved",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "enum Roots {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}"), 3, 1, 1, AddressSpaceProcessor::new));
        add(Message.ENUM_NOT_VISIBLE, 6, 13, 1, "ErroneousEnumNotVisible",
                "class ErroneousEnumNotVisible {",
                "    private enum Hidden {",
                "        @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "    }",
                "}");
        add(Message.CLASS_NAME_INVALID, 5, 28, 1, "ErroneousClassNameInvalid",
                "@AddressSpaces(className = \"my.Slots\")",
                "enum ErroneousClassNameInvalid {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        add(Message.CLASS_NAME_RESERVED, 5, 28, 1, "ErroneousClassNameReserved",
                "@AddressSpaces(className = \"Roots\")",
                "enum ErroneousClassNameReserved {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        add(Message.CLASS_NAME_EXISTS, 5, 28, 1, "ErroneousClassNameExists",
                "@AddressSpaces(className = \"Taken\")",
                "enum ErroneousClassNameExists {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}",
                "",
                "class Taken {",
                "}");
        add(Message.WRITE_FAILED, 5, 1, 1, InstrumentedProcessor::notWriting, "ErroneousWriteFailed",
                "enum ErroneousWriteFailed {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        add(Message.PROCESSOR_ERROR, 5, 1, 1, InstrumentedProcessor::failing, "ErroneousProcessorError",
                "enum ErroneousProcessorError {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Message.class)
    void reportsWithTagFileLineAndColumn(Message message) {
        Case c = CASES.get(message);
        assertWithMessage("no Erroneous* fixture exercises %s", message).that(c).isNotNull();
        Compilation compilation = javac().withProcessors(c.processor().get()).compile(c.source());

        if (message.kind() == Diagnostic.Kind.ERROR) {
            assertThat(compilation).failed();
            assertThat(compilation).hadErrorContaining(message.tag())
                    .inFile(c.source()).onLine(c.line()).atColumn(c.column());
        } else {
            assertThat(compilation).hadWarningContaining(message.tag())
                    .inFile(c.source()).onLine(c.line()).atColumn(c.column());
        }
        assertThat(compilation).hadErrorCount(c.errorCount());
    }

    @Test
    void fixturesAreNamedErroneous() {
        for (Case c : CASES.values()) {
            assertThat(c.source().getName()).containsMatch("^(test/)?Erroneous");
        }
    }

    @Test
    void tagsAreDistinctAndDerivedFromTheConstantName() {
        assertThat(Message.DUPLICATE_INDEX.tag()).isEqualTo("[AddressSpaceDuplicateIndex]");
        assertThat(Message.REQUIRES_DUPLICATE.tag()).isEqualTo("[AddressSpaceRequiresDuplicate]");
        assertThat(Message.PROCESSOR_ERROR.tag()).isEqualTo("[AddressSpaceProcessorError]");
        assertThat(java.util.Arrays.stream(Message.values()).map(Message::tag).distinct().count())
                .isEqualTo(Message.values().length);
    }

    @Test
    void onlyTheRequiresRepetitionIsAWarning() {
        for (Message m : Message.values()) {
            assertWithMessage("%s", m).that(m.kind())
                    .isEqualTo(m == Message.REQUIRES_DUPLICATE ? Diagnostic.Kind.WARNING : Diagnostic.Kind.ERROR);
        }
    }
}
