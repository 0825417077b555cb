package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the class generated for the ARM declaration against the real runtime: slot numbers, accessors,
 * presence checks, lookups, and the {@code Roots} init entry point with its checks.
 */
class GeneratedCodeTest {

    private static Class<?> slots;
    private static Class<?> rootsType;
    private static Class<? extends Enum<?>> arm;

    private MemorySystem system;
    private CpuState cpu;
    private MemoryRegion ns;
    private MemoryRegion secure;
    private MemoryRegion tagNs;
    private MemoryRegion tagS;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void compileArm() {
        Compilation compilation = Fixtures.compile(Fixtures.ARM);
        assertThat(compilation).succeededWithoutWarnings();
        CompiledClassLoader loader = new CompiledClassLoader(compilation);
        slots = loader.load("p.ArmAddressSpaceSlots");
        rootsType = loader.load("p.ArmAddressSpaceSlots$Roots");
        arm = (Class<? extends Enum<?>>) loader.load("p.ArmAddressSpace");
    }

    @BeforeEach
    void newMachine() {
        system = new MemorySystem();
        cpu = new CpuState(system, 3);
        ns = MemoryRegion.container(system, "ns", 1L << 32);
        secure = MemoryRegion.container(system, "secure", 1L << 32);
        tagNs = MemoryRegion.container(system, "tag-ns", 1L << 28);
        tagS = MemoryRegion.container(system, "tag-s", 1L << 28);
    }

    @Test
    void maxCountsTheSlotsAndEachConstantHasItsIndex() throws ReflectiveOperationException {
        assertThat(constant("MAX")).isEqualTo(4);
        assertThat(constant("NS")).isEqualTo(0);
        assertThat(constant("S")).isEqualTo(1);
        assertThat(constant("TAG_NS")).isEqualTo(2);
        assertThat(constant("TAG_S")).isEqualTo(3);
    }

    @Test
    void classIsFinalWithAPrivateConstructor() {
        assertThat(Modifier.isFinal(slots.getModifiers())).isTrue();
        assertThat(slots.getConstructors()).isEmpty();
        assertThat(Modifier.isPrivate(slots.getDeclaredConstructors()[0].getModifiers())).isTrue();
    }

    @Test
    void lookupsMapConstantsIndicesAndPrefixes() {
        List<String> prefixes = List.of("cpu-memory", "cpu-secure-memory", "cpu-tag-memory", "cpu-tag-memory");
        for (int i = 0; i < 4; i++) {
            Enum<?> which = (Enum<?>) call("constantAt", i);
            assertThat(which).isEqualTo(arm.getEnumConstants()[i]);
            assertThat(call("indexOf", which)).isEqualTo(i);
            assertThat(call("prefixOf", which)).isEqualTo(prefixes.get(i));
        }
    }

