package dev.addrspace.memory;

/**
 * The MMIO half of the access path, as QEMU's {@code memory_region_dispatch_read/write}: the validity
 * check, the byte-order swap, {@code access_with_adjusted_size} with its quirks, and the re-entrancy
 * guard.
 *
 * <p>The re-entrancy guard is a {@link ReentrancyGuard} per region, biased to one home thread: the home
 * thread's accesses read and write the guard's plain fields, other threads use their {@link MmioContext}
 * (see {@link ReentrancyGuard} for why no fence is needed).
 *
 * <p>Stateless. Allocation free (the per-thread {@link MmioContext} is allocated on a thread's first
 * access that needs it: a guarded device reached from a thread other than the guard's home, or an
 * unguarded with-attrs device).
 */
final class MmioDispatch {

    private static final System.Logger LOG = System.getLogger("dev.addrspace.memory");

    private MmioDispatch() {
    }

    /**
     * Reads {@code size} bytes from a device.
     *
     * <p>Fast path first: when the profile says the access is one callback that passes the size checks
     * ({@link MmioProfile#straightRead}: size within {@code valid} and {@code impl}, aligned unless
     * {@code valid.unaligned}; the plain callback, or the with-attrs one of a guarded region) and the
     * re-entrancy guard is off or this is the guard's home thread, not already engaged, the callback is
     * called directly, after the {@code accepts} override if the class has one (a refusal is
     * {@link MemTxResult#DECODE_ERROR}, as in QEMU). Everything else (a failing size or alignment check,
     * splitting, an unguarded with-attrs read, a re-entry, a thread other than the home) takes
     * {@link #readSlowPath}, which is QEMU's full {@code memory_region_dispatch_read}. Both give the same
     * value and result for every access the fast path takes, and call {@code accepts} once.
     *
     * @param p the device's resolved ops
     * @param addr the offset in the region
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order the caller wants the value in
     * @param attrs the attrs
     * @param out receives the result (set, not OR-ed); may be null
     * @return the value, zero-extended from {@code size} bytes; 0 when the access failed validation
     */
    static long read(MmioProfile p, long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult out) {
        if (p.straightRead(addr, size)) {
            if (p.straightReadCallbacks) {
                return readCallbacks(p, addr, size, bigEndian, attrs, out);
            }
            final ReentrancyGuard g = p.guard;
            final long v;
            if (g == null) {
                v = p.ops.read(addr, size);
            } else if (g.idleHome(Thread.currentThread())) {
                v = readEngaged(p.ops, g, addr, size);
            } else {
                return readSlowPath(p, addr, size, bigEndian, attrs, out);
            }
            if (out != null) {
                out.set(MemTxResult.OK);
            }
            return bigEndian == p.bigEndian ? v & sizeMask(size) : swap(v, size);
        }
        return readSlowPath(p, addr, size, bigEndian, attrs, out);
    }

    /**
     * As {@link #read(MmioProfile, long, int, boolean, MemTxAttrs, AccessResult)} for a fixed-size load of
     * a device range ({@link AccessRange#mmioLoad}, not {@code attrs.memory}): the straight-path test is
     * the range's word ({@link AccessRange#straightLoadLe}) and the call reads the range's copies of the
     * profile's fields, one dependent load less. An access the word does not take goes to the profile's
     * {@link #read(MmioProfile, long, int, boolean, MemTxAttrs, AccessResult)}: its straight callbacks path
     * ({@link #readCallbacks}) for a device whose straight call is more than the plain read ({@code accepts},
     * with-attrs; the word never takes those, so the plain path tests nothing for them), else the full
     * dispatch. Same value and result.
     *
     * @param r a device range
     * @param addr the offset in the region
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order the caller wants the value in
     * @param attrs the attrs
     * @param out receives the result (set, not OR-ed); may be null
     * @return the value, zero-extended from {@code size} bytes; 0 when the access failed validation
     */
    static long read(AccessRange r, long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult out) {
        final long w = r.straightLoad(bigEndian);
        if ((AccessRange.straightKey(addr, size, attrs) & w) == 0) {
            return readStraight(r, w, addr, size, attrs, out);
        }
        return read(r.mmio, addr, size, bigEndian, attrs, out);
    }

