package dev.addrspace.cpu;

import dev.addrspace.memory.AddressSpace;

/**
 * One filled slot of a CPU's slot array: the CPU, the slot's index and the {@link AddressSpace} it
 * holds, as QEMU's {@code CPUAddressSpace}.
 *
 * <p>Immutable.
 */
public final class CpuAddressSpace {

    private final CpuState cpu;
    private final int index;
    private final AddressSpace addressSpace;

    CpuAddressSpace(CpuState cpu, int index, AddressSpace addressSpace) {
        this.cpu = cpu;
        this.index = index;
        this.addressSpace = addressSpace;
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
