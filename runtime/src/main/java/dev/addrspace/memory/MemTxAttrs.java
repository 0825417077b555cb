package dev.addrspace.memory;

/**
 * The attributes of a memory transaction, as QEMU's {@code MemTxAttrs}: who accesses and how. Immutable
 * and cheap: every field is packed into one {@code long} ({@link #bits()}), and the {@code with...}
 * methods return a new value (they allocate) so that callers keep constants for the attrs they use on
 * hot paths.
 *
 * <p>Fields: {@code secure} (ARM TrustZone, also x86 SMM), {@code space} (the ARM security space:
 * {@link #SPACE_SECURE}, {@link #SPACE_NON_SECURE}, {@link #SPACE_ROOT}, {@link #SPACE_REALM}),
 * {@code user}, {@code memory} (only normal memory may answer), {@code debug} (a debugger access, which
 * may write ROM), {@code requesterId} (16 bits), {@code pid} (8 bits, the PASID) and
 * {@code unspecified}.
 */
public final class MemTxAttrs {

    /** ARM security space Secure (0). */
    public static final int SPACE_SECURE = 0;
    /** ARM security space NonSecure (1). */
    public static final int SPACE_NON_SECURE = 1;
    /** ARM security space Root (2); counts as secure. */
    public static final int SPACE_ROOT = 2;
    /** ARM security space Realm (3). */
    public static final int SPACE_REALM = 3;

    private static final long SECURE = 1L;
    private static final int SPACE_SHIFT = 1;
    private static final long SPACE_MASK = 3L << SPACE_SHIFT;
    private static final long USER = 1L << 3;
    private static final long MEMORY = 1L << 4;
    private static final long DEBUG = 1L << 5;
    private static final long UNSPECIFIED_BIT = 1L << 6;
    private static final int REQUESTER_SHIFT = 8;
    private static final long REQUESTER_MASK = 0xffffL << REQUESTER_SHIFT;
    private static final int PID_SHIFT = 24;
    private static final long PID_MASK = 0xffL << PID_SHIFT;
    private static final long VALID_BITS = SECURE | SPACE_MASK | USER | MEMORY | DEBUG | UNSPECIFIED_BIT
            | REQUESTER_MASK | PID_MASK;

    /** All fields zero: a specified, non-secure, non-debug access. */
    public static final MemTxAttrs NONE = new MemTxAttrs(0);
    /** QEMU's {@code MEMTXATTRS_UNSPECIFIED}: the master did not say. */
    public static final MemTxAttrs UNSPECIFIED = new MemTxAttrs(UNSPECIFIED_BIT);
    /** A secure access ({@code secure = 1}): ARM TrustZone secure world, or x86 SMM. */
    public static final MemTxAttrs SECURE_ACCESS = new MemTxAttrs(SECURE);
    /** A debugger access ({@code debug = 1}), which may write ROM. */
    public static final MemTxAttrs DEBUG_ACCESS = new MemTxAttrs(DEBUG);

    private final long bits;

    private MemTxAttrs(long bits) {
        this.bits = bits;
    }

    /**
     * Returns the attrs whose packed form is {@code bits}.
     *
     * @param bits a value returned by {@link #bits()}
     * @return the attrs; one of the constants when it matches one, otherwise a new value
     * @throws IllegalArgumentException if {@code bits} has a bit no field uses
     */
    public static MemTxAttrs fromBits(long bits) {
        if ((bits & ~VALID_BITS) != 0) {
            throw new IllegalArgumentException("not MemTxAttrs bits: 0x" + Long.toHexString(bits));
        }
        if (bits == 0) {
            return NONE;
        }
        if (bits == UNSPECIFIED_BIT) {
            return UNSPECIFIED;
        }
        if (bits == SECURE) {
            return SECURE_ACCESS;
        }
        if (bits == DEBUG) {
            return DEBUG_ACCESS;
        }
        return new MemTxAttrs(bits);
    }

    /** @return every field packed into one {@code long}; stable across releases */
    public long bits() {
        return bits;
    }

    /** @return the {@code secure} flag */
    public boolean secure() {
        return (bits & SECURE) != 0;
    }

