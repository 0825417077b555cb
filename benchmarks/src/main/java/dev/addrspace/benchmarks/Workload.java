package dev.addrspace.benchmarks;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.arm.ArmAddressSpaceSlots;
import dev.addrspace.targets.arm.ArmCpu;
import java.util.SplittableRandom;

/**
 * The access pattern every RAM benchmark replays, so that their figures compare: {@link #ACCESSES}
 * 4-byte-aligned offsets into the first {@link #HOT_SET} bytes of a RAM of {@link #RAM_SIZE} bytes,
 * drawn once from a fixed seed.
 *
 * <p>The hot set is 1 MiB: 256 pages of 4 KiB, exactly what a CPU's page cache maps, so that the CPU
 * fast path is measured on hits (its goal) and every other path on the same addresses. The benchmarks
 * write every page of the hot set once before measuring, so that sparse RAM is allocated as a running
 * guest's would be.
 */
final class Workload {

    /** Accesses per benchmark invocation (JMH's {@code @OperationsPerInvocation}). */
    static final int ACCESSES = 1024;
    /** RAM size: 16 MiB, larger than the L2 cache of these machines but not of their LLC. */
    static final int RAM_SIZE = 16 << 20;
    /** The bytes the offsets fall in: 1 MiB, 256 pages of 4 KiB. */
    static final int HOT_SET = 1 << 20;
    /** Page size used to pre-touch the hot set. */
    static final int PAGE = 4096;
    /** Where the RAM sits in the guest's address space: QEMU virt's RAM base. */
    static final long RAM_BASE = 0x4000_0000L;

    private Workload() {
    }

    /**
     * Returns the offsets, each 4-byte aligned and inside the RAM.
     *
     * @return a new array of {@link #ACCESSES} offsets
     */
    static int[] offsets() {
        SplittableRandom random = new SplittableRandom(0x5eed);
        int[] offsets = new int[ACCESSES];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = random.nextInt(HOT_SET / 4) * 4;
        }
        return offsets;
    }

    /**
     * Returns the guest addresses of {@link #offsets()} in the RAM at {@link #RAM_BASE}.
     *
     * @return a new array of {@link #ACCESSES} addresses
     */
    static long[] ramAddresses() {
        int[] offsets = offsets();
        long[] addresses = new long[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            addresses[i] = RAM_BASE + offsets[i];
        }
        return addresses;
    }

    /**
     * Builds the CPU the fast-path benchmarks measure: an ARM CPU with EL3 (so every access picks its slot
     * from the attrs) on the 1,024-range map of {@link AddressSpaceBench}, in {@code coherence} mode, with
     * every page of the hot set written once through it.
     *
     * @param coherence the CPU's coherence mode
     * @param preallocated whether the RAM is preallocated (one array) or sparse
     * @return the CPU
     * @throws IllegalStateException if the map does not have the expected number of ranges
     */
    static CpuState hotArmCpu(CpuState.Coherence coherence, boolean preallocated) {
        MemorySystem system = new MemorySystem();
        CpuState cpu = ArmCpu.realize(system, 0,
                ArmCpu.Config.of(Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1, preallocated)).el3(true));
        if (ArmAddressSpaceSlots.ns(cpu).flatView().ranges().size() != TreeMapBaseline.REGIONS) {
            throw new IllegalStateException("unexpected map");
        }
        cpu.setCoherence(coherence);
        for (int off = 0; off < HOT_SET; off += PAGE) {
            cpu.stlLe(RAM_BASE + off, off, MemTxAttrs.UNSPECIFIED);
        }
        return cpu;
    }
}