    /**
     * The straight device read of {@link #read(AccessRange, long, int, boolean, MemTxAttrs, AccessResult)},
     * for a caller whose key passed the range's straight word {@code w}: the guard (none, or this
     * thread's home test), the plain callback, the byte order (swapped when {@code w} has
     * {@link AccessRange#STRAIGHT_SWAP}); the full dispatch when the guard does not let it through.
     *
     * @param r a device range whose straight path takes this access
     * @param w the straight word the access passed ({@link AccessRange#straightLoad}), of the byte order
     *          the caller wants the value in
     * @param addr the offset in the region
     * @param size 1, 2, 4 or 8
     * @param attrs the attrs
     * @param out receives the result (set, not OR-ed); may be null
     * @return the value, zero-extended from {@code size} bytes
     */
    static long readStraight(AccessRange r, long w, long addr, int size, MemTxAttrs attrs, AccessResult out) {
        final ReentrancyGuard g = r.guard;
        final long v;
        if (g == null) {
            v = r.ops.read(addr, size);
        } else if (g.idleHome(Thread.currentThread())) {
            v = readEngaged(r.ops, g, addr, size);
        } else {
            return readSlowPath(r.mmio, addr, size, r.mmio.bigEndian != (w < 0), attrs, out);
        }
        if (out != null) {
            out.set(MemTxResult.OK);
        }
        return w >= 0 ? v & sizeMask(size) : swap(v, size);
    }

    /**
     * As {@link #write(MmioProfile, long, long, int, boolean, MemTxAttrs)} for a fixed-size store to a
     * device range ({@link AccessRange#mmioStore}, not {@code attrs.memory}), tested with the range's
     * word ({@link AccessRange#straightStoreLe}); an access the word does not take goes to the profile's
     * {@link #write(MmioProfile, long, long, int, boolean, MemTxAttrs)}, as the load. Same effect and
     * result.
     *
     * @param r a device range
     * @param addr the offset in the region
     * @param value the value, in the byte order {@code bigEndian}
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of {@code value}
     * @param attrs the attrs
     * @return the result
     */
    static int write(AccessRange r, long addr, long value, int size, boolean bigEndian, MemTxAttrs attrs) {
        final long w = r.straightStore(bigEndian);
        if ((AccessRange.straightKey(addr, size, attrs) & w) == 0) {
            return writeStraight(r, w, addr, value, size, attrs);
        }
        return write(r.mmio, addr, value, size, bigEndian, attrs);
    }

    /**
     * The straight device write of {@link #write(AccessRange, long, long, int, boolean, MemTxAttrs)}, for
     * a caller whose key passed the range's straight word {@code w} (as {@link #readStraight}).
     *
     * @param r a device range whose straight path takes this access
     * @param w the straight word the access passed ({@link AccessRange#straightStore}), of the byte order
     *          of {@code value}
     * @param addr the offset in the region
     * @param value the value, in the byte order of {@code w}
     * @param size 1, 2, 4 or 8
     * @param attrs the attrs
     * @return the result
     */
    static int writeStraight(AccessRange r, long w, long addr, long value, int size, MemTxAttrs attrs) {
        final long v = w >= 0 ? value & sizeMask(size) : swap(value, size);
        final ReentrancyGuard g = r.guard;
        if (g == null) {
            r.ops.write(addr, v, size);
            return MemTxResult.OK;
        }
        if (g.idleHome(Thread.currentThread())) {
            writeEngaged(r.ops, g, addr, v, size);
            return MemTxResult.OK;
        }
        return writeSlowPath(r.mmio, addr, v, size, attrs);
    }

    /** One plain read on the guard's home thread, with the guard engaged around it. */
    private static long readEngaged(MmioOps ops, ReentrancyGuard g, long addr, int size) {
        g.homeEngaged = true;
        try {
            return ops.read(addr, size);
        } finally {
            g.homeEngaged = false;
        }
    }

