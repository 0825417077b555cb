package dev.addrspace.examples.cli;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.cpu.PageCache;
import dev.addrspace.examples.boards.ArmVirtBoard;
import dev.addrspace.examples.boards.GuestPrograms;
import dev.addrspace.examples.boards.RiscvVirtBoard;
import dev.addrspace.examples.boards.X86PcBoard;
import dev.addrspace.examples.devices.Ns16550;
import dev.addrspace.examples.devices.Pl011;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.Translation;
import dev.addrspace.targets.arm.ArmAddressSpaceSlots;
import dev.addrspace.targets.arm.ArmCpu;
import dev.addrspace.targets.i386.X86AddressSpaceSlots;
import dev.addrspace.targets.riscv.RiscvAddressSpaceSlots;
import dev.addrspace.targets.riscv.RiscvCpuStateHart;
import dev.addrspace.targets.riscv.RiscvElf;
import dev.addrspace.targets.riscv.RiscvHart;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;

/**
 * {@code addrspace demo}: scripted guest accesses on the three boards that show what per-CPU address
 * spaces do, then a real guest program (the bundled {@code hello}) running on the RISC-V hart. Each access line says which CPU made it with which attrs, which slot and address space the
 * CPU's attrs-to-index mapping picked, the region that answered (from {@link AddressSpace#translate})
 * and the {@link MemTxResult}; every value printed is the one the runtime returned.
 */
final class DemoCommand implements Command {

    private static final MemTxAttrs NON_SECURE = MemTxAttrs.NONE.withSpace(MemTxAttrs.SPACE_NON_SECURE);
    private static final MemTxAttrs SECURE = MemTxAttrs.SECURE_ACCESS;
    private static final MemTxAttrs NORMAL = MemTxAttrs.NONE;
    /** x86 marks SMM accesses with {@code attrs.secure}, as QEMU does. */
    private static final MemTxAttrs SMM = MemTxAttrs.SECURE_ACCESS;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String summary() {
        return "scripted accesses on the three boards and a real RISC-V program (the default command)";
    }

    @Override
    public String help() {
        return "Builds the three boards and makes guest accesses that show the point of per-CPU address spaces:\n"
                + "secure-only memory, MTE tags in their own space, SMRAM seen only in SMM, PAM switching what\n"
                + "the CPU sees, and UART output. Each line shows:\n"
                + "\n"
                + "  CPU  attrs  slot  address space  access  region that answered  MemTxResult\n"
                + "\n"
                + "The slot comes from the CPU's attrs-to-index mapping, cpu.asIndexFromAttrs(attrs) (for MTE\n"
                + "tag accesses ArmCpu.tagAsIndexFromAttrs(attrs)); every value is what the runtime returned.\n"
                + "\n"
                + "Then the RISC-V hart runs the bundled program hello (as 'addrspace run riscv-virt hello' does):\n"
                + "its UART output, its instruction count, and the CPU page cache's hits and misses.\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CommandException {
        Main.noArguments(args);
        out.println("Each line is one guest access: the CPU and its attrs, the slot that cpu.asIndexFromAttrs(attrs)");
        out.println("picked and its address space, the access, the region that answered, and the MemTxResult.");
        out.println();
        arm(out);
        out.println();
        x86(out);
        out.println();
        riscv(out);
        out.println();
        guest(out);
        out.println();
        out.println("More: addrspace mtree -f arm-virt | x86-pc | riscv-virt, addrspace slots, addrspace --help");
        return 0;
    }

