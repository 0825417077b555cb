package dev.addrspace.examples.map;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import dev.addrspace.mtree.MtreeDump;
import dev.addrspace.mtree.MtreeImport;
import dev.addrspace.targets.arm.ArmCpu;
import dev.addrspace.targets.i386.X86Cpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small QEMU-like machines built for the map tests, and real QEMU dumps rebuilt through the runtime. */
final class Machines {

    static final MmioOps NO_OPS = new MmioOps() {
    };

    private Machines() {
    }

    /**
     * A PC as QEMU's {@code -M pc -smp 2} lays it out with 128 MiB: system memory ({@code memory} and each
     * CPU's {@code cpu-memory-N} share it), the {@code I/O} port space, and one SMM view per CPU (TCG: the
     * per-CPU root holds an alias of system memory and the {@code smram} alias at priority 1).
     */
    static MemorySystem x86Pc() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion system = MemoryRegion.container(sys, "system", MemoryRegion.SIZE_2_64);
        MemoryRegion ram = MemoryRegion.ram(sys, "pc.ram", 0x800_0000L);
        system.addSubregion(0, MemoryRegion.alias(sys, "ram-below-4g", ram, 0, 0x800_0000L));
        MemoryRegion pci = MemoryRegion.container(sys, "pci", MemoryRegion.SIZE_2_64);
        system.addSubregionOverlap(0, MemoryRegion.alias(sys, "pci-hole", pci, 0x800_0000L, 0xf800_0000L - 0x800_0000L)
                , -1);
        MemoryRegion vgaRam = MemoryRegion.ram(sys, "vga.vram", 0x100_0000L);
        pci.addSubregionOverlap(0xfd00_0000L, vgaRam, 1);
        pci.addSubregionOverlap(0xa_0000L, MemoryRegion.io(sys, "vga-lowmem", 0x2_0000L, NO_OPS), 1);
        system.addSubregionOverlap(0xa_0000L, MemoryRegion.alias(sys, "vga-window", pci, 0xa_0000L, 0x2_0000L), 1);
        system.addSubregionOverlap(0xc_0000L, MemoryRegion.rom(sys, "pc.rom", 0x2_0000L), 1);
        MemoryRegion bios = MemoryRegion.rom(sys, "pc.bios", 0x4_0000L);
        system.addSubregionOverlap(0xe_0000L, MemoryRegion.alias(sys, "isa-bios", bios, 0x2_0000L, 0x2_0000L), 1);
        system.addSubregion(0xfffc_0000L, bios);
        system.addSubregion(0xfec0_0000L, MemoryRegion.io(sys, "ioapic", 0x1000, NO_OPS));
        system.addSubregion(0xfed0_0000L, MemoryRegion.io(sys, "hpet", 0x400, NO_OPS));
        system.addSubregionOverlap(0xfee0_0000L, MemoryRegion.io(sys, "apic-msi", 0x10_0000L, NO_OPS), 4096);
        system.addSubregion(0xfed4_0000L, MemoryRegion.reservation(sys, "tpm-reserved", 0x5000));
        sys.newAddressSpace(system, "memory");

        MemoryRegion io = MemoryRegion.container(sys, "io", 0x1_0000L);
        io.addSubregion(0x20, MemoryRegion.io(sys, "pic", 2, NO_OPS));
        io.addSubregion(0x40, MemoryRegion.io(sys, "pit", 4, NO_OPS));
        io.addSubregion(0x60, MemoryRegion.io(sys, "i8042-data", 1, NO_OPS));
        io.addSubregion(0x64, MemoryRegion.io(sys, "i8042-cmd", 1, NO_OPS));
        io.addSubregion(0x70, MemoryRegion.io(sys, "rtc", 2, NO_OPS));
        io.addSubregion(0x3f8, MemoryRegion.io(sys, "serial", 8, NO_OPS));
        io.addSubregion(0x510, MemoryRegion.io(sys, "fwcfg", 2, NO_OPS));
        io.addSubregion(0xcf8, MemoryRegion.io(sys, "pci-conf-idx", 4, NO_OPS));
        io.addSubregion(0xcfc, MemoryRegion.io(sys, "pci-conf-data", 4, NO_OPS));
        sys.newAddressSpace(io, "I/O");

