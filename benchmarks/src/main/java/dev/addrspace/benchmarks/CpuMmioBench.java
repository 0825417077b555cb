package dev.addrspace.benchmarks;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.targets.arm.ArmAddressSpaceSlots;
import dev.addrspace.targets.arm.ArmCpu;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * MMIO through a CPU: the 4-byte little-endian register loads and stores of
 * {@link AddressSpaceBench#mmioDispatch()} (the same device class at the same offsets as
 * {@link DirectCallBaseline#directCall()}), made through an ARM CPU's {@link CpuState} (EL3, safe-point
 * coherence) on the same 1,024-range map, so that they go through the CPU's page cache, as a CPU loop's
 * device accesses do. In a class of its own so that JMH runs it in its own JVM.
 */
@State(Scope.Thread)
public class CpuMmioBench {

    private final CpuState cpu;
    private final long[] mmioAddresses = new long[Workload.ACCESSES];
    private final AccessResult result = new AccessResult();

    /** Builds the CPU and the register addresses. */
    public CpuMmioBench() {
        MemorySystem system = new MemorySystem();
        cpu = ArmCpu.realize(system, 0, ArmCpu.Config.of(
                Machines.deviceMap(system, TreeMapBaseline.REGIONS - 1, true, new Machines.Registers())).el3(true));
        if (ArmAddressSpaceSlots.ns(cpu).flatView().ranges().size() != TreeMapBaseline.REGIONS) {
            throw new IllegalStateException("unexpected map");
        }
        cpu.setCoherence(CpuState.Coherence.SAFE_POINT);
        for (int i = 0; i < mmioAddresses.length; i++) {
            mmioAddresses[i] = Machines.DEVICES_BASE + ((i * 4L) & 0xfc);
        }
    }

    /**
     * Loads from the first device's registers through the CPU.
     *
     * @return the sum of the values loaded
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public long cpuMmioLoad() {
        CpuState c = cpu;
        AccessResult r = result;
        long sum = 0;
        for (long addr : mmioAddresses) {
            sum += c.ldlLe(addr, MemTxAttrs.UNSPECIFIED, r);
        }
        return sum + r.get();
    }

    /**
     * Stores to the first device's registers through the CPU.
     *
     * @return the OR of the results
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int cpuMmioStore() {
        CpuState c = cpu;
        int res = 0;
        int i = 0;
        for (long addr : mmioAddresses) {
            res |= c.stlLe(addr, i++, MemTxAttrs.UNSPECIFIED);
        }
        return res;
    }
}
