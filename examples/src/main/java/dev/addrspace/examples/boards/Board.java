package dev.addrspace.examples.boards;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemorySystem;
import java.util.List;

/**
 * An example machine: its memory system (regions and address spaces, in QEMU's creation order) and its
 * CPUs, realized through a target's generated slot code.
 */
public interface Board {

    /** @return the board's name on the command line, for example {@code arm-virt} */
    String name();

    /** @return the machine's memory system: every region and address space of the board */
    MemorySystem system();

    /** @return the CPUs, by CPU index */
    List<CpuState> cpus();
}
