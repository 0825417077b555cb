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

    /** Which classes override {@code accepts}: inspected once per class. */
    private static final ClassValue<Boolean> ACCEPTS = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return overrides(type, "accepts", long.class, int.class, boolean.class, MemTxAttrs.class);
        }
    };

    /** Access sizes as bits of a mask: size 1, 2, 4 and 8 are the bits of the same value. */
    static final int ALL_SIZES = 1 | 2 | 4 | 8;

    /** The profile of {@link MmioOps#UNASSIGNED_MEM}: holes, reservations, writes to ROM. */
    static final MmioProfile UNASSIGNED = new MmioProfile(MmioOps.UNASSIGNED_MEM, "unassigned", null, false);

    final MmioOps ops;
    final String name;
    /** The region's re-entrancy guard, or null when the guard does not apply. */
    final ReentrancyGuard guard;
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
    /** Whether the class overrides {@link MmioOps#accepts} (called per access, as QEMU's {@code valid.accepts}). */
    final boolean acceptsOverridden;
    /**
     * The straight read path, decided here once: the bit {@code size} is clear for every access size that
     * is one callback passing QEMU's size checks whenever it is aligned (the size within {@code valid} and
     * {@code impl}, so no splitting or widening). The callback is the plain {@link MmioOps#read}, or
     * {@link MmioOps#readWithAttrs} when the region is guarded (the guard's home holder takes its result:
     * an unguarded with-attrs read needs a per-thread holder, so it takes the full dispatch). A set bit
     * sends the access to the full dispatch. Sizes are 1, 2, 4 and 8, so the size is its own bit.
     */
    final int notStraightReads;
    /** As {@link #notStraightReads}, for {@link MmioOps#write} or {@link MmioOps#writeWithAttrs} (guarded or not). */
    final int notStraightWrites;
    /**
     * Whether a straight read calls more than the plain {@link MmioOps#read}: an {@code accepts} override
     * (called first, as QEMU's {@code valid.accepts}) or the with-attrs callback. Such reads take
     * {@code MmioDispatch}'s straight callbacks path, which is out of line of the plain one.
     */
    final boolean straightReadCallbacks;
    /** As {@link #straightReadCallbacks}, for writes. */
    final boolean straightWriteCallbacks;
    /** The alignment test of the straight path: 0 when {@code valid.unaligned}, else all ones. */
    final long alignCheck;
    /** Set once the re-entrancy warning was printed for this profile; racy by design (a log hint). */
    boolean warnedReentrancy;

    /**
     * Resolves {@code ops}. Allocates.
     *
     * @param ops the device's ops
     * @param name the region's name, for messages
     * @param region the region (its {@link MemoryRegion#reentrancyGuard()} is shared by every view it is
     *               in), or another object for a guard of this profile alone (tests), or null
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
        this.acceptsOverridden = ACCEPTS.get(ops.getClass());
        final boolean guarded = guardable && region != null && !ops.lockless() && !ops.reentrancyGuardDisabled();
        ReentrancyGuard g = null;
        if (guarded) {
            g = region instanceof MemoryRegion ? ((MemoryRegion) region).reentrancyGuard() : null;
            if (g == null) {
                g = new ReentrancyGuard();
            }
        }
        this.guard = g;
        final int straight = straightSizes(validMin, validMax, implMin, implMax);
        this.notStraightReads = plainRead || g != null ? ALL_SIZES & ~straight : ALL_SIZES;
        this.notStraightWrites = ALL_SIZES & ~straight;
        this.straightReadCallbacks = acceptsOverridden || !plainRead;
        this.straightWriteCallbacks = acceptsOverridden || !plainWrite;
        this.alignCheck = validUnaligned ? 0 : -1L;
    }

    /**
     * The sizes that pass QEMU's size checks and make one callback of the same size: within
     * {@code valid} (every size when {@code valid.max} is 0, as {@code memory_region_access_valid}) and
     * within {@code [impl.min, impl.max]} (so {@code access_with_adjusted_size} makes exactly one call).
     */
    private static int straightSizes(int validMin, int validMax, int implMin, int implMax) {
        int sizes = 0;
        for (int size = 1; size <= 8; size <<= 1) {
            final boolean valid = validMax == 0 || (size >= validMin && size <= validMax);
            if (valid && size >= implMin && size <= implMax) {
                sizes |= size;
            }
        }
        return sizes;
    }

    /**
     * Whether a read of {@code size} bytes at region offset {@code addr} takes the straight path: one
     * mask test for "aligned (unless {@code valid.unaligned}) and a straight size". Such an access passes
     * QEMU's validity check unless an {@code accepts} override rejects it, and is one callback.
     */
    boolean straightRead(long addr, int size) {
        return ((addr & (size - 1) & alignCheck) | (size & notStraightReads)) == 0;
    }

    /** As {@link #straightRead}, for writes. */
    boolean straightWrite(long addr, int size) {
        return ((addr & (size - 1) & alignCheck) | (size & notStraightWrites)) == 0;
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
                + (bigEndian ? " big" : " little") + (guard != null ? " guarded" : "") + "]";
    }
}