    private static void arm(PrintStream out) {
        ArmVirtBoard board = new ArmVirtBoard();
        CpuState cpu0 = board.cpus().get(0);
        CpuState cpu1 = board.cpus().get(1);
        Probe p = new Probe(out, i -> ArmAddressSpaceSlots.constantAt(i).name());
        out.println("ARM virt,secure=on,mte=on (2 CPUs): secure RAM, MTE tags and UARTs");
        long secureRam = ArmVirtBoard.SECURE_RAM_BASE;
        p.store(cpu0, "secure", SECURE, cpu0.asIndexFromAttrs(SECURE), secureRam, 4, 0x5ec0de);
        p.load(cpu0, "non-secure", NON_SECURE, cpu0.asIndexFromAttrs(NON_SECURE), secureRam, 4);
        p.load(cpu1, "secure", SECURE, cpu1.asIndexFromAttrs(SECURE), secureRam, 4);

        long granule = ArmVirtBoard.RAM_BASE + 0x1000;
        long tag = ArmVirtBoard.tagAddress(granule);
        p.note(hex(granule, "the tags of RAM granule ") + hex(tag, " live at ")
                + " of the tag spaces (slot from ArmCpu.tagAsIndexFromAttrs)");
        p.store(cpu0, "non-secure", NON_SECURE, ArmCpu.tagAsIndexFromAttrs(NON_SECURE), tag, 1, 0x3);
        p.load(cpu0, "non-secure", NON_SECURE, cpu0.asIndexFromAttrs(NON_SECURE), tag, 1);
        p.load(cpu1, "secure", SECURE, ArmCpu.tagAsIndexFromAttrs(SECURE), tag, 1);

        p.text(cpu1, "non-secure", NON_SECURE, cpu1.asIndexFromAttrs(NON_SECURE),
                ArmVirtBoard.UART_BASE + Pl011.UARTDR, "Hello from cpu1\n");
        p.note(hex(ArmVirtBoard.UART_BASE, "pl011 at ") + " printed: "
                + board.uart().transmitted().strip());
        p.store(cpu1, "non-secure", NON_SECURE, cpu1.asIndexFromAttrs(NON_SECURE), ArmVirtBoard.SECURE_UART_BASE,
                1, '!');
        p.text(cpu0, "secure", SECURE, cpu0.asIndexFromAttrs(SECURE), ArmVirtBoard.SECURE_UART_BASE + Pl011.UARTDR,
                "Secure hello\n");
        p.note(hex(ArmVirtBoard.SECURE_UART_BASE, "the secure pl011 at ") + " printed: "
                + board.secureUart().transmitted().strip());
    }

    private static void x86(PrintStream out) {
        X86PcBoard board = new X86PcBoard();
        CpuState cpu = board.cpus().get(0);
        Probe p = new Probe(out, i -> X86AddressSpaceSlots.constantAt(i).name());
        out.println("x86 pc (1 TCG CPU): SMRAM and PAM");
        board.setSmram(true, false);
        p.note("SMRAM register set as the firmware does: G_SMRAME=1 D_OPEN=0 (smram enabled)");
        long smram = X86PcBoard.SMRAM_BASE;
        p.store(cpu, "SMM", SMM, cpu.asIndexFromAttrs(SMM), smram, 4, 0x534d4d21);
        p.load(cpu, "normal", NORMAL, cpu.asIndexFromAttrs(NORMAL), smram, 4);
        p.load(cpu, "SMM", SMM, cpu.asIndexFromAttrs(SMM), smram, 4);

        long rom = X86PcBoard.PC_ROM_BASE;
        p.note("PAM segment 0xc0000-0xc3fff is " + board.pam(rom) + " (reset): the option ROM shows through");
        p.load(cpu, "normal", NORMAL, cpu.asIndexFromAttrs(NORMAL), rom, 2);
        board.setPam(rom, X86PcBoard.PamMode.READ_WRITE);
        p.note("PAM segment 0xc0000-0xc3fff set to " + board.pam(rom) + ": RAM shows through (shadowing)");
        p.store(cpu, "normal", NORMAL, cpu.asIndexFromAttrs(NORMAL), rom, 2, 0x1234);
        p.load(cpu, "normal", NORMAL, cpu.asIndexFromAttrs(NORMAL), rom, 2);
        board.setPam(rom, X86PcBoard.PamMode.PCI);
        p.note("PAM segment 0xc0000-0xc3fff set back to " + board.pam(rom));
        p.load(cpu, "normal", NORMAL, cpu.asIndexFromAttrs(NORMAL), rom, 2);

        AddressSpace io = board.system().addressSpaces().stream().filter(as -> as.name().equals("I/O")).findFirst()
                .orElseThrow();
        p.note("port I/O goes to the machine's one I/O address space, where nothing claims port 0x3f8");
        p.access(cpu, "normal", NORMAL, "-", io, 0x3f8, 1, 0, false);
    }

    private static void riscv(PrintStream out) {
        RiscvVirtBoard board = new RiscvVirtBoard();
        CpuState hart = board.cpus().get(0);
        Probe p = new Probe(out, i -> RiscvAddressSpaceSlots.constantAt(i).name());
        out.println("RISC-V virt (1 hart): one address space, whatever the attrs");
        p.store(hart, "secure", SECURE, hart.asIndexFromAttrs(SECURE), RiscvVirtBoard.RAM_BASE, 4, 0x13);
        p.text(hart, "normal", NORMAL, hart.asIndexFromAttrs(NORMAL), RiscvVirtBoard.UART_BASE + Ns16550.THR,
                "Hello from hart 0\n");
        p.note(hex(RiscvVirtBoard.UART_BASE, "serial at ") + " printed: "
                + board.uart().transmitted().strip());
    }

