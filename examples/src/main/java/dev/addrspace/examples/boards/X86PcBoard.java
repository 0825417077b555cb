package dev.addrspace.examples.boards;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.examples.devices.AccessLog;
import dev.addrspace.examples.devices.StubDevice;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import dev.addrspace.targets.i386.X86Cpu;
import java.util.ArrayList;
import java.util.List;

/**
 * An x86 board in the shape of QEMU's {@code pc} machine (i440FX) with one TCG CPU, with QEMU's region
 * names, addresses and sizes:
 *
 * <ul>
 *   <li>{@code pc.ram} (128 MiB), mapped through the alias {@code ram-below-4g};</li>
 *   <li>the container {@code pci} at priority -1 under {@code system}, holding the BIOS ROM
 *       {@code pc.bios} (256 KiB below 4 GiB), its last 128 KiB again at 0xe0000 through the alias
 *       {@code isa-bios}, the option-ROM area {@code pc.rom} at 0xc0000 and, from the default VGA, the
 *       legacy window {@code vga-lowmem} at 0xa0000;</li>
 *   <li>{@code smram-region}, the alias of {@code pci} at 0xa0000 that hides SMRAM from normal accesses,
 *       and {@code smram} (disabled at reset, as on a real i440FX), whose alias {@code smram-low} shows
 *       {@code pc.ram} at 0xa0000 to the CPU's SMM address space only;</li>
 *   <li>13 PAM segments from 0xc0000 to 0xfffff, each four aliases ({@code pam-pci} of {@code pci},
 *       {@code pam-rom}, {@code pam-pci} and {@code pam-ram} of {@code pc.ram}) of which exactly one is
 *       enabled: {@link #setPam} switches them as the chipset's PAM registers do;</li>
 *   <li>stubs in the places of {@code ioapic}, {@code hpet} and {@code apic-msi};</li>
 *   <li>the {@code I/O} address space: {@code io}, 64 KiB that read all ones where no port answers, with
 *       stubs for {@code ioport80} and {@code port92};</li>
 *   <li>one CPU realized as QEMU's TCG does ({@link X86Cpu#realizeTcg}, then {@link X86Cpu#machineDoneTcg}):
 *       {@code cpu-memory-0} on {@code system} and {@code cpu-smm-0} on its own root {@code memory}.</li>
 * </ul>
 *
 * <p>QEMU's {@code -M pc -nodefaults} dump has no VGA, so its flat view shows {@code pc.ram} at
 * 0xa0000-0xbffff where this board shows {@code vga-lowmem}; every other range of {@code memory},
 * {@code cpu-memory-0} and {@code cpu-smm-0} prints exactly as QEMU's.
 */
public final class X86PcBoard implements Board {

    /** Size of {@code pc.ram}: QEMU's default 128 MiB. */
    public static final long RAM_SIZE = 0x800_0000L;
    /** Size of {@code pc.bios}, SeaBIOS's 256 KiB. */
    public static final long BIOS_SIZE = 0x4_0000L;
    /** Size of the {@code isa-bios} window below 1 MiB. */
    public static final long ISA_BIOS_SIZE = 0x2_0000L;
    /** Base of {@code pc.rom}, the option-ROM area. */
    public static final long PC_ROM_BASE = 0xc_0000L;
    /** Size of {@code pc.rom}. */
    public static final long PC_ROM_SIZE = 0x2_0000L;
    /** Base of the legacy VGA window and of SMRAM. */
    public static final long SMRAM_BASE = 0xa_0000L;
    /** Size of the legacy VGA window and of SMRAM. */
    public static final long SMRAM_SIZE = 0x2_0000L;
    /** Base of the first of the twelve 16 KiB expansion PAM segments. */
    public static final long PAM_EXPANSION_BASE = 0xc_0000L;
    /** Size of an expansion PAM segment. */
    public static final long PAM_EXPANSION_SIZE = 0x4000L;
    /** Base of the 64 KiB BIOS PAM segment. */
    public static final long PAM_BIOS_BASE = 0xf_0000L;
    /** Size of the BIOS PAM segment. */
    public static final long PAM_BIOS_SIZE = 0x1_0000L;

