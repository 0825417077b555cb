package dev.addrspace.cpu;

import dev.addrspace.memory.MemTxAttrs;

/**
 * A target's attrs-to-index mapping, QEMU's {@code asidx_from_attrs}: which slot of a CPU's address
 * spaces serves an access made with given attributes. ARM picks the secure space for
 * {@code attrs.secure}; x86 picks SMM for it.
 */
@FunctionalInterface
public interface AsIndexMapper {

    /** The mapping of a target that has only AS 0. */
    AsIndexMapper ALWAYS_ZERO = attrs -> 0;

    /**
     * Maps the attributes of an access to an address-space index.
     *
     * @param attrs the access's attributes, never null
     * @return a slot index, {@code 0 <= index < numAses} of the CPU
     */
    int asIndex(MemTxAttrs attrs);
}
