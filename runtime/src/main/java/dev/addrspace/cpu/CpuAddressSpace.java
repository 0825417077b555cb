package dev.addrspace.cpu;

import dev.addrspace.memory.AddressSpace;

/**
 * One filled slot of a CPU's slot array: the CPU, the slot's index, the {@link AddressSpace} it
 * holds, as QEMU's {@code CPUAddressSpace}, and the CPU's {@link PageCache} in front of that address
 * space (QEMU keeps its softmmu TLB per CPU and MMU index; here it is per CPU and address space).
 *
 * <p>The slot's fields are immutable. Its page cache is not thread safe: owned by one CPU thread.
 */
public final class CpuAddressSpace {

    private final CpuState cpu;
    private final int index;
    private final AddressSpace addressSpace;
    final PageCache pageCache;

    CpuAddressSpace(CpuState cpu, int index, AddressSpace addressSpace) {
        this.cpu = cpu;
        this.index = index;
        this.addressSpace = addressSpace;
        this.pageCache = new PageCache(addressSpace, cpu.coherence() == CpuState.Coherence.STRICT);
        this.pageCache.setHitCounting(cpu.isHitCounting());
    }

    /** @return the CPU's page cache in front of this slot's address space, owned by the CPU thread */
    public PageCache pageCache() {
        return pageCache;
    }

    /** @return the CPU that owns this slot */
    public CpuState cpu() {
        return cpu;
    }

    /** @return the slot index */
    public int index() {
        return index;
    }

    /** @return the address space in this slot */
    public AddressSpace addressSpace() {
        return addressSpace;
    }

    @Override
    public String toString() {
        return "CpuAddressSpace[cpu=" + cpu.cpuIndex() + " index=" + index + " " + addressSpace.name() + "]";
    }
}
