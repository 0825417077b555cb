package dev.addrspace.examples.cli;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.arm.ArmAddressSpaceSlots;
import dev.addrspace.targets.arm.ArmCpu;
import dev.addrspace.targets.i386.X86AddressSpaceSlots;
import dev.addrspace.targets.i386.X86Cpu;
import dev.addrspace.targets.riscv.RiscvAddressSpaceSlots;
import dev.addrspace.targets.riscv.RiscvCpu;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The {@code slots} report: each target's CPU slot layout for the configurations QEMU has, built through
 * the generated code: which slot holds which address space, its root, and which slots share a rendered
 * flat view.
 */
final class SlotLayouts {

    private SlotLayouts() {
    }

    /**
     * Prints every layout to {@code out}. Allocates (it builds small machines).
     *
     * @param out where to print
     */
    static void print(PrintStream out) {
        out.println("CPU address-space slot layouts, as QEMU's targets realize them");
        out.println("(slot: constant  address space  root  [flat view: slots sharing one view have the same letter])");
        armLayouts(out);
        x86Layouts(out);
        riscvLayout(out);
    }

    private static void armLayouts(PrintStream out) {
        section(out, "ARM", "ArmAddressSpaceSlots.MAX = " + ArmAddressSpaceSlots.MAX);
        arm(out, "cortex-a57, no EL3, no MTE", c -> c);
        arm(out, "EL3, no secure-memory link (secure AS falls back to the CPU's memory)", c -> c.el3(true));
        armWithTags(out, "MTE without EL3 (slots 0 and 2)", false);
        armWithTags(out, "virt,secure=on,mte=on (all four; both tag spaces named cpu-tag-memory)", true);
        arm(out, "M-profile with the security extension", c -> c.mProfile(true));
        try {
            arm(out, "KVM with EL3", c -> c.accel(ArmCpu.Accel.KVM).el3(true));
        } catch (IllegalArgumentException e) {
            out.println("    realize error: " + e.getMessage());
        }
    }

    private interface ConfigEdit {
        ArmCpu.Config apply(ArmCpu.Config config);
    }

    private static void arm(PrintStream out, String title, ConfigEdit edit) {
        out.println("  " + title);
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = systemMemory(system);
        CpuState cpu = ArmCpu.realize(system, 0, edit.apply(ArmCpu.Config.of(sysmem)));
        printCpu(out, cpu, i -> ArmAddressSpaceSlots.constantAt(i).name());
    }

    private static void armWithTags(PrintStream out, String title, boolean secure) {
        out.println("  " + title);
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = systemMemory(system);
        MemoryRegion tag = MemoryRegion.container(system, "tag-memory", MemoryRegion.SIZE_2_64);
        tag.addSubregion(0x4000_0000L, MemoryRegion.ram(system, "mach-virt.tag", 0x40_0000L));
        ArmCpu.Config config = ArmCpu.Config.of(sysmem).tagMemory(tag);
        if (secure) {
            MemoryRegion secureMemory = MemoryRegion.container(system, "secure-memory", MemoryRegion.SIZE_2_64);
            secureMemory.addSubregionOverlap(0,
                    MemoryRegion.alias(system, "secure-memory-sysmem", sysmem, 0, MemoryRegion.SIZE_2_64), -1);
            secureMemory.addSubregion(0x0e00_0000L, MemoryRegion.ram(system, "virt.secure-ram", 0x100_0000L));
            MemoryRegion secureTag = MemoryRegion.container(system, "secure-tag-memory", MemoryRegion.SIZE_2_64);
            secureTag.addSubregionOverlap(0,
                    MemoryRegion.alias(system, "secure-tag-memory-tag", tag, 0, MemoryRegion.SIZE_2_64), -1);
            config.el3(true).secureMemory(secureMemory).secureTagMemory(secureTag);
        }
        for (int n = 0; n < (secure ? 2 : 1); n++) {
            CpuState cpu = ArmCpu.realize(system, n, config);
            printCpu(out, cpu, i -> ArmAddressSpaceSlots.constantAt(i).name());
        }
    }

