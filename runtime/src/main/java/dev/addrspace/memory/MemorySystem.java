package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One machine's memory: owns its regions' transactions, its address spaces (in creation order) and its
 * listeners. There is no global state: two machines, each with its own {@code MemorySystem}, live side
 * by side in one JVM.
 *
 * <p>Writers serialize on the memory system.
 */
public final class MemorySystem {

    private final List<AddressSpace> addressSpaces = new ArrayList<>();

    /** Creates an empty memory system with no regions and no address spaces. */
    public MemorySystem() {
    }

    /**
     * Creates an address space over {@code root}, as QEMU's {@code address_space_init} does. Allocates.
     *
     * @param root the root region; must belong to this memory system
     * @param name the address space's name; QEMU uses {@code "anonymous"} when none is given
     * @return the new address space, appended to {@link #addressSpaces()}
     * @throws NullPointerException if {@code root} or {@code name} is null
     * @throws IllegalArgumentException if {@code root} belongs to another memory system
     */
    public synchronized AddressSpace newAddressSpace(MemoryRegion root, String name) {
        checkOwned(root);
        if (name == null) {
            throw new NullPointerException("name");
        }
        AddressSpace as = new AddressSpace(this, root, name);
        addressSpaces.add(as);
        return as;
    }

    /**
     * The live address spaces in creation order.
     *
     * @return an unmodifiable snapshot
     */
    public synchronized List<AddressSpace> addressSpaces() {
        return Collections.unmodifiableList(new ArrayList<>(addressSpaces));
    }

    synchronized void destroy(AddressSpace as) {
        addressSpaces.remove(as);
    }

    void checkOwned(MemoryRegion region) {
        if (region == null) {
            throw new NullPointerException("region");
        }
        if (region.system() != this) {
            throw new IllegalArgumentException("region '" + region.name() + "' belongs to another memory system");
        }
    }
}
