package dev.addrspace.memory;

/**
 * A device's {@link MmioOps} resolved once for the dispatcher: the constraints normalized, the byte order
 * as a flag, which callback pair to call, whether the re-entrancy guard applies. Built when a view is
 * rendered, so the access path reads final fields only.
 *
 * <p>Immutable.
 */
final class MmioProfile {

    /** Which classes override the plain read: inspected once per class. */
    private static final ClassValue<Boolean> PLAIN_READ = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return overrides(type, "read", long.class, int.class);
        }
    };
    /** Which classes override the plain write: inspected once per class. */
    private static final ClassValue<Boolean> PLAIN_WRITE = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return overrides(type, "write", long.class, long.class, int.class);
        }
    };

    /** The profile of {@link MmioOps#UNASSIGNED_MEM}: holes, reservations, writes to ROM. */
    static final MmioProfile UNASSIGNED = new MmioProfile(MmioOps.UNASSIGNED_MEM, "unassigned", null, false);

    final MmioOps ops;
    final String name;
    /** The identity the re-entrancy guard tracks (the region), or null when the guard does not apply. */
    final Object guardKey;
    final int validMin;
    final int validMax;
    final boolean validUnaligned;
    /** {@code impl.min}, 0 read as 1. */
    final int implMin;
    /** {@code impl.max}, 0 read as 4. */
    final int implMax;
    final boolean implUnaligned;
    final boolean bigEndian;
    final boolean plainRead;
    final boolean plainWrite;
    /** Set once the re-entrancy warning was printed for this profile; racy by design (a log hint). */
    boolean warnedReentrancy;

    /**
     * Resolves {@code ops}. Allocates.
     *
     * @param ops the device's ops
     * @param name the region's name, for messages
     * @param region the region, the identity the re-entrancy guard tracks
     * @param guardable whether the region is of a kind QEMU guards (not RAM, ROM, ROM device, readonly)
     */
    MmioProfile(MmioOps ops, String name, Object region, boolean guardable) {
        this.ops = ops;
        this.name = name;
        final AccessConstraints valid = ops.valid();
        final AccessConstraints impl = ops.impl();
        this.validMin = valid.minAccessSize();
        this.validMax = valid.maxAccessSize();
        this.validUnaligned = valid.unaligned();
        this.implMin = impl.minAccessSize() == 0 ? 1 : impl.minAccessSize();
        this.implMax = impl.maxAccessSize() == 0 ? 4 : impl.maxAccessSize();
        this.implUnaligned = impl.unaligned();
        this.bigEndian = ops.endianness().isBigEndian();
        this.plainRead = PLAIN_READ.get(ops.getClass());
        this.plainWrite = PLAIN_WRITE.get(ops.getClass());
        final boolean guarded = guardable && region != null && !ops.lockless() && !ops.reentrancyGuardDisabled();
        this.guardKey = guarded ? region : null;
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters).getDeclaringClass() != MmioOps.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("MmioOps." + name + " must exist", e);
        }
    }

    /**
     * QEMU's {@code memory_access_size}: how many bytes of a bulk access of {@code len} bytes at region
     * offset {@code addr} go to the device in one call. The maximum is {@code valid.max} (4 when 0),
     * bounded by the address's alignment unless {@code impl.unaligned}, then rounded down to a power of 2.
     */
    int accessSize(long len, long addr) {
        int max = validMax == 0 ? 4 : validMax;
        if (!implUnaligned) {
            // unsigned: at offset 2^63 the alignment is Long.MIN_VALUE, which must not shrink max to 0
            final long align = addr & -addr;
            if (align != 0 && Long.compareUnsigned(align, max) < 0) {
                max = (int) align;
            }
        }
        final long l = Math.min(len, max);
        return Integer.highestOneBit((int) l);
    }

    @Override
    public String toString() {
        return "MmioProfile[" + name + " valid=" + validMin + ".." + validMax + (validUnaligned ? " unaligned" : "")
                + " impl=" + implMin + ".." + implMax + (implUnaligned ? " unaligned" : "")
                + (bigEndian ? " big" : " little") + (guardKey != null ? " guarded" : "") + "]";
    }
}