    /** What a PAM segment maps, as the two attribute bits of the chipset's PAM registers select. */
    public enum PamMode {
        /** 0: reads and writes go to PCI (the ROMs); QEMU's alias {@code pam-pci} of {@code pci}. */
        PCI,
        /** 1: reads from RAM, writes discarded; QEMU's read-only alias {@code pam-rom} of {@code pc.ram}. */
        READ_ONLY,
        /** 2: writes to RAM; QEMU approximates it with the alias {@code pam-pci} of {@code pc.ram}. */
        WRITE_ONLY,
        /** 3: reads and writes go to RAM; QEMU's alias {@code pam-ram}. */
        READ_WRITE
    }

    /** The 13 segments in QEMU's order: the BIOS segment first, then the twelve expansion segments. */
    private final MemoryRegion[][] pam = new MemoryRegion[13][];
    private final PamMode[] pamModes = new PamMode[13];
    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem;
    private final MemoryRegion io;
    private final MemoryRegion ram;
    private final MemoryRegion pci;
    private final MemoryRegion smram;
    private final MemoryRegion smramRegion;
    private final AccessLog stubLog = new AccessLog();
    private final List<CpuState> cpus = new ArrayList<>();

    /** Builds the board as QEMU's {@code pc} is at reset: PAM segments on PCI, SMRAM disabled. Allocates. */
    public X86PcBoard() {
        sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        io = MemoryRegion.io(system, "io", 0x1_0000L, MmioOps.UNASSIGNED_IO);
        system.newAddressSpace(sysmem, "memory");
        system.newAddressSpace(io, "I/O");
        cpus.add(X86Cpu.realizeTcg(system, 0, sysmem));

        ram = MemoryRegion.ram(system, "pc.ram", RAM_SIZE);
        pci = MemoryRegion.container(system, "pci", MemoryRegion.SIZE_2_64);
        smram = MemoryRegion.container(system, "smram", 1L << 32);
        smramRegion = MemoryRegion.alias(system, "smram-region", pci, SMRAM_BASE, SMRAM_SIZE);
        system.transaction(() -> {
            // pc_memory_init
            sysmem.addSubregion(0, MemoryRegion.alias(system, "ram-below-4g", ram, 0, RAM_SIZE));
            sysmem.addSubregionOverlap(0, pci, -1);
            MemoryRegion bios = MemoryRegion.rom(system, "pc.bios", BIOS_SIZE);
            MemoryRegion isaBios = MemoryRegion.alias(system, "isa-bios", bios, BIOS_SIZE - ISA_BIOS_SIZE,
                    ISA_BIOS_SIZE);
            isaBios.setReadonly(true);
            pci.addSubregionOverlap(0x10_0000L - ISA_BIOS_SIZE, isaBios, 1);
            pci.addSubregion(-BIOS_SIZE & 0xffff_ffffL, bios);
            pci.addSubregionOverlap(PC_ROM_BASE, MemoryRegion.rom(system, "pc.rom", PC_ROM_SIZE), 1);
            // vga_init: the legacy window on the PCI address space
            pci.addSubregionOverlap(SMRAM_BASE, stub("vga-lowmem", SMRAM_SIZE), 1);
            // i440fx_init: SMRAM and PAM
            sysmem.addSubregionOverlap(SMRAM_BASE, smramRegion, 1);
            smram.addSubregion(SMRAM_BASE, MemoryRegion.alias(system, "smram-low", ram, SMRAM_BASE, SMRAM_SIZE));
            smram.setEnabled(false);
            addPam(0, PAM_BIOS_BASE, PAM_BIOS_SIZE);
            for (int i = 0; i < 12; i++) {
                addPam(1 + i, PAM_EXPANSION_BASE + i * PAM_EXPANSION_SIZE, PAM_EXPANSION_SIZE);
            }
            sysmem.addSubregion(0xfec0_0000L, stub("ioapic", 0x1000));
            sysmem.addSubregion(0xfed0_0000L, stub("hpet", 0x400));
            sysmem.addSubregionOverlap(0xfee0_0000L, stub("apic-msi", 0x10_0000L), 4096);
            io.addSubregion(0x80, stub("ioport80", 1));
            io.addSubregion(0x92, stub("port92", 1));
        });
        X86Cpu.machineDoneTcg(cpus.get(0), smram);

        // What the BIOS finds in the option-ROM area: the 0x55 0xAA signature of a VGA BIOS.
        cpus.get(0).as().writeRom(PC_ROM_BASE, MemTxAttrs.NONE, new byte[] {0x55, (byte) 0xaa}, 0, 2);
    }