    @Test
    void constantAtRejectsIndicesOutsideTheSlots() {
        for (int index : new int[] {-1, 4, Integer.MIN_VALUE}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> call("constantAt", index));
            assertThat(e).hasMessageThat().isEqualTo("index " + index + " is outside 0..3 of ArmAddressSpace (MAX=4)");
        }
    }

    @Test
    void initCreatesEveryGivenAddressSpaceInIndexOrder() {
        Object roots = roots();
        callOn(roots, "tagS", tagS);
        callOn(roots, "tagNs", tagNs);
        callOn(roots, "s", secure);
        callOn(roots, "ns", ns);
        callOn(roots, "init", cpu);

        assertThat(cpu.numAses()).isEqualTo(4);
        assertThat(system.addressSpaces().stream().map(AddressSpace::name).toList()).containsExactly(
                "cpu-memory-3", "cpu-secure-memory-3", "cpu-tag-memory-3", "cpu-tag-memory-3").inOrder();
        assertThat(accessor("ns").root()).isSameInstanceAs(ns);
        assertThat(accessor("s").root()).isSameInstanceAs(secure);
        assertThat(accessor("tagNs").root()).isSameInstanceAs(tagNs);
        assertThat(accessor("tagS").root()).isSameInstanceAs(tagS);
        assertThat(accessor("ns")).isSameInstanceAs(cpu.as());
        assertThat(accessor("s")).isSameInstanceAs(cpu.addressSpace(1));
        for (String check : List.of("hasNs", "hasS", "hasTagNs", "hasTagS")) {
            assertThat(call(check, cpu)).isEqualTo(true);
        }
        assertThat(call("addressSpace", cpu, arm.getEnumConstants()[2])).isSameInstanceAs(cpu.addressSpace(2));
        assertThat(call("has", cpu, arm.getEnumConstants()[3])).isEqualTo(true);
    }

    @Test
    void absentOptionalAddressSpacesLeaveTheirSlotsEmpty() {
        callOn(callOn(roots(), "ns", ns), "init", cpu);

        assertThat(cpu.numAses()).isEqualTo(4);
        assertThat(system.addressSpaces()).hasSize(1);
        assertThat(call("hasNs", cpu)).isEqualTo(true);
        assertThat(call("hasS", cpu)).isEqualTo(false);
        assertThat(call("hasTagS", cpu)).isEqualTo(false);
        assertThat(call("has", cpu, arm.getEnumConstants()[1])).isEqualTo(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> accessor("s"));
        assertThat(e).hasMessageThat().isEqualTo("CPU 3 has no address space ArmAddressSpace.S (index 1,"
                + " numAses=4): no root was given for it at init");
    }

    @Test
    void presenceChecksAreFalseAndAccessorsThrowBeforeInit() {
        assertThat(call("hasNs", cpu)).isEqualTo(false);
        assertThat(call("has", cpu, arm.getEnumConstants()[3])).isEqualTo(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> accessor("tagS"));
        assertThat(e).hasMessageThat().isEqualTo("CPU 3 has no address space ArmAddressSpace.TAG_S (index 3,"
                + " numAses=0): its address spaces are not initialized");
    }

    @Test
    void missingRequirementIsRejectedBeforeAnySlotIsCreated() {
        Object roots = callOn(callOn(roots(), "ns", ns), "tagS", tagS);
        callOn(roots, "tagNs", tagNs);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> callOn(roots, "init", cpu));

        assertThat(e).hasMessageThat().isEqualTo("ArmAddressSpace.TAG_S requires ArmAddressSpace.S, which has no root");
        assertThat(cpu.numAses()).isEqualTo(0);
        assertThat(cpu.isInitialized()).isFalse();
        assertThat(system.addressSpaces()).isEmpty();
    }

    @Test
    void everyRequirementIsChecked() {
        Object roots = callOn(callOn(callOn(roots(), "ns", ns), "s", secure), "tagS", tagS);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> callOn(roots, "init", cpu));

        assertThat(e).hasMessageThat().isEqualTo(
                "ArmAddressSpace.TAG_S requires ArmAddressSpace.TAG_NS, which has no root");
        assertThat(cpu.numAses()).isEqualTo(0);
    }

    @Test
    void missingIndexZeroIsRejectedBeforeAnySlotIsCreated() {
        Object roots = callOn(roots(), "s", secure);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> callOn(roots, "init", cpu));

        assertThat(e).hasMessageThat().startsWith("ArmAddressSpace.NS has no root;");
        assertThat(e).hasMessageThat().contains("set it with ns(root) before init");
        assertThat(cpu.numAses()).isEqualTo(0);
        assertThat(system.addressSpaces()).isEmpty();
    }

    @Test
    void oneRootsServesSeveralCpus() {
        Object roots = callOn(callOn(roots(), "ns", ns), "s", secure);
        CpuState cpu0 = new CpuState(system, 0);
        CpuState cpu1 = new CpuState(system, 1);
        callOn(roots, "init", cpu0);
        callOn(roots, "init", cpu1);

        assertThat(system.addressSpaces().stream().map(AddressSpace::name).toList()).containsExactly(
                "cpu-memory-0", "cpu-secure-memory-0", "cpu-memory-1", "cpu-secure-memory-1").inOrder();
        assertThat(cpu0.addressSpace(0)).isNotSameInstanceAs(cpu1.addressSpace(0));
        assertThat(cpu1.addressSpace(1).root()).isSameInstanceAs(secure);
        assertThat(call("hasTagNs", cpu1)).isEqualTo(false);
    }

    @Test
    void initTwiceOnOneCpuIsRejectedByTheRuntime() {
        Object roots = callOn(roots(), "ns", ns);
        callOn(roots, "init", cpu);
        assertThrows(IllegalStateException.class, () -> callOn(roots, "init", cpu));
        assertThat(system.addressSpaces()).hasSize(1);
    }

    @Test
    void setIsTheSetterByConstantAndReplacesEarlierRoots() {
        Object roots = roots();
        callOn(roots, "ns", secure);
        assertThat(callOn(roots, "set", arm.getEnumConstants()[0], ns)).isSameInstanceAs(roots);
        callOn(roots, "init", cpu);
        assertThat(accessor("ns").root()).isSameInstanceAs(ns);
    }

    @Test
    void nullRootIsRejectedNamingTheConstant() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> callOn(roots(), "tagNs",
                (Object) null));
        assertThat(e).hasMessageThat().isEqualTo("root of ArmAddressSpace.TAG_NS");
        NullPointerException viaSet = assertThrows(NullPointerException.class,
                () -> callOn(roots(), "set", arm.getEnumConstants()[1], null));
        assertThat(viaSet).hasMessageThat().isEqualTo("root of ArmAddressSpace.S");
    }

    @Test
    void nullCpuIsRejectedBeforeAnything() {
        Object roots = callOn(roots(), "ns", ns);
        assertThrows(NullPointerException.class, () -> callOn(roots, "init", (Object) null));
        assertThat(system.addressSpaces()).isEmpty();
    }

    private static Object constant(String name) throws ReflectiveOperationException {
        return slots.getField(name).get(null);
    }

    private static Object call(String name, Object... args) {
        return CompiledClassLoader.call(slots, null, name, args);
    }

    private static Object callOn(Object roots, String name, Object... args) {
        return CompiledClassLoader.call(rootsType, roots, name, args);
    }

    private static Object roots() {
        return call("roots");
    }

    private AddressSpace accessor(String name) {
        return (AddressSpace) call(name, cpu);
    }
}
