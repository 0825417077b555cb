package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.addrspace.processor.Fixtures.compile;
import static dev.addrspace.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @AddressSpace} on local enums, which javac never hands to processors: each annotated constant
 * is reported as {@code [AddressSpaceEnumNotVisible]} at the constant's annotation, found through the
 * tree API.
 * Fixture bodies start on line 5.
 */
class LocalEnumTest {

    @Test
    void localEnumInAMethodIsReportedAtEachAnnotatedConstant() {
        JavaFileObject f = source("ErroneousLocalEnum",
                "class ErroneousLocalEnum {",
                "    void build() {",
                "        enum Local {",
                "            @AddressSpace(index = 0, prefix = \"cpu-memory\") MEMORY,",
                "            @AddressSpace(index = 1, prefix = \"cpu-smm\") SMM",
                "        }",
                "    }",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining(Message.ENUM_NOT_VISIBLE.tag() + " Local.MEMORY is a local enum"
                + " (declared in the method build()), which javac never hands to annotation processors, so the"
                + " generated class LocalSlots beside it cannot see it").inFile(f).onLine(8).atColumn(13);
        assertThat(compilation).hadErrorContaining(Message.ENUM_NOT_VISIBLE.tag() + " Local.SMM").inFile(f)
                .onLine(9).atColumn(13);
    }

    @Test
    void everyLocalScopeIsFound() {
        JavaFileObject f = source("ErroneousLocalScopes",
                "class ErroneousLocalScopes {",
                "    static {",
                "        enum InInitializer { @AddressSpace(index = 0, prefix = \"cpu-a\") A }",
                "    }",
                "    ErroneousLocalScopes() {",
                "        enum InConstructor { @AddressSpace(index = 0, prefix = \"cpu-b\") B }",
                "    }",
                "    Runnable r = () -> {",
                "        enum InLambda { @AddressSpace(index = 0, prefix = \"cpu-c\") C }",
                "    };",
                "    Object o = new Object() {",
                "        enum InAnonymous { @AddressSpace(index = 0, prefix = \"cpu-d\") D }",
                "    };",
                "    void m() {",
                "        class LocalClass {",
                "            enum InLocalClass {",
                "                @dev.addrspace.annotations.AddressSpace(index = 0, prefix = \"cpu-e\") E",
                "            }",
                "        }",
                "    }",
                "}");
        Compilation compilation = compile(f);
        assertThat(compilation).hadErrorCount(5);
        assertThat(compilation).hadErrorContaining("InInitializer.A is a local enum (declared in an initializer)")
                .inFile(f).onLine(7);
        assertThat(compilation).hadErrorContaining("InConstructor.B is a local enum (declared in a constructor)")
                .inFile(f).onLine(10);
        assertThat(compilation).hadErrorContaining("InLambda.C is a local enum (declared in a lambda body)")
                .inFile(f).onLine(13);
        assertThat(compilation).hadErrorContaining("InAnonymous.D is a local enum (declared in an anonymous class)")
                .inFile(f).onLine(16);
        assertThat(compilation).hadErrorContaining("InLocalClass.E is a local enum (declared in the method m())")
                .inFile(f).onLine(21);
    }

    @Test
    void memberEnumsAndOtherAnnotationsOfTheSameNameAreLeftAlone() {
        // A member enum is an element the processor sees: it is generated, not reported.
        JavaFileObject member = source("Outer",
                "class Outer {",
                "    enum Member { @AddressSpace(index = 0, prefix = \"cpu-memory\") MEMORY }",
                "}");
        // A local enum annotated with some other AddressSpace annotation is none of our business.
        JavaFileObject other = JavaFileObjects.forSourceLines("other.Elsewhere",
                "package other;",
                "",
                "class Elsewhere {",
                "    @interface AddressSpace { int index(); }",
                "    void m() {",
                "        enum Local { @AddressSpace(index = 0) A }",
                "    }",
                "}");
        Compilation compilation = compile(member, other);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation.generatedSourceFiles().stream().map(JavaFileObject::getName).toList().toString())
                .contains("Outer_MemberSlots");
    }
}