    private MemoryRegion stub(String name, long size) {
        return MemoryRegion.io(system, name, size, new StubDevice(name, stubLog));
    }

    /** QEMU's {@code init_pam}: four aliases at priority 1, only the {@code pam-pci} of {@code pci} enabled. */
    private void addPam(int segment, long base, long size) {
        MemoryRegion[] aliases = {
            MemoryRegion.alias(system, "pam-pci", pci, base, size),
            MemoryRegion.alias(system, "pam-rom", ram, base, size),
            MemoryRegion.alias(system, "pam-pci", ram, base, size),
            MemoryRegion.alias(system, "pam-ram", ram, base, size),
        };
        aliases[PamMode.READ_ONLY.ordinal()].setReadonly(true);
        for (MemoryRegion alias : aliases) {
            alias.setEnabled(false);
            sysmem.addSubregionOverlap(base, alias, 1);
        }
        aliases[PamMode.PCI.ordinal()].setEnabled(true);
        pam[segment] = aliases;
        pamModes[segment] = PamMode.PCI;
    }

    @Override
    public String name() {
        return "x86-pc";
    }

    @Override
    public MemorySystem system() {
        return system;
    }

    @Override
    public List<CpuState> cpus() {
        return List.copyOf(cpus);
    }

    /** @return the CPU's memory, QEMU's {@code system} */
    public MemoryRegion systemMemory() {
        return sysmem;
    }

    /** @return the I/O port space root, QEMU's {@code io} */
    public MemoryRegion ioPorts() {
        return io;
    }

    /** @return the accesses the stub devices received */
    public AccessLog stubLog() {
        return stubLog;
    }

    /**
     * Sets the mode of the PAM segment that holds {@code addr}, as a write to the chipset's PAM
     * registers does (QEMU's {@code pam_update}): in one transaction, the alias of the old mode is
     * disabled and the one of the new mode enabled.
     *
     * @param addr an address in 0xc0000..0xfffff
     * @param mode what the segment maps from now on
     * @throws IllegalArgumentException if {@code addr} is outside the PAM area
     */
    public void setPam(long addr, PamMode mode) {
        int segment = pamSegment(addr);
        PamMode old = pamModes[segment];
        if (old == mode) {
            return;
        }
        system.transaction(() -> {
            pam[segment][old.ordinal()].setEnabled(false);
            pam[segment][mode.ordinal()].setEnabled(true);
        });
        pamModes[segment] = mode;
    }

    /**
     * Returns the mode of the PAM segment that holds {@code addr}.
     *
     * @param addr an address in 0xc0000..0xfffff
     * @return the segment's mode
     * @throws IllegalArgumentException if {@code addr} is outside the PAM area
     */
    public PamMode pam(long addr) {
        return pamModes[pamSegment(addr)];
    }

    private static int pamSegment(long addr) {
        if (addr >= PAM_BIOS_BASE && addr < PAM_BIOS_BASE + PAM_BIOS_SIZE) {
            return 0;
        }
        if (addr >= PAM_EXPANSION_BASE && addr < PAM_BIOS_BASE) {
            return 1 + (int) ((addr - PAM_EXPANSION_BASE) / PAM_EXPANSION_SIZE);
        }
        throw new IllegalArgumentException("addr=0x" + Long.toHexString(addr) + " is not in a PAM segment (0xc0000"
                + "..0xfffff)");
    }

    /**
     * Sets the SMRAM control bits as the i440FX's {@code SMRAM} register does (QEMU's
     * {@code smram_update}): {@code G_SMRAME} enables {@code smram}, so the SMM address space sees RAM at
     * 0xa0000; {@code D_OPEN} disables {@code smram-region}, so normal accesses see that RAM too.
     *
     * @param globalEnable the {@code G_SMRAME} bit
     * @param open the {@code D_OPEN} bit
     */
    public void setSmram(boolean globalEnable, boolean open) {
        system.transaction(() -> {
            smramRegion.setEnabled(!open);
            smram.setEnabled(globalEnable);
        });
    }
}
