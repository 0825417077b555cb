package dev.addrspace.memory;

/**
 * Access-size constraints of a device, as the {@code valid} and {@code impl} members of QEMU's
 * {@code MemoryRegionOps}: the minimum and maximum access size in bytes and whether unaligned accesses
 * are allowed. A size of 0 means "not set" and keeps QEMU's meaning: for {@code valid}, a maximum of 0
 * accepts every size (and bulk accesses are split into pieces of at most 4 bytes); for {@code impl},
 * 0 stands for a minimum of 1 and a maximum of 4.
 *
 * <p>Immutable.
 */
public final class AccessConstraints {

    /** QEMU's default {@code valid}: no size limits, aligned accesses only. */
    public static final AccessConstraints VALID_DEFAULT = new AccessConstraints(0, 0, false);
    /** QEMU's default {@code impl}: sizes 1 to 4 (written as 0, 0), aligned. */
    public static final AccessConstraints IMPL_DEFAULT = new AccessConstraints(0, 0, false);

    private final int minAccessSize;
    private final int maxAccessSize;
    private final boolean unaligned;

    private AccessConstraints(int minAccessSize, int maxAccessSize, boolean unaligned) {
        this.minAccessSize = minAccessSize;
        this.maxAccessSize = maxAccessSize;
        this.unaligned = unaligned;
    }

    /**
     * Returns constraints with the given sizes. Allocates.
     *
     * @param minAccessSize 0 (not set), 1, 2, 4 or 8
     * @param maxAccessSize 0 (not set), 1, 2, 4 or 8
     * @param unaligned whether unaligned accesses are allowed
     * @return the constraints
     * @throws IllegalArgumentException if a size is not 0, 1, 2, 4 or 8, or both are set and min &gt; max
     */
    public static AccessConstraints of(int minAccessSize, int maxAccessSize, boolean unaligned) {
        checkSize("minAccessSize", minAccessSize);
        checkSize("maxAccessSize", maxAccessSize);
        if (minAccessSize != 0 && maxAccessSize != 0 && minAccessSize > maxAccessSize) {
            throw new IllegalArgumentException("minAccessSize=" + minAccessSize + " is above maxAccessSize="
                    + maxAccessSize);
        }
        return new AccessConstraints(minAccessSize, maxAccessSize, unaligned);
    }

    /**
     * Returns aligned-only constraints with the given sizes. Allocates.
     *
     * @param minAccessSize 0 (not set), 1, 2, 4 or 8
     * @param maxAccessSize 0 (not set), 1, 2, 4 or 8
     * @return the constraints
     * @throws IllegalArgumentException as {@link #of(int, int, boolean)}
     */
    public static AccessConstraints of(int minAccessSize, int maxAccessSize) {
        return of(minAccessSize, maxAccessSize, false);
    }

    private static void checkSize(String what, int size) {
        if (size != 0 && size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException(what + "=" + size + " is not 0, 1, 2, 4 or 8");
        }
    }

    /** @return the minimum access size in bytes; 0 when not set */
    public int minAccessSize() {
        return minAccessSize;
    }

    /** @return the maximum access size in bytes; 0 when not set */
    public int maxAccessSize() {
        return maxAccessSize;
    }

    /** @return whether unaligned accesses are allowed */
    public boolean unaligned() {
        return unaligned;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AccessConstraints)) {
            return false;
        }
        AccessConstraints c = (AccessConstraints) o;
        return c.minAccessSize == minAccessSize && c.maxAccessSize == maxAccessSize && c.unaligned == unaligned;
    }

    @Override
    public int hashCode() {
        return (minAccessSize * 31 + maxAccessSize) * 2 + (unaligned ? 1 : 0);
    }

    @Override
    public String toString() {
        return "AccessConstraints[min=" + minAccessSize + " max=" + maxAccessSize + " unaligned=" + unaligned + "]";
    }
}