    /** A real program: the bundled hello, run by the hart with every access through the CPU's page cache. */
    private static void guest(PrintStream out) {
        RiscvVirtBoard board = new RiscvVirtBoard();
        RiscvElf elf = RiscvElf.parse(GuestPrograms.elf("hello"));
        CpuState cpu = board.cpu();
        elf.load(cpu.as());
        RiscvHart hart = new RiscvCpuStateHart(cpu);
        board.finisher().setListener(hart::requestStop);
        hart.reset(elf.entry());
        PageCache cache = cpu.slot(0).pageCache();
        cache.setHitCounting(true); // off by default: a counter on every hit costs the hit path a store
        cache.resetCounters();
        long steps = hart.run(1_000_000);
        out.println("RISC-V virt running real code: the bundled guest program hello (addrspace run riscv-virt hello)");
        out.printf("  loaded %d segment(s) through %s; hart 0 starts at 0x%08x with a0 = 0%n", elf.segments().size(),
                cpu.as().name(), elf.entry());
        for (String line : board.uart().transmitted().split("\n")) {
            out.println("  serial | " + line);
        }
        out.printf("  %d instructions, each fetch, load and store through cpu0's page cache: %d hits, %d misses%n",
                steps, cache.hits(), cache.misses());
        out.printf("  (the misses: the first touch of each page, and every access to the UART and the finisher);%n");
        out.printf("  the guest wrote 0x5555 to riscv.sifive.test at 0x%08x: %s, exit status %d%n",
                RiscvVirtBoard.FINISHER_BASE, board.finisher().state(), board.finisher().exitStatus());
    }

    private static String hex(long addr, String prefix) {
        return String.format("%s0x%08x", prefix, addr);
    }

    /** Makes the accesses and prints one aligned line for each. */
    private static final class Probe {
        private final PrintStream out;
        private final IntFunction<String> slotName;
        private final AccessResult result = new AccessResult();

        Probe(PrintStream out, IntFunction<String> slotName) {
            this.out = out;
            this.slotName = slotName;
        }

        void note(String text) {
            out.println("  " + text);
        }

        void load(CpuState cpu, String attrsName, MemTxAttrs attrs, int slot, long addr, int size) {
            access(cpu, attrsName, attrs, slotName.apply(slot), cpu.addressSpace(slot), addr, size, 0, false);
        }

        void store(CpuState cpu, String attrsName, MemTxAttrs attrs, int slot, long addr, int size, long value) {
            access(cpu, attrsName, attrs, slotName.apply(slot), cpu.addressSpace(slot), addr, size, value, true);
        }

        void access(CpuState cpu, String attrsName, MemTxAttrs attrs, String slot, AddressSpace as, long addr,
                int size, long value, boolean isWrite) {
            String data;
            int r;
            if (isWrite) {
                r = as.store(addr, size, value, false, attrs);
                data = "<- 0x" + Long.toHexString(value);
            } else {
                long v = as.load(addr, size, false, attrs, result);
                r = result.get();
                data = "-> 0x" + Long.toHexString(v);
            }
            line(cpu, attrsName, slot, as, (isWrite ? "write " : "read ") + size, addr, data,
                    region(as, addr, size, isWrite, attrs), r);
        }

        /** Writes {@code text} one byte at a time, as a guest's UART driver does; one line for all. */
        void text(CpuState cpu, String attrsName, MemTxAttrs attrs, int slot, long addr, String text) {
            AddressSpace as = cpu.addressSpace(slot);
            int r = MemTxResult.OK;
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            for (byte b : bytes) {
                r |= as.store(addr, 1, b & 0xff, false, attrs);
            }
            String shown = "<- \"" + text.replace("\n", "\\n") + "\"";
            line(cpu, attrsName, slotName.apply(slot), as, "write 1 x" + bytes.length, addr, shown,
                    region(as, addr, 1, true, attrs), r);
        }

        private static String region(AddressSpace as, long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            Translation t = as.translate(addr, size, isWrite, attrs);
            return t.isUnassigned() ? "(nothing)" : t.region().name();
        }

        private void line(CpuState cpu, String attrsName, String slot, AddressSpace as, String op, long addr,
                String data, String region, int result) {
            out.printf("  cpu%d %-10s %-6s %-20s %-11s 0x%08x %-24s %-20s %s%n", cpu.cpuIndex(), attrsName, slot,
                    as.name(), op, addr, data, region, MemTxResult.toString(result));
        }
    }
}
