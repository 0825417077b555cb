package dev.addrspace.memory;

/**
 * The byte order of a device's registers, as QEMU's {@code enum device_endian}: how the value a device
 * callback takes or returns maps onto the byte lanes of the bus.
 *
 * <p>{@link #NATIVE} is QEMU's legacy "target endianness". Every target this project models (ARM, x86,
 * RISC-V) is little-endian, and the runtime has no notion of a target, so {@code NATIVE} behaves as
 * {@link #LITTLE} here. A big-endian machine declares {@link #BIG} explicitly.
 */
public enum DeviceEndianness {
    /** The target's byte order; little-endian in this runtime (QEMU's {@code DEVICE_NATIVE_ENDIAN}). */
    NATIVE,
    /** Big-endian registers ({@code DEVICE_BIG_ENDIAN}). */
    BIG,
    /** Little-endian registers ({@code DEVICE_LITTLE_ENDIAN}). */
    LITTLE;

    /** @return true for {@link #BIG}; {@link #NATIVE} counts as little-endian */
    public boolean isBigEndian() {
        return this == BIG;
    }
}