        MemoryRegion smram = MemoryRegion.container(sys, "smram", 0x1_0000_0000L);
        smram.addSubregion(0xa_0000L, MemoryRegion.alias(sys, "smram-low", ram, 0xa_0000L, 0x2_0000L));
        for (int n = 0; n < 2; n++) {
            CpuState cpu = X86Cpu.realizeTcg(sys, n, system);
            X86Cpu.machineDoneTcg(cpu, smram);
        }
        return sys;
    }

    /**
     * ARM {@code virt,secure=on,mte=on -smp 2}: per CPU the four address spaces {@code cpu-memory-N},
     * {@code cpu-secure-memory-N} and two {@code cpu-tag-memory-N}; secure memory is system memory
     * through an alias plus secure RAM and a secure UART; tag memory holds the tags of RAM.
     */
    static MemorySystem armVirtSecureMte() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion system = MemoryRegion.container(sys, "system", MemoryRegion.SIZE_2_64);
        MemoryRegion flash0 = MemoryRegion.romDevice(sys, "virt.flash0", 0x400_0000L, NO_OPS);
        system.addSubregion(0, flash0);
        system.addSubregion(0x400_0000L, MemoryRegion.romDevice(sys, "virt.flash1", 0x400_0000L, NO_OPS));
        system.addSubregion(0x800_0000L, MemoryRegion.io(sys, "gicv2.distributor", 0x1000, NO_OPS));
        system.addSubregion(0x801_0000L, MemoryRegion.io(sys, "gicv2.cpuif", 0x2000, NO_OPS));
        system.addSubregion(0x900_0000L, MemoryRegion.io(sys, "pl011", 0x1000, NO_OPS));
        system.addSubregion(0x901_0000L, MemoryRegion.io(sys, "pl031", 0x1000, NO_OPS));
        system.addSubregion(0x902_0000L, MemoryRegion.io(sys, "fwcfg.data", 0x8, NO_OPS));
        system.addSubregion(0xa00_0000L, MemoryRegion.io(sys, "virtio-mmio", 0x200, NO_OPS));
        system.addSubregion(0x1000_0000L, MemoryRegion.reservation(sys, "pcie-mmio-window", 0x2eff_0000L));
        system.addSubregion(0x4000_0000L, MemoryRegion.ram(sys, "mach-virt.ram", 0x800_0000L));
        system.addSubregion(0x40_1000_0000L, MemoryRegion.reservation(sys, "pcie-ecam", 0x1000_0000L));

        MemoryRegion secure = MemoryRegion.container(sys, "secure-memory", MemoryRegion.SIZE_2_64);
        secure.addSubregionOverlap(0, MemoryRegion.alias(sys, "secure-memory-sysmem", system, 0,
                MemoryRegion.SIZE_2_64), -1);
        secure.addSubregion(0xe00_0000L, MemoryRegion.ram(sys, "virt.secure-ram", 0x100_0000L));
        secure.addSubregion(0x904_0000L, MemoryRegion.io(sys, "pl011-secure", 0x1000, NO_OPS));
        secure.addSubregion(0x2000_0000L, MemoryRegion.romDevice(sys, "virt.secure-flash", 0x400_0000L, NO_OPS));

        MemoryRegion tag = MemoryRegion.container(sys, "tag-memory", MemoryRegion.SIZE_2_64);
        tag.addSubregion(0x4000_0000L, MemoryRegion.ram(sys, "mach-virt.tag", 0x40_0000L));
        MemoryRegion secureTag = MemoryRegion.container(sys, "secure-tag-memory", MemoryRegion.SIZE_2_64);
        secureTag.addSubregionOverlap(0, MemoryRegion.alias(sys, "secure-tag-memory-tag", tag, 0,
                MemoryRegion.SIZE_2_64), -1);
        secureTag.addSubregion(0xe00_0000L, MemoryRegion.ram(sys, "virt.secure-tag", 0x8_0000L));

        ArmCpu.Config config = ArmCpu.Config.of(system).el3(true).secureMemory(secure).tagMemory(tag)
                .secureTagMemory(secureTag);
        for (int n = 0; n < 2; n++) {
            ArmCpu.realize(sys, n, config);
        }
        return sys;
    }

    /** The directory of the real QEMU 7.2 dumps, which live with the runtime's tests. */
    static Path dumps() {
        return Path.of("..", "runtime", "src", "test", "resources", "qemu");
    }

    /**
     * Rebuilds a real machine from its {@code info mtree -D} and {@code -f} dumps; MMIO regions get ops
     * that answer 0, so that they are MMIO rather than reservations.
     */
    static MemorySystem rebuilt(String machine) throws IOException {
        Path dir = dumps().resolve(machine);
        MtreeDump tree = MtreeDump.parse(Files.readString(dir.resolve("mtree-D.txt")));
        MtreeDump flat = MtreeDump.parse(Files.readString(dir.resolve("mtree-f.txt")));
        return MtreeImport.rebuild(tree, flat, e -> NO_OPS);
    }
}
