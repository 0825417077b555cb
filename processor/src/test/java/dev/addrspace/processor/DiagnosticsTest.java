package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.addrspace.processor.Fixtures.compile;
import static dev.addrspace.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics beyond one position per message (those are in {@link DiagnosticCatalogueTest}): every
 * duplicate, every edge of a cycle, derived names, several errors in one enum, several enums in one
 * compile. Fixture bodies start on line 5.
 */
class DiagnosticsTest {

    @Test
    void duplicateIndexIsReportedOnEveryDuplicate() {
        JavaFileObject f = source("ErroneousTripleIndex",
                "enum ErroneousTripleIndex {",
                "    @AddressSpace(index = 0, prefix = \"cpu-a\") A,",
                "    @AddressSpace(index = 0, prefix = \"cpu-b\") B,",
                "    @AddressSpace(index = 0, prefix = \"cpu-c\") C",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(3);
        for (int line = 6; line <= 8; line++) {
            assertThat(compilation).hadErrorContaining(Message.DUPLICATE_INDEX.tag()).inFile(f).onLine(line)
                    .atColumn(27);
        }
        assertThat(compilation).hadErrorContaining(
                "ErroneousTripleIndex.A has index 0, like ErroneousTripleIndex.B and ErroneousTripleIndex.C;");
    }

    @Test
    void gapNamesEveryMissingIndex() {
        JavaFileObject f = source("ErroneousWideGap",
                "enum ErroneousWideGap {",
                "    @AddressSpace(index = 3, prefix = \"cpu-d\") D,",
                "    @AddressSpace(index = 0, prefix = \"cpu-a\") A",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("ErroneousWideGap.D has index 3, but no constant of"
                + " ErroneousWideGap has index 1 or 2").inFile(f).onLine(6).atColumn(27);
    }

    @Test
    void cycleIsReportedOnEveryRequiresValueInIt() {
        JavaFileObject f = source("ErroneousLongCycle",
                "enum ErroneousLongCycle {",
                "    @AddressSpace(index = 0, prefix = \"cpu-m\") M,",
                "    @AddressSpace(index = 1, prefix = \"cpu-a\", requires = {\"M\", \"B\"}) A,",
                "    @AddressSpace(index = 2, prefix = \"cpu-b\", requires = \"C\") B,",
                "    @AddressSpace(index = 3, prefix = \"cpu-c\", requires = \"A\") C,",
                "    @AddressSpace(index = 4, prefix = \"cpu-d\", requires = \"A\") D",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("ErroneousLongCycle.A requires ErroneousLongCycle.B in the cycle"
                + " A -> B -> C -> A").inFile(f).onLine(7).atColumn(65);
        assertThat(compilation).hadErrorContaining("in the cycle B -> C -> A -> B").inFile(f).onLine(8)
                .atColumn(59);
        assertThat(compilation).hadErrorContaining("in the cycle C -> A -> B -> C").inFile(f).onLine(9)
                .atColumn(59);
    }

    @Test
    void requiresRepetitionIsOnlyAWarning() {
        Compilation compilation = compile(source("RequiresTwice",
                "enum RequiresTwice {",
                "    @AddressSpace(index = 0, prefix = \"cpu-m\") M,",
                "    @AddressSpace(index = 1, prefix = \"cpu-a\", requires = {\"M\", \"M\"}) A",
                "}"));
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation).generatedSourceFile("test.RequiresTwiceSlots");
    }

    @Test
    void accessorCollidesWithAnotherConstantsPresenceCheck() {
        JavaFileObject f = source("ErroneousHasCollision",
                "enum ErroneousHasCollision {",
                "    @AddressSpace(index = 0, prefix = \"cpu-s\") S,",
                "    @AddressSpace(index = 1, prefix = \"cpu-has-s\") HAS_S",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("the presence check hasS(CpuState) of ErroneousHasCollision.S"
                + " collides with the accessor of ErroneousHasCollision.HAS_S").inFile(f).onLine(6).atColumn(5);
        assertThat(compilation).hadErrorContaining("the accessor hasS(CpuState) of ErroneousHasCollision.HAS_S"
                + " collides with the presence check of ErroneousHasCollision.S").inFile(f).onLine(7).atColumn(5);
    }

    @Test
    void accessorsDifferingOnlyInTheirFirstLetterCollideInTheirPresenceChecks() {
        JavaFileObject f = source("ErroneousCaseCollision",
                "enum ErroneousCaseCollision {",
                "    @AddressSpace(index = 0, prefix = \"cpu-x\") X,",
                "    @AddressSpace(index = 1, prefix = \"cpu-y\", accessor = \"X\") Y",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("the presence check hasX(CpuState) of ErroneousCaseCollision.Y")
                .inFile(f).onLine(7).atColumn(59);
    }

    @Test
    void derivedAccessorThatIsAKeywordOrReservedIsReportedOnTheAnnotation() {
        JavaFileObject f = source("ErroneousDerivedNames",
                "enum ErroneousDerivedNames {",
                "    @AddressSpace(index = 0, prefix = \"cpu-new\") NEW,",
                "    @AddressSpace(index = 1, prefix = \"cpu-default\") DEFAULT,",
                "    @AddressSpace(index = 2, prefix = \"cpu-roots\") ROOTS,",
                "    @AddressSpace(index = 3, prefix = \"cpu-index-of\") INDEX_OF,",
                "    @AddressSpace(index = 4, prefix = \"cpu-none\") __",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(5);
        assertThat(compilation).hadErrorContaining("ErroneousDerivedNames.NEW would get the accessor new(CpuState),"
                + " but new is a Java keyword").inFile(f).onLine(6).atColumn(5);
        assertThat(compilation).hadErrorContaining(Message.ACCESSOR_KEYWORD.tag()).inFile(f).onLine(7).atColumn(5);
        assertThat(compilation).hadErrorContaining("the accessor roots of ErroneousDerivedNames.ROOTS collides with the"
                + " generated method ErroneousDerivedNamesSlots.roots").inFile(f).onLine(8).atColumn(5);
        assertThat(compilation).hadErrorContaining(Message.ACCESSOR_RESERVED.tag()).inFile(f).onLine(9).atColumn(5);
        assertThat(compilation).hadErrorContaining("ErroneousDerivedNames.__ would get the accessor \"\"")
                .inFile(f).onLine(10).atColumn(5);
    }

    @Test
    void constantNamedAfterAPrivateTableIsReported() {
        JavaFileObject f = source("ErroneousTableName",
                "enum ErroneousTableName {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") PREFIXES",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("uses PREFIXES for its private table of prefixes").inFile(f)
                .onLine(6).atColumn(5);
    }

    @Test
    void accessorNamedLikeARootsMethodNamesRoots() {
        JavaFileObject f = source("ErroneousSetter",
                "enum ErroneousSetter {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") SET",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("the accessor set of ErroneousSetter.SET collides with the generated"
                + " method ErroneousSetterSlots.Roots.set").inFile(f).onLine(6).atColumn(5);
    }

    @Test
    void unexpectedExceptionBecomesADiagnosticNamingIt() {
        JavaFileObject f = source("ErroneousCrash",
                "enum ErroneousCrash {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        Compilation compilation = javac().withProcessors(InstrumentedProcessor.failing()).compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[AddressSpaceProcessorError] unexpected IllegalStateException while"
                + " processing the enum ErroneousCrash: " + InstrumentedProcessor.FAILURE).inFile(f).onLine(5);
    }

    @Test
    void constantNamedLikeItsEnumIsReported() {
        JavaFileObject f = source("ErroneousSelfNamed",
                "enum ErroneousSelfNamed {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") ErroneousSelfNamed",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("uses ErroneousSelfNamed for the enum's type").inFile(f)
                .onLine(6).atColumn(5);
    }

    @Test
    void constantNamedLikeAPackageRootIsReported() {
        // Found by ProcessorFuzzTest: beside a constant CpuState (which makes the generated code write
        // dev.addrspace.cpu.CpuState.cpuAddressSpaceInit(...)), a constant dev made that expression an int.
        JavaFileObject f = source("ErroneousPackageRoots",
                "enum ErroneousPackageRoots {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") dev,",
                "    @AddressSpace(index = 1, prefix = \"cpu-state\") CpuState,",
                "    @AddressSpace(index = 2, prefix = \"cpu-test\") test",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("uses dev for the first segment of the package dev.addrspace.cpu,"
                + " which the int constant would obscure in qualified names").inFile(f).onLine(6).atColumn(5);
        assertThat(compilation).hadErrorContaining("uses test for the first segment of the package test,")
                .inFile(f).onLine(8).atColumn(5);
    }

    @Test
    void enumThatMustBeWrittenQualifiedWhereItCannotBeIsReported() {
        // Found by ProcessorFuzzTest: in package roots.board the generated Roots class wrote
        // roots.board.Roots.MAIN, and its field roots obscured the package.
        JavaFileObject f = JavaFileObjects.forSourceLines("roots.board.Roots",
                "package roots.board;",
                "",
                "enum Roots {",
                "    @dev.addrspace.annotations.AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(Message.ENUM_NAME_RESERVED.tag() + " the generated class"
                + " RootsSlots cannot name Roots: its type Roots must be written qualified there, and the first"
                + " segment of its package roots.board is a variable of the generated code").inFile(f).onLine(3)
                .atColumn(1);
    }

    @Test
    void classNameOfAJavaLangTypeIsReserved() {
        // Found by ProcessorFuzzTest: a generated test.String, written in the same round, hid java.lang.String
        // from the other enum's generated class.
        JavaFileObject f = source("ErroneousStringSlots",
                "@AddressSpaces(className = \"String\")",
                "enum ErroneousStringSlots {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}",
                "",
                "enum Other {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("is reserved: a class String would hide java.lang.String from"
                + " the other classes generated in the package").inFile(f).onLine(5).atColumn(28);
    }

    @Test
    void typeOfThePackageNamedLikeAJavaLangTypeDoesNotHideIt() throws Exception {
        // Found by ProcessorFuzzTest: with a class test.IllegalStateException (or String) beside the enum,
        // the generated "throw new IllegalStateException(...)" named that class instead of java.lang's.
        Compilation compilation = compile(source("Shadowed",
                "enum Shadowed {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}",
                "",
                "class IllegalStateException {",
                "}",
                "",
                "enum String {",
                "    A",
                "}",
                "",
                "class NullPointerException {",
                "}",
                "",
                "class IndexOutOfBoundsException {",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        String generated = compilation.generatedSourceFile("test.ShadowedSlots").orElseThrow().getCharContent(false)
                .toString();
        assertThat(generated).contains("throw new java.lang.IllegalStateException(");
        assertThat(generated).contains("throw new java.lang.NullPointerException(");
        assertThat(generated).contains("throw new java.lang.IndexOutOfBoundsException(");
        assertThat(generated).contains("private static final java.lang.String[] PREFIXES");
    }

    @Test
    void enumNestedInAPrivateTypeIsNotVisible() {
        JavaFileObject f = source("ErroneousHiddenOuter",
                "class ErroneousHiddenOuter {",
                "    private static class Board {",
                "        enum Space {",
                "            @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "        }",
                "    }",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("ErroneousHiddenOuter.Board.Space is nested in the private type"
                + " ErroneousHiddenOuter.Board, so the generated class ErroneousHiddenOuter_Board_SpaceSlots")
                .inFile(f).onLine(7).atColumn(9);
    }

    @Test
    void defaultClassNameThatExistsIsReportedOnTheEnum() {
        JavaFileObject f = source("ErroneousTakenDefault",
                "enum ErroneousTakenDefault {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}",
                "",
                "class ErroneousTakenDefaultSlots {",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("the class test.ErroneousTakenDefaultSlots that the processor would"
                + " generate for ErroneousTakenDefault already exists").inFile(f).onLine(5).atColumn(1);
    }

    @Test
    void twoEnumsClaimingOneClassNameAreReportedNotCrashed() {
        JavaFileObject first = source("First",
                "@AddressSpaces(className = \"SharedSlots\")",
                "enum First {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        JavaFileObject second = source("ErroneousSecond",
                "@AddressSpaces(className = \"SharedSlots\")",
                "enum ErroneousSecond {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN",
                "}");
        InstrumentedProcessor processor = InstrumentedProcessor.recording();
        Compilation compilation = javac().withProcessors(processor).compile(first, second);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(Message.CLASS_NAME_EXISTS.tag()).inFile(second).onLine(5)
                .atColumn(28);
        assertThat(processor.createdSources()).containsExactly("test.SharedSlots");
    }

    @Test
    void everyErrorOfOneEnumIsReportedInOneCompile() {
        JavaFileObject f = source("ErroneousEverything",
                "enum ErroneousEverything {",
                "    @AddressSpace(index = 0, prefix = \"\") MAIN,",
                "    @AddressSpace(index = -2, prefix = \"cpu-a\") A,",
                "    @AddressSpace(index = 1, prefix = \"cpu-b\", requires = \"NOPE\") B,",
                "    @AddressSpace(index = 2, prefix = \"cpu-c\", accessor = \"class\") C,",
                "    PLAIN",
                "}");
        InstrumentedProcessor processor = InstrumentedProcessor.recording();
        Compilation compilation = javac().withProcessors(processor).compile(f);
        assertThat(compilation).hadErrorCount(5);
        assertThat(compilation).hadErrorContaining(Message.UNANNOTATED_CONSTANT.tag()).inFile(f).onLine(10);
        assertThat(compilation).hadErrorContaining(Message.NEGATIVE_INDEX.tag()).inFile(f).onLine(7);
        assertThat(compilation).hadErrorContaining(Message.EMPTY_PREFIX.tag()).inFile(f).onLine(6);
        assertThat(compilation).hadErrorContaining(Message.REQUIRES_UNKNOWN.tag()).inFile(f).onLine(8);
        assertThat(compilation).hadErrorContaining(Message.ACCESSOR_KEYWORD.tag()).inFile(f).onLine(9);
        assertThat(processor.createdSources()).isEmpty();
    }

    @Test
    void oneBadEnumHidesNeitherAnotherBadEnumNorAGoodOne() {
        JavaFileObject bad1 = source("ErroneousFirstBad",
                "enum ErroneousFirstBad {",
                "    @AddressSpace(index = 1, prefix = \"cpu-memory\") MAIN",
                "}");
        JavaFileObject bad2 = source("ErroneousSecondBad",
                "enum ErroneousSecondBad {",
                "    @AddressSpace(index = 0, prefix = \"cpu--memory\") MAIN",
                "}");
        JavaFileObject misplaced = source("ErroneousPlacement",
                "class ErroneousPlacement {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") int slot;",
                "}");
        InstrumentedProcessor processor = InstrumentedProcessor.recording();
        Compilation compilation = javac().withProcessors(processor).compile(bad1, Fixtures.ARM, bad2, misplaced);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining(Message.NO_INDEX_ZERO.tag()).inFile(bad1).onLine(5);
        assertThat(compilation).hadErrorContaining("contains \"--\"").inFile(bad2).onLine(6).atColumn(39);
        assertThat(compilation).hadErrorContaining(Message.NOT_ENUM_CONSTANT.tag()).inFile(misplaced).onLine(6);
        assertThat(processor.createdSources()).containsExactly("p.ArmAddressSpaceSlots");
    }

    @Test
    void addressSpacesAloneOnAnEnumWithoutConstantsAsksForIndexZero() {
        JavaFileObject f = source("ErroneousEmpty",
                "@AddressSpaces",
                "enum ErroneousEmpty {",
                "    ONLY",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining(Message.UNANNOTATED_CONSTANT.tag()).inFile(f).onLine(7)
                .atColumn(5);
        assertThat(compilation).hadErrorContaining(Message.NO_INDEX_ZERO.tag()).inFile(f).onLine(6).atColumn(1);
    }
}
