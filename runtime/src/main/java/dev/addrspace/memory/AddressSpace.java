package dev.addrspace.memory;

/**
 * A view of a region tree from one root, as QEMU's {@code AddressSpace}: what one kind of bus master
 * (a CPU in one security state, a DMA engine) sees at each address.
 *
 * <p>Created by {@link MemorySystem#newAddressSpace(MemoryRegion, String)}.
 */
public final class AddressSpace {

    private final MemorySystem system;
    private final MemoryRegion root;
    private final String name;
    private volatile boolean destroyed;

    AddressSpace(MemorySystem system, MemoryRegion root, String name) {
        this.system = system;
        this.root = root;
        this.name = name;
    }

    /** @return the name, for example {@code cpu-memory-0} */
    public String name() {
        return name;
    }

    /** @return the root region */
    public MemoryRegion root() {
        return root;
    }

    /** @return the owning memory system */
    public MemorySystem system() {
        return system;
    }

    /** @return true once {@link #destroy()} has run */
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * Removes this address space from its memory system. Idempotent.
     */
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            system.destroy(this);
        }
    }

    @Override
    public String toString() {
        return "AddressSpace[" + name + ", root=" + root.name() + "]";
    }
}
