package dev.addrspace.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Fixture sources shared by the tests, and the one way the tests run the processor. */
final class Fixtures {

    /** The ARM declaration of the architecture document, as the targets module writes it. */
    static final JavaFileObject ARM = JavaFileObjects.forSourceLines("p.ArmAddressSpace",
            "package p;",
            "",
            "import dev.addrspace.annotations.AddressSpace;",
            "",
            "public enum ArmAddressSpace {",
            "    @AddressSpace(index = 0, prefix = \"cpu-memory\")        NS,",
            "    @AddressSpace(index = 1, prefix = \"cpu-secure-memory\") S,",
            "    @AddressSpace(index = 2, prefix = \"cpu-tag-memory\")    TAG_NS,",
            "    @AddressSpace(index = 3, prefix = \"cpu-tag-memory\", requires = {\"S\", \"TAG_NS\"}) TAG_S",
            "}");

    /** A nested enum that names its class, declared out of index order. */
    static final JavaFileObject NESTED = JavaFileObjects.forSourceLines("p.Pc",
            "package p;",
            "",
            "import dev.addrspace.annotations.AddressSpace;",
            "import dev.addrspace.annotations.AddressSpaces;",
            "",
            "public final class Pc {",
            "    @AddressSpaces(className = \"X86Slots\")",
            "    enum X86AddressSpace {",
            "        @AddressSpace(index = 1, prefix = \"cpu-smm\") SMM,",
            "        @AddressSpace(index = 0, prefix = \"cpu-memory\") MEM",
            "    }",
            "}");

    /** Accessor overrides, one of them for a constant whose derived name would be a keyword. */
    static final JavaFileObject ACCESSORS = JavaFileObjects.forSourceLines("q.RiscvAddressSpace",
            "package q;",
            "",
            "import dev.addrspace.annotations.AddressSpace;",
            "",
            "enum RiscvAddressSpace {",
            "    @AddressSpace(index = 0, prefix = \"cpu-memory\", accessor = \"memory\") MAIN,",
            "    @AddressSpace(index = 1, prefix = \"cpu-new-memory\", accessor = \"newMemory\",",
            "            requires = \"MAIN\") NEW",
            "}");

    private Fixtures() {
    }

    /**
     * A source in package {@code test} that imports the annotations: its body starts on line 5.
     *
     * @param simpleName the top-level type's name, which names the file
     * @param body the lines after the header
     * @return the source
     */
    static JavaFileObject source(String simpleName, String... body) {
        String[] lines = new String[body.length + 4];
        lines[0] = "package test;";
        lines[1] = "";
        lines[2] = "import dev.addrspace.annotations.*;";
        lines[3] = "";
        System.arraycopy(body, 0, lines, 4, body.length);
        return JavaFileObjects.forSourceLines("test." + simpleName, lines);
    }

    /**
     * Compiles sources with the processor, on the test class path (annotations and runtime).
     *
     * @param sources the sources
     * @return the compilation
     */
    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new AddressSpaceProcessor()).compile(sources);
    }
}
