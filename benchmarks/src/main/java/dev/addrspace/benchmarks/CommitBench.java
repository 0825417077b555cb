package dev.addrspace.benchmarks;

import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Commit time: one mutator (which commits its own transaction) that changes the view of a map of
 * {@link #regions} MMIO windows plus RAM, so that the memory system re-renders it.
 */
@State(Scope.Thread)
public class CommitBench {

    /** How many device windows the map has. */
    @Param({"100", "1000", "10000"})
    public int regions;

    private MemorySystem system;
    private MemoryRegion toggled;
    private boolean enabled = true;

    /** Builds the map, one address space over it, and the region the benchmark toggles. */
    @Setup(Level.Trial)
    public void setUp() {
        system = new MemorySystem();
        MemoryRegion sysmem = Machines.deviceMap(system, regions);
        system.newAddressSpace(sysmem, "memory");
        toggled = MemoryRegion.ram(system, "toggled", 0x1000);
        sysmem.addSubregionOverlap(Machines.DEVICES_BASE, toggled, 1);
    }

    /**
     * Toggles a region over the first device window: every call changes the view.
     *
     * @return the memory system's render count
     */
    @Benchmark
    public long commit() {
        enabled = !enabled;
        toggled.setEnabled(enabled);
        return system.renderCount();
    }
}