    /** @return the ARM security space, 0 to 3 */
    public int space() {
        return (int) ((bits & SPACE_MASK) >>> SPACE_SHIFT);
    }

    /** @return the {@code user} flag */
    public boolean user() {
        return (bits & USER) != 0;
    }

    /** @return the {@code memory} flag: only normal memory may answer */
    public boolean memory() {
        return (bits & MEMORY) != 0;
    }

    /** @return the {@code debug} flag */
    public boolean debug() {
        return (bits & DEBUG) != 0;
    }

    /** @return the 16-bit requester id */
    public int requesterId() {
        return (int) ((bits & REQUESTER_MASK) >>> REQUESTER_SHIFT);
    }

    /** @return the 8-bit PASID */
    public int pid() {
        return (int) ((bits & PID_MASK) >>> PID_SHIFT);
    }

    /** @return the {@code unspecified} flag */
    public boolean unspecified() {
        return (bits & UNSPECIFIED_BIT) != 0;
    }

    /**
     * @param value the new flag
     * @return these attrs with {@code secure} set to {@code value}; allocates unless a constant matches
     */
    public MemTxAttrs withSecure(boolean value) {
        return withFlag(SECURE, value);
    }

    /**
     * @param space the ARM security space, 0 to 3
     * @return these attrs with {@code space} set; allocates unless a constant matches
     * @throws IllegalArgumentException if {@code space} is outside 0 to 3
     */
    public MemTxAttrs withSpace(int space) {
        if (space < 0 || space > 3) {
            throw new IllegalArgumentException("space=" + space + " is not an ARM security space (0..3)");
        }
        return fromBits((bits & ~SPACE_MASK & ~UNSPECIFIED_BIT) | ((long) space << SPACE_SHIFT));
    }

    /**
     * @param value the new flag
     * @return these attrs with {@code user} set to {@code value}; allocates unless a constant matches
     */
    public MemTxAttrs withUser(boolean value) {
        return withFlag(USER, value);
    }

    /**
     * @param value the new flag
     * @return these attrs with {@code memory} set to {@code value}; allocates unless a constant matches
     */
    public MemTxAttrs withMemory(boolean value) {
        return withFlag(MEMORY, value);
    }

    /**
     * @param value the new flag
     * @return these attrs with {@code debug} set to {@code value}; allocates unless a constant matches
     */
    public MemTxAttrs withDebug(boolean value) {
        return withFlag(DEBUG, value);
    }

    /**
     * @param requesterId the 16-bit requester id
     * @return these attrs with {@code requesterId} set; allocates unless a constant matches
     * @throws IllegalArgumentException if {@code requesterId} does not fit 16 bits
     */
    public MemTxAttrs withRequesterId(int requesterId) {
        if ((requesterId & ~0xffff) != 0) {
            throw new IllegalArgumentException("requesterId=" + requesterId + " does not fit 16 bits");
        }
        return fromBits((bits & ~REQUESTER_MASK & ~UNSPECIFIED_BIT) | ((long) requesterId << REQUESTER_SHIFT));
    }

    /**
     * @param pid the 8-bit PASID
     * @return these attrs with {@code pid} set; allocates unless a constant matches
     * @throws IllegalArgumentException if {@code pid} does not fit 8 bits
     */
    public MemTxAttrs withPid(int pid) {
        if ((pid & ~0xff) != 0) {
            throw new IllegalArgumentException("pid=" + pid + " does not fit 8 bits");
        }
        return fromBits((bits & ~PID_MASK & ~UNSPECIFIED_BIT) | ((long) pid << PID_SHIFT));
    }

    private MemTxAttrs withFlag(long flag, boolean value) {
        long cleared = bits & ~flag & ~UNSPECIFIED_BIT;
        return fromBits(value ? cleared | flag : cleared);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemTxAttrs && ((MemTxAttrs) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    @Override
    public String toString() {
        if (unspecified()) {
            return "MemTxAttrs[unspecified]";
        }
        return "MemTxAttrs[secure=" + (secure() ? 1 : 0) + " space=" + space() + " user=" + (user() ? 1 : 0)
                + " memory=" + (memory() ? 1 : 0) + " debug=" + (debug() ? 1 : 0)
                + " requesterId=" + requesterId() + " pid=" + pid() + "]";
    }
}