    private static void x86Layouts(PrintStream out) {
        section(out, "x86", "X86AddressSpaceSlots.MAX = " + X86AddressSpaceSlots.MAX);
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = systemMemory(system);
        MemoryRegion smram = MemoryRegion.container(system, "smram", 0x1_0000_0000L);
        smram.addSubregion(0xa_0000L, MemoryRegion.ram(system, "smram-low", 0x2_0000L));
        List<CpuState> cpus = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            cpus.add(X86Cpu.realizeTcg(system, n, sysmem));
        }
        out.println("  TCG, 2 CPUs, before machine-done (each cpu-smm root is a container holding an alias of"
                + " system memory)");
        Map<FlatView, Character> views = new IdentityHashMap<>();
        for (CpuState cpu : cpus) {
            printCpu(out, cpu, i -> X86AddressSpaceSlots.constantAt(i).name(), views);
        }
        for (CpuState cpu : cpus) {
            X86Cpu.machineDoneTcg(cpu, smram);
        }
        out.println("  TCG, after machine-done (alias smram at priority 1 in each cpu-smm root)");
        for (CpuState cpu : cpus) {
            printCpu(out, cpu, i -> X86AddressSpaceSlots.constantAt(i).name(), views);
        }

        MemorySystem kvmSystem = new MemorySystem();
        MemoryRegion kvmSysmem = systemMemory(kvmSystem);
        MemoryRegion kvmSmram = MemoryRegion.container(kvmSystem, "smram", 0x1_0000_0000L);
        List<CpuState> kvmCpus = List.of(X86Cpu.realizeKvm(kvmSystem, 0, kvmSysmem),
                X86Cpu.realizeKvm(kvmSystem, 1, kvmSysmem));
        X86Cpu.machineDoneKvm(kvmSystem, kvmCpus, kvmSysmem, kvmSmram);
        out.println("  KVM, 2 CPUs, after machine-done (one shared mem-container-smram root)");
        Map<FlatView, Character> kvmViews = new IdentityHashMap<>();
        for (CpuState cpu : kvmCpus) {
            printCpu(out, cpu, i -> X86AddressSpaceSlots.constantAt(i).name(), kvmViews);
        }
    }

    private static void riscvLayout(PrintStream out) {
        section(out, "RISC-V", "RiscvAddressSpaceSlots.MAX = " + RiscvAddressSpaceSlots.MAX);
        out.println("  one address space");
        MemorySystem system = new MemorySystem();
        CpuState cpu = RiscvCpu.realize(system, 0, systemMemory(system));
        printCpu(out, cpu, i -> RiscvAddressSpaceSlots.constantAt(i).name());
    }

    private static MemoryRegion systemMemory(MemorySystem system) {
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        sysmem.addSubregion(0x4000_0000L, MemoryRegion.ram(system, "ram", 0x800_0000L));
        return sysmem;
    }

    private static void section(PrintStream out, String target, String max) {
        out.println();
        out.println(target + " (" + max + ")");
    }

    private static void printCpu(PrintStream out, CpuState cpu, IntFunction<String> constant) {
        printCpu(out, cpu, constant, new IdentityHashMap<>());
    }

    private static void printCpu(PrintStream out, CpuState cpu, IntFunction<String> constant,
            Map<FlatView, Character> views) {
        out.println("    CPU " + cpu.cpuIndex() + ":");
        for (int i = 0; i < cpu.numAses(); i++) {
            AddressSpace as = cpu.addressSpace(i);
            if (as == null) {
                out.printf("      %d: %-7s -%n", i, constant.apply(i));
            } else {
                char view = views.computeIfAbsent(as.flatView(), v -> (char) ('A' + views.size()));
                out.printf("      %d: %-7s %-22s root: %-20s [view %c]%n", i, constant.apply(i), as.name(),
                        as.root().name(), view);
            }
        }
    }
}