    /**
     * The straight read of a device whose call is more than the plain read
     * ({@link MmioProfile#straightReadCallbacks}), out of line of the plain one, for an access that passed
     * the size and alignment checks ({@link MmioProfile#straightRead}). The full dispatch when the
     * region's guard is engaged or another thread's; else
     * {@code accepts} if overridden (a refusal is {@link MemTxResult#DECODE_ERROR} and no callback, as
     * {@link #accessValid}), then the one callback with the guard engaged around it, the with-attrs read's
     * result in the guard's home holder. Same value, result and calls as {@link #readSlowPath}: QEMU calls
     * {@code accepts} before the guard's test, and a re-entry or a foreign thread is left to the slow path
     * before {@code accepts} is called, so it is called once either way.
     *
     * @param p a profile whose straight path takes the access
     * @param bigEndian the byte order the caller wants the value in
     * @return the value, zero-extended from {@code size} bytes; 0 when {@code accepts} refused
     */
    private static long readCallbacks(MmioProfile p, long addr, int size, boolean bigEndian, MemTxAttrs attrs,
            AccessResult out) {
        final ReentrancyGuard g = p.guard;
        if (g != null && !g.idleHome(Thread.currentThread())) {
            return readSlowPath(p, addr, size, bigEndian, attrs, out);
        }
        if (p.acceptsOverridden && !p.ops.accepts(addr, size, false, attrs)) {
            logInvalid(p, addr, size, false, "rejected");
            if (out != null) {
                out.set(MemTxResult.DECODE_ERROR);
            }
            return 0;
        }
        final long v;
        int r = MemTxResult.OK;
        if (p.plainRead) {
            v = g == null ? p.ops.read(addr, size) : readEngaged(p.ops, g, addr, size);
        } else {
            // a with-attrs read is straight only in a guarded region, on the guard's home thread: a
            // re-entry into this region is refused, so the home holder is free
            final AccessResult holder = g.homeResult;
            holder.clear();
            g.homeEngaged = true;
            try {
                v = p.ops.readWithAttrs(addr, size, attrs, holder);
            } finally {
                g.homeEngaged = false;
            }
            r = holder.get();
        }
        if (out != null) {
            out.set(r);
        }
        return bigEndian == p.bigEndian ? v & sizeMask(size) : swap(v, size);
    }

    /**
     * The straight write of a device whose call is more than the plain write
     * ({@link MmioProfile#straightWriteCallbacks}), as {@link #readCallbacks}: the full dispatch when the
     * guard does not let it through, else {@code accepts}, then the plain or with-attrs write, with the
     * guard engaged around it if the region has one.
     *
     * @param p a profile whose straight path takes the access
     * @param v the value in the device's byte order, masked to {@code size} bytes
     * @return the result
     */
    private static int writeCallbacks(MmioProfile p, long addr, long v, int size, MemTxAttrs attrs) {
        final ReentrancyGuard g = p.guard;
        if (g != null && !g.idleHome(Thread.currentThread())) {
            return writeSlowPath(p, addr, v, size, attrs);
        }
        if (p.acceptsOverridden && !p.ops.accepts(addr, size, true, attrs)) {
            logInvalid(p, addr, size, true, "rejected");
            return MemTxResult.DECODE_ERROR;
        }
        if (p.plainWrite) {
            if (g == null) {
                p.ops.write(addr, v, size);
            } else {
                writeEngaged(p.ops, g, addr, v, size);
            }
            return MemTxResult.OK;
        }
        if (g == null) {
            return p.ops.writeWithAttrs(addr, v, size, attrs);
        }
        g.homeEngaged = true;
        try {
            return p.ops.writeWithAttrs(addr, v, size, attrs);
        } finally {
            g.homeEngaged = false;
        }
    }

