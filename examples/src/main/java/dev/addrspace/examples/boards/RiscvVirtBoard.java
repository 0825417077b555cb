package dev.addrspace.examples.boards;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.examples.devices.CfiPflash01;
import dev.addrspace.examples.devices.Ns16550;
import dev.addrspace.examples.devices.SifiveTest;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.riscv.RiscvCpu;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The smallest board: a RISC-V machine in the shape of QEMU's {@code virt}, with one hart and its one
 * address space {@code cpu-memory-0} on {@code system}, which holds the boot ROM
 * {@code riscv_virt_board.mrom} at 0x1000, the test finisher {@code riscv.sifive.test} at 0x100000 (a
 * guest ends the run through it), a 16550 UART {@code serial} at 0x10000000, the two CFI flash
 * banks {@code virt.flash0} at 0x20000000 and {@code virt.flash1} at 0x22000000 (32 MiB each, see
 * {@link CfiPflash01}) and {@code riscv_virt_board.ram} (128 MiB) at 0x80000000, with QEMU's names and
 * addresses. Unlike the other boards it creates no global {@code memory} or {@code I/O} address space:
 * the CPU's is the only one.
 */
public final class RiscvVirtBoard implements Board {

    /** Base of the boot ROM. */
    public static final long MROM_BASE = 0x1000L;
    /** Size of the boot ROM. */
    public static final long MROM_SIZE = 0xf000L;
    /** Base of the test finisher. */
    public static final long FINISHER_BASE = 0x10_0000L;
    /** Base of the UART. */
    public static final long UART_BASE = 0x1000_0000L;
    /** Base of the first flash bank, {@code virt.flash0}. */
    public static final long FLASH0_BASE = 0x2000_0000L;
    /** Base of the second flash bank, {@code virt.flash1}. */
    public static final long FLASH1_BASE = 0x2200_0000L;
    /** Base of RAM. */
    public static final long RAM_BASE = 0x8000_0000L;
    /** Size of RAM: QEMU's default 128 MiB. */
    public static final long RAM_SIZE = 0x800_0000L;

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion sysmem;
    private final Ns16550 uart;
    private final SifiveTest finisher = new SifiveTest();
    private final CfiPflash01 flash0;
    private final CfiPflash01 flash1;
    private final CpuState cpu;

    /**
     * Builds the board with sparse RAM ({@link MemoryRegion#ram}: pages allocated on first write).
     * Allocates.
     *
     * @param console receives what the guest writes to the UART
     */
    public RiscvVirtBoard(IntConsumer console) {
        this(console, false);
    }

    /**
     * Builds the board, with its RAM sparse or preallocated. Preallocated RAM
     * ({@link MemoryRegion#ramPreallocated}, QEMU's {@code -mem-prealloc}) is one array of
     * {@link #RAM_SIZE} bytes allocated here, which the CPU's page cache serves through its window, the
     * fastest RAM path; sparse RAM costs only the pages the guest writes. Both answer every access the
     * same. Allocates.
     *
     * @param console receives what the guest writes to the UART
     * @param preallocatedRam whether the RAM is one preallocated array
     */
    public RiscvVirtBoard(IntConsumer console, boolean preallocatedRam) {
        sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        uart = new Ns16550(console);
        flash0 = CfiPflash01.virt(system, "virt.flash0");
        flash1 = CfiPflash01.virt(system, "virt.flash1");
        system.transaction(() -> {
            sysmem.addSubregion(MROM_BASE, MemoryRegion.rom(system, "riscv_virt_board.mrom", MROM_SIZE));
            sysmem.addSubregion(FINISHER_BASE, MemoryRegion.io(system, "riscv.sifive.test", SifiveTest.SIZE, finisher));
            sysmem.addSubregion(UART_BASE, MemoryRegion.io(system, "serial", Ns16550.SIZE, uart));
            sysmem.addSubregion(FLASH0_BASE, flash0.region());
            sysmem.addSubregion(FLASH1_BASE, flash1.region());
            sysmem.addSubregion(RAM_BASE, preallocatedRam
                    ? MemoryRegion.ramPreallocated(system, "riscv_virt_board.ram", RAM_SIZE)
                    : MemoryRegion.ram(system, "riscv_virt_board.ram", RAM_SIZE));
        });
        cpu = RiscvCpu.realize(system, 0, sysmem);
    }

    /**
     * Builds the board with sparse RAM and the UART printing nowhere ({@link Ns16550#transmitted()}
     * still records).
     */
    public RiscvVirtBoard() {
        this(b -> { });
    }

    @Override
    public String name() {
        return "riscv-virt";
    }

    @Override
    public MemorySystem system() {
        return system;
    }

    @Override
    public List<CpuState> cpus() {
        return List.of(cpu);
    }

    /** @return the flash bank {@code virt.flash0} at {@link #FLASH0_BASE} */
    public CfiPflash01 flash0() {
        return flash0;
    }

    /** @return the flash bank {@code virt.flash1} at {@link #FLASH1_BASE} */
    public CfiPflash01 flash1() {
        return flash1;
    }

    /** @return the UART at {@link #UART_BASE} */
    public Ns16550 uart() {
        return uart;
    }

    /** @return the test finisher at {@link #FINISHER_BASE} */
    public SifiveTest finisher() {
        return finisher;
    }

    /** @return the one hart's CPU, {@code cpu-memory-0}'s owner */
    public CpuState cpu() {
        return cpu;
    }
}
