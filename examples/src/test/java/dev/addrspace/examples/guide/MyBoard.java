package dev.addrspace.examples.guide;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import dev.addrspace.mtree.Mtree;
import java.io.PrintStream;

/** The board of section 6 of docs/writing-a-target.md, printing to {@code System.out} as there. */
final class MyBoard {

    private MyBoard() {
    }

    static void run(PrintStream out) {
        PrintStream saved = System.out;
        System.setOut(out);
        try {
            main();
        } finally {
            System.setOut(saved);
        }
    }

    // BEGIN guide section 6
    private static void main() {
        MemorySystem system = new MemorySystem();
        MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        system.newAddressSpace(sysmem, "memory");

        MemoryRegion secure = MemoryRegion.container(system, "secure-memory", MemoryRegion.SIZE_2_64);
        secure.addSubregionOverlap(0, sysmem, -1);           // the secure world sees everything else too

        StringBuilder console = new StringBuilder();
        MmioOps uart = MmioOps.of((addr, size) -> 0,
                (addr, value, size) -> console.append((char) value));
        system.transaction(() -> {                            // one re-render for the whole board
            sysmem.addSubregion(0x0900_0000L, MemoryRegion.io(system, "uart", 0x1000, uart));
            sysmem.addSubregion(0x4000_0000L, MemoryRegion.ram(system, "ram", 0x800_0000L));
            secure.addSubregion(0x0e00_0000L, MemoryRegion.ram(system, "secure-ram", 0x100_0000L));
        });

        CpuState cpu = MyCpu.realize(system, 0, sysmem, secure);

        MemTxAttrs attrs = MemTxAttrs.SECURE_ACCESS;
        AddressSpace as = cpu.addressSpace(cpu.asIndexFromAttrs(attrs));   // cpu-secure-memory-0
        int r = as.stlLe(0x0e00_0000L, 0xcafe, attrs);
        AccessResult result = new AccessResult();
        int v = cpu.as().ldlLe(0x0e00_0000L, MemTxAttrs.NONE, result);    // cpu-memory-0
        System.out.println(as.name() + " store: " + MemTxResult.toString(r));
        System.out.println("cpu-memory-0 load: 0x" + Integer.toHexString(v) + " " + MemTxResult.toString(result.get()));
        for (byte b : "hi\n".getBytes()) {
            cpu.as().stb(0x0900_0000L, b, MemTxAttrs.NONE);
        }
        System.out.print("uart: " + console);
        System.out.print(Mtree.flat(system));
    }
    // END guide section 6
}
