package dev.addrspace.benchmarks;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.i386.X86Cpu;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Commit time with {@link #cpus} x86 TCG CPUs, each with its own SMM root container as QEMU builds it
 * (an alias of system memory at priority 0 and an SMRAM alias at priority 1): one change to system
 * memory, which every SMM view shows.
 *
 * <p>Equal-view sharing is turned on ({@link MemorySystem#setShareEqualViews}), as the x86 boards do: the
 * 1,000 SMM roots are structurally equal, so one view is rendered for all of them where QEMU renders
 * 1,000. The set-up checks it: the machine shows exactly two distinct views (system memory, SMM).
 */
@State(Scope.Thread)
public class SmmCpusBench {

    /** How many CPUs. */
    @Param({"1", "1000"})
    public int cpus;

    private MemorySystem system;
    private MemoryRegion toggled;
    private boolean enabled = true;

    /** Builds a pc-like system memory, SMRAM and the CPUs. */
    @Setup(Level.Trial)
    public void setUp() {
        system = new MemorySystem();
        system.setShareEqualViews(true);
        MemoryRegion sysmem = Machines.deviceMap(system, 64);
        MemoryRegion smram = MemoryRegion.container(system, "smram", 0x1_0000_0000L);
        smram.addSubregion(0xa_0000L, MemoryRegion.ram(system, "smram-low", 0x2_0000L));
        system.transaction(() -> {
            for (int n = 0; n < cpus; n++) {
                X86Cpu.machineDoneTcg(X86Cpu.realizeTcg(system, n, sysmem), smram);
            }
        });
        toggled = MemoryRegion.ram(system, "toggled", 0x1000);
        sysmem.addSubregionOverlap(0xfee0_0000L, toggled, 1);
        if (distinctViews(system) != 2) {
            throw new IllegalStateException("expected 2 distinct views (system, shared SMM), got "
                    + distinctViews(system));
        }
    }

    /**
     * Counts the distinct flat views of the machine's address spaces.
     *
     * @param system a memory system
     * @return how many distinct views its address spaces show
     */
    static int distinctViews(MemorySystem system) {
        Set<FlatView> views = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AddressSpace as : system.addressSpaces()) {
            views.add(as.flatView());
        }
        return views.size();
    }

    /**
     * Toggles a region of system memory: every CPU's SMM view changes.
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