    /**
     * QEMU's full {@code memory_region_dispatch_read}: {@link #accessValid}, the guard (its home holder,
     * or this thread's {@link MmioContext}), {@code access_with_adjusted_size}'s calls, the byte order.
     * Package-private as the reference the straight paths are tested against.
     */
    static long readSlowPath(MmioProfile p, long addr, int size, boolean bigEndian, MemTxAttrs attrs,
            AccessResult out) {
        if (!accessValid(p, addr, size, false, attrs)) {
            if (out != null) {
                out.set(MemTxResult.DECODE_ERROR);
            }
            return 0;
        }
        final ReentrancyGuard g = p.guard;
        // the guard: engaged in the guard itself on its home thread, else in this thread's context
        boolean home = false;
        MmioContext engagedIn = null;
        final Thread me = Thread.currentThread();
        if (g != null) {
            if (g.isHome(me)) {
                if (g.homeEngaged) {
                    return refuseReentrantRead(p, addr, out);
                }
                g.homeEngaged = true;
                home = true;
            } else {
                engagedIn = MmioContext.current();
                if (engagedIn.isEngaged(g)) {
                    return refuseReentrantRead(p, addr, out);
                }
                engagedIn.engage(g);
            }
        }
        long v = 0;
        int r = MemTxResult.OK;
        try {
            // impl.unaligned is ignored, as in QEMU: a wider impl.min access keeps the unaligned address
            final int accessSize = Math.max(Math.min(size, p.implMax), p.implMin);
            final long mask = sizeMask(accessSize);
            for (int i = 0; i < size; i += accessSize) {
                final int shift = p.bigEndian ? (size - accessSize - i) * 8 : i * 8;
                long tmp;
                if (p.plainRead) {
                    tmp = p.ops.read(addr + i, accessSize);
                } else if (home) {
                    // the home thread's holder: a re-entry into this region is refused above, so it is free
                    final AccessResult holder = g.homeResult;
                    holder.clear();
                    tmp = p.ops.readWithAttrs(addr + i, accessSize, attrs, holder);
                    r |= holder.get();
                } else {
                    final MmioContext ctx = engagedIn != null ? engagedIn : MmioContext.current();
                    final AccessResult holder = ctx.enterCall();
                    try {
                        tmp = p.ops.readWithAttrs(addr + i, accessSize, attrs, holder);
                        r |= holder.get();
                    } finally {
                        ctx.exitCall();
                    }
                }
                tmp &= mask;
                v |= shift >= 0 ? tmp << shift : tmp >>> -shift;
            }
        } finally {
            if (home) {
                g.homeEngaged = false;
            } else if (engagedIn != null) {
                engagedIn.disengage();
            }
        }
        if (out != null) {
            out.set(r);
        }
        return bigEndian == p.bigEndian ? v & sizeMask(size) : swap(v, size);
    }

    private static long refuseReentrantRead(MmioProfile p, long addr, AccessResult out) {
        warnReentrancy(p, addr);
        if (out != null) {
            out.set(MemTxResult.ACCESS_ERROR);
        }
        return 0;
    }

    /**
     * Writes the low {@code size} bytes of {@code value} to a device. Fast path first, as
     * {@link #read}.
     *
     * @param p the device's resolved ops
     * @param addr the offset in the region
     * @param value the value, in the byte order {@code bigEndian}
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of {@code value}
     * @param attrs the attrs
     * @return the result
     */
    static int write(MmioProfile p, long addr, long value, int size, boolean bigEndian, MemTxAttrs attrs) {
        final long v = bigEndian == p.bigEndian ? value & sizeMask(size) : swap(value, size);
        if (p.straightWrite(addr, size)) {
            if (p.straightWriteCallbacks) {
                return writeCallbacks(p, addr, v, size, attrs);
            }
            final ReentrancyGuard g = p.guard;
            if (g == null) {
                p.ops.write(addr, v, size);
                return MemTxResult.OK;
            }
            if (g.idleHome(Thread.currentThread())) {
                writeEngaged(p.ops, g, addr, v, size);
                return MemTxResult.OK;
            }
        }
        return writeSlowPath(p, addr, v, size, attrs);
    }

    /** One plain write on the guard's home thread, with the guard engaged around it. */
    private static void writeEngaged(MmioOps ops, ReentrancyGuard g, long addr, long v, int size) {
        g.homeEngaged = true;
        try {
            ops.write(addr, v, size);
        } finally {
            g.homeEngaged = false;
        }
    }

