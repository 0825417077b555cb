package dev.addrspace.examples.boards;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.examples.devices.AccessLog;
import dev.addrspace.examples.devices.Pl011;
import dev.addrspace.examples.devices.StubDevice;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import dev.addrspace.targets.arm.ArmCpu;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * An ARM board in the shape of QEMU's {@code virt} machine with {@code secure=on,mte=on} and two CPUs
 * ({@code qemu-system-aarch64 -M virt,secure=on,mte=on -cpu max -smp 2}), with QEMU's region names,
 * addresses and sizes:
 *
 * <ul>
 *   <li>{@code system} (the non-secure world): {@code virt.flash1} (a ROM device, 64 MiB at 0x04000000),
 *       the UART {@code pl011} at 0x09000000 and {@code mach-virt.ram} (128 MiB at 0x40000000);</li>
 *   <li>{@code secure-memory}: {@code system} itself at priority -1 and, on top, the secure-only
 *       {@code virt.flash0} (64 MiB at 0), the secure UART {@code pl011} at 0x09040000 and
 *       {@code virt.secure-ram} (16 MiB at 0x0e000000);</li>
 *   <li>{@code tag-memory} (MTE tags, one byte per 32 bytes of RAM): {@code mach-virt.tag} at
 *       0x02000000, and {@code secure-tag-memory}, which holds {@code tag-memory} at priority -1 and
 *       {@code mach-virt.secure-tag} at 0x00700000;</li>
 *   <li>the global address spaces {@code memory} (on {@code system}) and {@code I/O} (an empty
 *       {@code io}), which QEMU creates for every machine;</li>
 *   <li>two CPUs realized by {@link ArmCpu#realize}: {@code cpu-memory-N}, {@code cpu-secure-memory-N} and
 *       two address spaces named {@code cpu-tag-memory-N}, as QEMU names them.</li>
 * </ul>
 *
 * <p>QEMU's other devices (GIC, RTC, GPIO, fw_cfg, virtio-mmio, PCIe) are left out; everything the board
 * has prints exactly as in QEMU's {@code info mtree -f}.
 */
public final class ArmVirtBoard implements Board {

    /** Base of {@code virt.flash0} (secure) and size of each flash bank. */
    public static final long FLASH_SIZE = 0x400_0000L;
    /** Base of {@code virt.flash1}. */
    public static final long FLASH1_BASE = 0x400_0000L;
    /** Base of the non-secure UART. */
    public static final long UART_BASE = 0x0900_0000L;
    /** Base of the secure UART. */
    public static final long SECURE_UART_BASE = 0x0904_0000L;
    /** Base of {@code virt.secure-ram}. */
    public static final long SECURE_RAM_BASE = 0x0e00_0000L;
    /** Size of {@code virt.secure-ram}. */
    public static final long SECURE_RAM_SIZE = 0x100_0000L;
    /** Base of {@code mach-virt.ram}. */
    public static final long RAM_BASE = 0x4000_0000L;
    /** Size of {@code mach-virt.ram}: QEMU's default 128 MiB. */
    public static final long RAM_SIZE = 0x800_0000L;
    /** MTE keeps a 4-bit tag per 16-byte granule, so one tag byte covers 32 bytes of memory. */
    public static final int TAG_SHIFT = 5;
    /** Size of {@code tag-memory}: QEMU's {@code UINT64_MAX / 32}. */
    public static final long TAG_MEMORY_SIZE = -1L >>> TAG_SHIFT;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem;
    private final MemoryRegion secureMemory;
    private final MemoryRegion tagMemory;
    private final MemoryRegion secureTagMemory;
    private final Pl011 uart;
    private final Pl011 secureUart;
    private final AccessLog flashLog = new AccessLog();
    private final List<CpuState> cpus = new ArrayList<>();

    /**
     * Builds the board. Allocates.
     *
     * @param console receives what the guest writes to the non-secure UART
     * @param secureConsole receives what the guest writes to the secure UART
     */
    public ArmVirtBoard(IntConsumer console, IntConsumer secureConsole) {
        // QEMU's memory_map_init: system memory and the I/O port space come first, with their address spaces.
        sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        MemoryRegion io = MemoryRegion.io(system, "io", 0x1_0000L, MmioOps.UNASSIGNED_IO);
        system.newAddressSpace(sysmem, "memory");
        system.newAddressSpace(io, "I/O");

        // machvirt_init: the secure and tag containers, each holding its non-secure twin at priority -1.
        secureMemory = MemoryRegion.container(system, "secure-memory", MemoryRegion.SIZE_2_64);
        secureMemory.addSubregionOverlap(0, sysmem, -1);
        tagMemory = MemoryRegion.container(system, "tag-memory", TAG_MEMORY_SIZE);
        secureTagMemory = MemoryRegion.container(system, "secure-tag-memory", TAG_MEMORY_SIZE);
        secureTagMemory.addSubregionOverlap(0, tagMemory, -1);

        ArmCpu.Config config = ArmCpu.Config.of(sysmem).el3(true).secureMemory(secureMemory)
                .tagMemory(tagMemory).secureTagMemory(secureTagMemory);
        for (int n = 0; n < 2; n++) {
            cpus.add(ArmCpu.realize(system, n, config));
        }

        uart = new Pl011(console);
        secureUart = new Pl011(secureConsole);
        system.transaction(() -> {
            secureMemory.addSubregion(0, MemoryRegion.romDevice(system, "virt.flash0", FLASH_SIZE,
                    new StubDevice("virt.flash0", flashLog)));
            sysmem.addSubregion(FLASH1_BASE, MemoryRegion.romDevice(system, "virt.flash1", FLASH_SIZE,
                    new StubDevice("virt.flash1", flashLog)));
            sysmem.addSubregion(UART_BASE, MemoryRegion.io(system, "pl011", Pl011.SIZE, uart));
            secureMemory.addSubregion(SECURE_UART_BASE, MemoryRegion.io(system, "pl011", Pl011.SIZE, secureUart));
            secureMemory.addSubregion(SECURE_RAM_BASE, MemoryRegion.ram(system, "virt.secure-ram", SECURE_RAM_SIZE));
            sysmem.addSubregion(RAM_BASE, MemoryRegion.ram(system, "mach-virt.ram", RAM_SIZE));
            tagMemory.addSubregion(RAM_BASE >>> TAG_SHIFT,
                    MemoryRegion.ram(system, "mach-virt.tag", RAM_SIZE >>> TAG_SHIFT));
            secureTagMemory.addSubregion(SECURE_RAM_BASE >>> TAG_SHIFT,
                    MemoryRegion.ram(system, "mach-virt.secure-tag", SECURE_RAM_SIZE >>> TAG_SHIFT));
        });
    }

    /** Builds the board with both UARTs printing nowhere ({@link Pl011#transmitted()} still records). */
    public ArmVirtBoard() {
        this(b -> { }, b -> { });
    }

    @Override
    public String name() {
        return "arm-virt";
    }

    @Override
    public MemorySystem system() {
        return system;
    }

    @Override
    public List<CpuState> cpus() {
        return List.copyOf(cpus);
    }

    /** @return the non-secure memory, QEMU's {@code system} */
    public MemoryRegion systemMemory() {
        return sysmem;
    }

    /** @return the root of the secure address spaces, QEMU's {@code secure-memory} */
    public MemoryRegion secureMemory() {
        return secureMemory;
    }

    /** @return the root of the non-secure tag address spaces, QEMU's {@code tag-memory} */
    public MemoryRegion tagMemory() {
        return tagMemory;
    }

    /** @return the non-secure UART at {@link #UART_BASE} */
    public Pl011 uart() {
        return uart;
    }

    /** @return the secure UART at {@link #SECURE_UART_BASE} */
    public Pl011 secureUart() {
        return secureUart;
    }

    /** @return the accesses to the flash banks' command interface (writes, reads outside romd mode) */
    public AccessLog flashLog() {
        return flashLog;
    }

    /**
     * The address of the tag byte that holds the MTE tags of {@code addr} in the tag address spaces.
     *
     * @param addr a physical address
     * @return {@code addr >>> }{@link #TAG_SHIFT}
     */
    public static long tagAddress(long addr) {
        return addr >>> TAG_SHIFT;
    }
}
