package dev.addrspace.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the init entry point of a {@code Slots} class: the {@code roots()} factory and the reusable
 * {@code Roots} builder, whose {@code init(cpu)} checks every root before it creates anything, then calls
 * {@code cpuAddressSpaceInit(cpu, MAX)} and {@code cpuAddressSpaceAdd} in index order, AS 0 first.
 */
final class RootsGenerator {

    private final EnumModel model;
    private final ClassName enumName;
    private final ClassName roots;
    private final List<ConstantModel> byIndex;

    /**
     * Creates the generator for one enum.
     *
     * @param model a valid enum
     * @param enumName the enum's type
     * @param slots the generated class, which encloses {@code Roots}
     */
    RootsGenerator(EnumModel model, ClassName enumName, ClassName slots) {
        this.model = model;
        this.enumName = enumName;
        this.roots = slots.nestedClass(Identifiers.ROOTS_CLASS);
        this.byIndex = model.byIndex();
    }

    /** @return {@code public static Roots roots()} */
    MethodSpec factory() {
        return MethodSpec.methodBuilder("roots")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(roots)
                .addJavadoc("Starts the init entry point: give each address space of a CPU its root, then call\n"
                        + "{@link Roots#init(CpuState)} for each CPU.\n\n"
                        + "@return a new, empty {@link Roots}\n")
                .addStatement("return new $T()", roots)
                .build();
    }

    /** @return the {@code Roots} builder class */
    TypeSpec type() {
        TypeSpec.Builder type = TypeSpec.classBuilder(roots)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The roots of a CPU's address spaces, one per constant of {@link $T};\nonly"
                        + " {@link $T#$L} (index 0) is required. A board builds it once and calls\n"
                        + "{@link #init(CpuState)} for each of its CPUs: every CPU gets its own address spaces over"
                        + "\nthe same roots.\n\n<p>Not thread safe: a board builds and uses it on one"
                        + " thread.\n", enumName, enumName, byIndex.get(0).name())
                .addField(FieldSpec.builder(ArrayTypeName.of(ClassNames.MEMORY_REGION), Identifiers.ROOTS_FIELD,
                                Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T[$L]", ClassNames.MEMORY_REGION, Identifiers.MAX_FIELD)
                        .build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (ConstantModel c : byIndex) {
            type.addMethod(setter(c));
        }
        type.addMethod(set());
        type.addMethod(init());
        return type.build();
    }

    private MethodSpec setter(ConstantModel c) {
        return MethodSpec.methodBuilder(c.accessor())
                .addModifiers(Modifier.PUBLIC)
                .returns(roots)
                .addParameter(ClassNames.MEMORY_REGION, "root")
                .addJavadoc("Sets the root of {@link $T#$L}, prefix {@code $S}$L.\n\n"
                        + "@param root the root region\n"
                        + "@return this\n"
                        + "@throws NullPointerException if {@code root} is null\n",
                        enumName, c.name(), c.prefix(), c == byIndex.get(0) ? "; required" : "")
                .addStatement("return set($T.$L, root)", enumName, c.name())
                .build();
    }

    private MethodSpec set() {
        return MethodSpec.methodBuilder("set")
                .addModifiers(Modifier.PUBLIC)
                .returns(roots)
                .addParameter(enumName, "which")
                .addParameter(ClassNames.MEMORY_REGION, "root")
                .addJavadoc("Sets the root of an address space, replacing any root set before.\n\n"
                        + "@param which the address space\n"
                        + "@param root the root region\n"
                        + "@return this\n"
                        + "@throws NullPointerException if {@code which} or {@code root} is null\n")
                .addStatement("int index = indexOf(which)")
                .beginControlFlow("if (root == null)")
                .addStatement("throw new $T($S + which.name())", NullPointerException.class,
                        "root of " + model.displayName() + ".")
                .endControlFlow()
                .addStatement("$L[index] = root", Identifiers.ROOTS_FIELD)
                .addStatement("return this")
                .build();
    }

    private MethodSpec init() {
        ConstantModel main = byIndex.get(0);
        MethodSpec.Builder init = MethodSpec.methodBuilder("init")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(ClassNames.CPU_STATE, Identifiers.CPU_PARAMETER)
                .addJavadoc("Creates the address spaces of {@code cpu}. First checks that\n{@link $T#$L} has a"
                        + " root and that every address space with a root has\nthe ones it requires; then calls\n"
                        + "{@link $T#cpuAddressSpaceInit(CpuState, int) cpuAddressSpaceInit(cpu, MAX)} and\n"
                        + "{@link $T#cpuAddressSpaceAdd(CpuState, int, String, MemoryRegion) cpuAddressSpaceAdd}\n"
                        + "for each root in index order, index 0 first. When a check fails, nothing is created.\n"
                        + "Allocates.\n\n"
                        + "@param cpu a CPU whose address spaces are not initialized\n"
                        + "@throws IllegalStateException if {@link $T#$L} has no root, if an\n"
                        + "    address space with a root requires one without, or if the address spaces of\n"
                        + "    {@code cpu} are already initialized\n"
                        + "@throws NullPointerException if {@code cpu} is null\n",
                        enumName, main.name(), ClassNames.CPU_STATE, ClassNames.CPU_STATE, enumName, main.name())
                .beginControlFlow("if (cpu == null)")
                .addStatement("throw new $T($S)", NullPointerException.class, "cpu")
                .endControlFlow()
                .beginControlFlow("if ($L[$L] == null)", Identifiers.ROOTS_FIELD, main.name())
                .addStatement("throw new $T($S\n+ $S\n+ $S)", IllegalStateException.class,
                        model.render(main.name()) + " has no root; ", "index 0 is the CPU's main address space: ",
                        "set it with " + main.accessor() + "(root) before init")
                .endControlFlow();
        for (ConstantModel c : byIndex) {
            for (String required : c.requiredNames()) {
                if (required.equals(main.name())) {
                    continue; // checked above for every CPU
                }
                init.beginControlFlow("if ($L[$L] != null && $L[$L] == null)", Identifiers.ROOTS_FIELD, c.name(), Identifiers.ROOTS_FIELD,
                                required)
                        .addStatement("throw new $T($S\n+ $S)", IllegalStateException.class,
                                model.render(c.name()) + " requires ", model.render(required) + ", which has no root")
                        .endControlFlow();
            }
        }
        init.addStatement("$T.cpuAddressSpaceInit(cpu, $L)", ClassNames.CPU_STATE, Identifiers.MAX_FIELD);
        for (ConstantModel c : byIndex) {
            if (c != main) {
                init.beginControlFlow("if ($L[$L] != null)", Identifiers.ROOTS_FIELD, c.name());
            }
            init.addStatement("$T.cpuAddressSpaceAdd(cpu, $L, $S, $L[$L])", ClassNames.CPU_STATE, c.name(),
                    c.prefix(), Identifiers.ROOTS_FIELD, c.name());
            if (c != main) {
                init.endControlFlow();
            }
        }
        return init.build();
    }
}