    /**
     * QEMU's full {@code memory_region_dispatch_write} for a value already in the device's byte order, as
     * {@link #readSlowPath}. Package-private as the reference the straight paths are tested against.
     */
    static int writeSlowPath(MmioProfile p, long addr, long v, int size, MemTxAttrs attrs) {
        if (!accessValid(p, addr, size, true, attrs)) {
            return MemTxResult.DECODE_ERROR;
        }
        final ReentrancyGuard g = p.guard;
        boolean home = false;
        MmioContext engagedIn = null;
        final Thread me = Thread.currentThread();
        if (g != null) {
            if (g.isHome(me)) {
                if (g.homeEngaged) {
                    warnReentrancy(p, addr);
                    return MemTxResult.ACCESS_ERROR;
                }
                g.homeEngaged = true;
                home = true;
            } else {
                engagedIn = MmioContext.current();
                if (engagedIn.isEngaged(g)) {
                    warnReentrancy(p, addr);
                    return MemTxResult.ACCESS_ERROR;
                }
                engagedIn.engage(g);
            }
        }
        int r = MemTxResult.OK;
        try {
            final int accessSize = Math.max(Math.min(size, p.implMax), p.implMin);
            final long mask = sizeMask(accessSize);
            for (int i = 0; i < size; i += accessSize) {
                final int shift = p.bigEndian ? (size - accessSize - i) * 8 : i * 8;
                final long tmp = (shift >= 0 ? v >>> shift : v << -shift) & mask;
                if (p.plainWrite) {
                    p.ops.write(addr + i, tmp, accessSize);
                } else {
                    r |= p.ops.writeWithAttrs(addr + i, tmp, accessSize, attrs);
                }
            }
        } finally {
            if (home) {
                g.homeEngaged = false;
            } else if (engagedIn != null) {
                engagedIn.disengage();
            }
        }
        return r;
    }

    /**
     * QEMU's {@code memory_region_access_valid}, in its order: {@code accepts}, then alignment unless
     * {@code valid.unaligned}, then {@code valid.max == 0} passes everything, then the size range.
     */
    static boolean accessValid(MmioProfile p, long addr, int size, boolean isWrite, MemTxAttrs attrs) {
        if (!p.ops.accepts(addr, size, isWrite, attrs)) {
            logInvalid(p, addr, size, isWrite, "rejected");
            return false;
        }
        if (!p.validUnaligned && (addr & (size - 1)) != 0) {
            logInvalid(p, addr, size, isWrite, "unaligned");
            return false;
        }
        if (p.validMax == 0) {
            return true;
        }
        if (size > p.validMax || size < p.validMin) {
            logInvalid(p, addr, size, isWrite, "invalid size (min:" + p.validMin + " max:" + p.validMax + ")");
            return false;
        }
        return true;
    }

    private static void logInvalid(MmioProfile p, long addr, int size, boolean isWrite, String reason) {
        // QEMU logs these under -d guest_errors only; here at DEBUG, off by default
        if (p != MmioProfile.UNASSIGNED && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Invalid " + (isWrite ? "write" : "read") + " at addr 0x"
                    + Long.toHexString(addr).toUpperCase() + ", size " + size + ", region '" + p.name
                    + "', reason: " + reason);
        }
    }

    private static void warnReentrancy(MmioProfile p, long addr) {
        if (!p.warnedReentrancy) {
            p.warnedReentrancy = true;
            LOG.log(System.Logger.Level.WARNING, "Blocked re-entrant IO on MemoryRegion: " + p.name + " at addr: 0x"
                    + Long.toHexString(addr).toUpperCase());
        }
    }

    /** @return the mask of the low {@code size} bytes */
    static long sizeMask(int size) {
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** Reverses the low {@code size} bytes of {@code v}; the upper bytes are dropped. */
    static long swap(long v, int size) {
        switch (size) {
            case 1:
                return v & 0xff;
            case 2:
                return Short.reverseBytes((short) v) & 0xffffL;
            case 4:
                return Integer.reverseBytes((int) v) & 0xffff_ffffL;
            default:
                return Long.reverseBytes(v);
        }
    }
}
