package dev.addrspace.memory;

/**
 * The backing bytes of a RAM, ROM or ROM-device region, as QEMU's {@code RAMBlock}.
 *
 * <p>PLACEHOLDER of the integration skeleton: the access-path work makes it sparse (pages allocated on
 * first write) and gives it its accessors.
 */
final class RamBlock {

    private final long size;

    RamBlock(long size) {
        this.size = size;
    }

    long size() {
        return size;
    }
}
