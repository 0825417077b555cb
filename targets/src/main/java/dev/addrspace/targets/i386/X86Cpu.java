package dev.addrspace.targets.i386;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.util.List;

/**
 * Realizes the address spaces of an x86 CPU as QEMU does, through the generated
 * {@link X86AddressSpaceSlots}.
 *
 * <p>Under TCG ({@link #realizeTcg}) each CPU gets its own SMM root: a container named {@code memory}
 * holding an alias {@code memory} of system memory at priority 0; {@code MEM} ({@code cpu-memory-N}) is
 * on system memory and {@code SMM} ({@code cpu-smm-N}) on that root. When the machine is done,
 * {@link #machineDoneTcg} adds the alias {@code smram} (4 GiB of the machine's SMRAM region, priority 1)
 * to every CPU's root, so SMRAM shows through in SMM only.
 *
 * <p>Under KVM ({@link #realizeKvm}) only {@code MEM} exists until machine-done, when
 * {@link #machineDoneKvm} builds one shared root {@code mem-container-smram} (system memory through the
 * alias {@code mem-smram} at priority 0, SMRAM at priority 10), the {@code KVM-SMRAM} address space, and
 * {@code cpu-smm-N} on it for every CPU.
 *
 * <p>The attrs-to-index mapping is QEMU's {@code x86_asidx_from_attrs}: {@code attrs.secure} (SMM)
 * selects {@code SMM}.
 */
public final class X86Cpu {

    /** Size of the SMRAM window the TCG {@code smram} alias maps: 4 GiB, as QEMU. */
    public static final long SMRAM_ALIAS_SIZE = 1L << 32;
    /** Priority of the TCG {@code smram} alias in each CPU's SMM root. */
    public static final int TCG_SMRAM_PRIORITY = 1;
    /** Priority of SMRAM in KVM's shared {@code mem-container-smram}. */
    public static final int KVM_SMRAM_PRIORITY = 10;

    private X86Cpu() {
    }

    /**
     * Creates a TCG CPU: {@code MEM} on {@code systemMemory} and {@code SMM} on a new per-CPU root
     * container {@code memory} that holds an alias of {@code systemMemory} at priority 0. Allocates.
     *
     * @param system the machine's memory system
     * @param cpuIndex the CPU's index
     * @param systemMemory the machine's system memory (QEMU's {@code get_system_memory()})
     * @return the CPU, with its attrs-to-index mapping set
     * @throws NullPointerException if {@code systemMemory} is null
     */
    public static CpuState realizeTcg(MemorySystem system, int cpuIndex, MemoryRegion systemMemory) {
        if (systemMemory == null) {
            throw new NullPointerException("systemMemory");
        }
        MemoryRegion cpuAsRoot = MemoryRegion.container(system, "memory", MemoryRegion.SIZE_2_64);
        MemoryRegion cpuAsMem = MemoryRegion.alias(system, "memory", systemMemory, 0, MemoryRegion.SIZE_2_64);
        cpuAsRoot.addSubregionOverlap(0, cpuAsMem, 0);
        CpuState cpu = new CpuState(system, cpuIndex);
        X86AddressSpaceSlots.roots().mem(systemMemory).smm(cpuAsRoot).init(cpu);
        cpu.setAsIndexMapper(X86Cpu::asIndexFromAttrs);
        return cpu;
    }

    /**
     * QEMU's TCG machine-done step for one CPU: adds the alias {@code smram} (offset 0, 4 GiB of
     * {@code smram}) at priority 1 to the CPU's SMM root. Allocates.
     *
     * @param cpu a CPU made by {@link #realizeTcg}
     * @param smram the machine's SMRAM region ({@code /machine/smram})
     * @return the alias added
     * @throws IllegalStateException if the CPU has no SMM address space
     */
    public static MemoryRegion machineDoneTcg(CpuState cpu, MemoryRegion smram) {
        if (smram == null) {
            throw new NullPointerException("smram");
        }
        MemoryRegion root = X86AddressSpaceSlots.smm(cpu).root();
        MemoryRegion alias = MemoryRegion.alias(cpu.system(), "smram", smram, 0, SMRAM_ALIAS_SIZE);
        root.addSubregionOverlap(0, alias, TCG_SMRAM_PRIORITY);
        return alias;
    }

    /**
     * Creates a KVM CPU: only {@code MEM} on {@code systemMemory}, until {@link #machineDoneKvm}.
     * Allocates.
     *
     * @param system the machine's memory system
     * @param cpuIndex the CPU's index
     * @param systemMemory the machine's system memory
     * @return the CPU, with its attrs-to-index mapping set
     * @throws NullPointerException if {@code systemMemory} is null
     */
    public static CpuState realizeKvm(MemorySystem system, int cpuIndex, MemoryRegion systemMemory) {
        if (systemMemory == null) {
            throw new NullPointerException("systemMemory");
        }
        CpuState cpu = new CpuState(system, cpuIndex);
        X86AddressSpaceSlots.roots().mem(systemMemory).init(cpu);
        cpu.setAsIndexMapper(X86Cpu::asIndexFromAttrs);
        return cpu;
    }

    /**
     * QEMU's KVM machine-done step ({@code register_smram_listener}): builds the shared root
     * {@code mem-container-smram} with the alias {@code mem-smram} of system memory (priority 0) and
     * {@code smram} itself (priority 10), creates the address space {@code KVM-SMRAM} on it, then adds
     * {@code cpu-smm-N} on the same root to every CPU. Allocates.
     *
     * @param system the machine's memory system
     * @param cpus CPUs made by {@link #realizeKvm}
     * @param systemMemory the machine's system memory
     * @param smram the machine's SMRAM region, which must have no parent yet
     * @return the {@code KVM-SMRAM} address space
     * @throws IllegalStateException if a CPU already has an SMM address space, or {@code smram} already
     *     has a parent
     */
    public static AddressSpace machineDoneKvm(MemorySystem system, List<CpuState> cpus, MemoryRegion systemMemory,
            MemoryRegion smram) {
        for (CpuState cpu : cpus) {
            if (X86AddressSpaceSlots.hasSmm(cpu)) {
                throw new IllegalStateException("CPU " + cpu.cpuIndex() + " already has "
                        + X86AddressSpaceSlots.smm(cpu).name());
            }
        }
        MemoryRegion root = MemoryRegion.container(system, "mem-container-smram", MemoryRegion.SIZE_2_64);
        root.addSubregionOverlap(0, MemoryRegion.alias(system, "mem-smram", systemMemory, 0, MemoryRegion.SIZE_2_64), 0);
        root.addSubregionOverlap(0, smram, KVM_SMRAM_PRIORITY);
        AddressSpace kvmSmram = system.newAddressSpace(root, "KVM-SMRAM");
        for (CpuState cpu : cpus) {
            CpuState.cpuAddressSpaceAdd(cpu, X86AddressSpaceSlots.SMM,
                    X86AddressSpaceSlots.prefixOf(X86AddressSpace.SMM), root);
        }
        return kvmSmram;
    }

    /**
     * QEMU's {@code x86_asidx_from_attrs}: SMM ({@code attrs.secure}) selects {@code SMM}.
     *
     * @param attrs the access's attributes
     * @return {@link X86AddressSpaceSlots#SMM} or {@link X86AddressSpaceSlots#MEM}
     */
    public static int asIndexFromAttrs(MemTxAttrs attrs) {
        return attrs.secure() ? X86AddressSpaceSlots.SMM : X86AddressSpaceSlots.MEM;
    }
}
