package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Compiles target code written against the generated API the way the targets module uses it, with every
 * lint warning an error, then runs it: the int constants are compile-time constants ({@code switch}
 * labels), the accessors and the {@code Roots} chain type-check, and the generated code is lint-clean.
 */
class TargetUsageTest {

    private static final JavaFileObject BOARD = JavaFileObjects.forSourceLines("p.ArmBoard",
            "package p;",
            "",
            "import dev.addrspace.cpu.CpuState;",
            "import dev.addrspace.memory.MemoryRegion;",
            "import dev.addrspace.memory.MemorySystem;",
            "import java.util.function.Supplier;",
            "",
            "public final class ArmBoard implements Supplier<String> {",
            "    static String describe(int asidx) {",
            "        switch (asidx) {",
            "            case ArmAddressSpaceSlots.NS: return \"non-secure\";",
            "            case ArmAddressSpaceSlots.S: return \"secure\";",
            "            default: return ArmAddressSpaceSlots.prefixOf(ArmAddressSpaceSlots.constantAt(asidx));",
            "        }",
            "    }",
            "",
            "    @Override",
            "    public String get() {",
            "        MemorySystem system = new MemorySystem();",
            "        MemoryRegion sysmem = MemoryRegion.container(system, \"system\", 1L << 32);",
            "        MemoryRegion secure = MemoryRegion.container(system, \"secure\", 1L << 32);",
            "        ArmAddressSpaceSlots.Roots roots = ArmAddressSpaceSlots.roots().ns(sysmem).s(secure);",
            "        StringBuilder out = new StringBuilder();",
            "        for (int i = 0; i < 2; i++) {",
            "            CpuState cpu = new CpuState(system, i);",
            "            roots.init(cpu);",
            "            out.append(ArmAddressSpaceSlots.ns(cpu).name()).append(' ')",
            "                    .append(ArmAddressSpaceSlots.hasS(cpu) ? ArmAddressSpaceSlots.s(cpu).name() : \"-\")",
            "                    .append(' ').append(ArmAddressSpaceSlots.hasTagNs(cpu)).append(';');",
            "        }",
            "        return out + describe(ArmAddressSpaceSlots.S) + \",\" + describe(ArmAddressSpaceSlots.TAG_S)",
            "                + \",\" + ArmAddressSpaceSlots.MAX;",
            "    }",
            "}");

    @Test
    void targetCodeCompilesLintCleanAndRuns() throws ReflectiveOperationException {
        Compilation compilation = javac()
                .withProcessors(new AddressSpaceProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(Fixtures.ARM, BOARD);
        assertThat(compilation).succeededWithoutWarnings();

        Supplier<?> board = (Supplier<?>) new CompiledClassLoader(compilation).load("p.ArmBoard")
                .getConstructor().newInstance();
        assertThat(board.get()).isEqualTo("cpu-memory-0 cpu-secure-memory-0 false;"
                + "cpu-memory-1 cpu-secure-memory-1 false;secure,cpu-tag-memory,4");
    }

    @Test
    void generatedCodeOfEveryGoldenCaseIsLintClean() {
        Compilation compilation = javac()
                .withProcessors(new AddressSpaceProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(Fixtures.ARM, Fixtures.NESTED, Fixtures.ACCESSORS);
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void everyGeneratedPublicMemberHasValidJavadoc() {
        JavaFileObject documented = JavaFileObjects.forSourceLines("d.DocumentedAddressSpace",
                "package d;",
                "",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "/** The address spaces of a documented target. */",
                "public enum DocumentedAddressSpace {",
                "    /** Main memory. */",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\") MAIN,",
                "    /** Secure memory. */",
                "    @AddressSpace(index = 1, prefix = \"cpu-secure-memory\", requires = \"MAIN\") SECURE_MEMORY",
                "}");
        // doclint's "missing" group reports every public or protected member without a comment.
        Compilation compilation = javac()
                .withProcessors(new AddressSpaceProcessor())
                .withOptions("-Xlint:all,-processing", "-Xdoclint:all/protected", "-Werror")
                .compile(documented);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("d.DocumentedAddressSpaceSlots");
    }

    @Test
    void outOfOrderDeclarationKeepsIndicesApartFromOrdinals() {
        Compilation compilation = Fixtures.compile(Fixtures.NESTED);
        assertThat(compilation).succeededWithoutWarnings();
        CompiledClassLoader loader = new CompiledClassLoader(compilation);
        Class<?> slots = loader.load("p.X86Slots");
        Object[] constants = loader.load("p.Pc$X86AddressSpace").getEnumConstants();
        // SMM is declared first (ordinal 0) with index 1; MEM second (ordinal 1) with index 0.
        assertThat(((Enum<?>) constants[0]).name()).isEqualTo("SMM");
        assertThat(CompiledClassLoader.call(slots, null, "indexOf", constants[0])).isEqualTo(1);
        assertThat(CompiledClassLoader.call(slots, null, "indexOf", constants[1])).isEqualTo(0);
        assertThat(CompiledClassLoader.call(slots, null, "constantAt", 0)).isSameInstanceAs(constants[1]);
        assertThat(CompiledClassLoader.call(slots, null, "prefixOf", constants[0])).isEqualTo("cpu-smm");
    }

    @Test
    void constantsNamedLikeTypesTheCodeUsesDoNotObscureThem() {
        JavaFileObject awkward = JavaFileObjects.forSourceLines("p.Awkward",
                "package p;",
                "",
                "import dev.addrspace.annotations.AddressSpace;",
                "",
                "public enum Awkward {",
                "    @AddressSpace(index = 0, prefix = \"cpu-memory\", accessor = \"memory\") CpuState,",
                "    @AddressSpace(index = 1, prefix = \"cpu-space\", accessor = \"space\") AddressSpace,",
                "    @AddressSpace(index = 2, prefix = \"cpu-region\", accessor = \"region\") MemoryRegion,",
                "    @AddressSpace(index = 3, prefix = \"cpu-roots\", accessor = \"rootsSpace\") Roots,",
                "    @AddressSpace(index = 4, prefix = \"cpu-string\", accessor = \"string\") String,",
                "    @AddressSpace(index = 5, prefix = \"cpu-ise\", accessor = \"ise\") IllegalStateException",
                "}");
        Compilation compilation = javac()
                .withProcessors(new AddressSpaceProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(awkward);
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> slots = new CompiledClassLoader(compilation).load("p.AwkwardSlots");
        assertThat(CompiledClassLoader.call(slots, null, "prefixOf",
                CompiledClassLoader.call(slots, null, "constantAt", 3))).isEqualTo("cpu-roots");
    }

    @Test
    void generationIsDeterministic() throws Exception {
        String first = source(Fixtures.compile(Fixtures.ACCESSORS, Fixtures.ARM, Fixtures.NESTED));
        String second = source(Fixtures.compile(Fixtures.NESTED, Fixtures.ARM, Fixtures.ACCESSORS));
        assertThat(second).isEqualTo(first);
    }

    private static String source(Compilation compilation) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String name : new String[] {"p.ArmAddressSpaceSlots", "p.X86Slots", "q.RiscvAddressSpaceSlots"}) {
            all.append(compilation.generatedSourceFile(name).orElseThrow().getCharContent(false));
        }
        return all.toString();
    }
}
