package dev.addrspace.memory;

import java.util.Arrays;

/**
 * The access path of a view, as QEMU's {@code flatview_read/write}, {@code address_space_ld*} and {@code _st*},
 * {@code address_space_write_rom} and {@code flatview_translate}: static methods over a view's
 * {@link ViewDispatch}, called by the thin methods of {@link AddressSpace}.
 *
 * <p>Bulk accesses cross range boundaries: RAM pieces are copied in one go up to the end of their range,
 * MMIO pieces are cut by {@link MmioProfile#accessSize} (QEMU's {@code memory_access_size}) and carried
 * in little-endian order in the buffer (the bus byte order of QEMU on a little-endian host), holes read
 * zero with {@link MemTxResult#DECODE_ERROR}; results are OR-ed. Fixed-size accesses resolve once and
 * make one access of the full size, never split (QEMU's ld/st semantics).
 *
 * <p>Stateless. Allocation free (MMIO and IOMMU use the per-thread {@link MmioContext}).
 */
final class FlatViewAccess {

    private FlatViewAccess() {
    }

    // ----------------------------------------------------------------------------------------- bulk read

    static int read(ViewDispatch d, long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        checkBulk(addr, attrs, buf, off, len);
        int result = MemTxResult.OK;
        long a = addr;
        int done = 0;
        while (done < len) {
            final int left = len - done;
            final AccessRange r = d.find(a);
            // each branch gives one piece: the byte count in the low 32 bits, the result in the high 32
            final long piece;
            if (r == null) {
                piece = readHole(d, a, left, attrs, buf, off + done);
            } else if (r.iommu != null) {
                piece = readIommuSlowPath(d, r, a, left, attrs, buf, off + done);
            } else if (r.directRead && !attrs.memory()) {
                final int direct = (int) clampToRange(left, a, r.last);
                r.ram.read(r.xlat(a), buf, off + done, direct);
                piece = direct;
            } else {
                piece = readPiece(r, a, r.xlat(a), left, attrs, buf, off + done);
            }
            final int n = (int) piece;
            result |= (int) (piece >>> 32);
            done += n;
            a += n;
        }
        return result;
    }

    /**
     * One non-direct piece of a bulk read from range {@code r} at address {@code a} (region offset
     * {@code x}). @return the byte count in the low 32 bits and the result in the high 32 bits
     */
    private static long readPiece(AccessRange r, long a, long x, long plen, MemTxAttrs attrs, byte[] buf, int at) {
        if (attrs.memory() && !r.ramRegion) {
            // flatview_access_allowed: only RAM may answer; QEMU skips the rest of the piece (for MMIO,
            // the whole remaining length, which is not clamped to the range)
            return piece(plen, MemTxResult.ACCESS_ERROR);
        }
        if (r.directRead) {
            final int n = (int) clampToRange(plen, a, r.last);
            r.ram.read(x, buf, at, n);
            return n;
        }
        final MmioProfile p = r.mmio;
        if (p == MmioProfile.UNASSIGNED) {
            final int n = (int) clampToRange(plen, a, r.last);
            Arrays.fill(buf, at, at + n, (byte) 0);
            return piece(n, MemTxResult.DECODE_ERROR);
        }
        final int l = p.accessSize(plen, x);
        final AccessResult scratch = MmioContext.current().scratch;
        final long v = MmioDispatch.read(p, x, l, false, attrs, scratch);
        for (int i = 0; i < l; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
        return piece(l, scratch.get());
    }

    private static long readIommuSlowPath(ViewDispatch d, AccessRange r, long a, int left, MemTxAttrs attrs, byte[] buf,
            int at) {
        final MmioContext ctx = MmioContext.current();
        resolveIommu(ctx, d, r, a, left, false, attrs);
        final AccessRange t = ctx.resolvedRange;
        final long ta = ctx.resolvedAddr;
        final long plen = ctx.resolvedPlen;
        if (t == null) {
            return readHole(ctx.resolvedDispatch, ta, plen, attrs, buf, at);
        }
        return readPiece(t, ta, t.xlat(ta), plen, attrs, buf, at);
    }

    /**
     * A hole: zeros with DECODE_ERROR up to the next range (QEMU reads it in pieces of at most 4 bytes
     * through {@code unassigned_mem_ops}, to the same effect). With {@code attrs.memory} the hole is not
     * RAM, so the rest of the access is refused with ACCESS_ERROR and left unchanged, as in QEMU.
     */
    private static long readHole(ViewDispatch d, long a, long plen, MemTxAttrs attrs, byte[] buf, int at) {
        if (attrs.memory()) {
            return piece(plen, MemTxResult.ACCESS_ERROR);
        }
        final int n = (int) holeLength(d, a, plen);
        Arrays.fill(buf, at, at + n, (byte) 0);
        return piece(n, MemTxResult.DECODE_ERROR);
    }

    private static long writeHole(ViewDispatch d, long a, long plen, MemTxAttrs attrs) {
        if (attrs.memory()) {
            return piece(plen, MemTxResult.ACCESS_ERROR);
        }
        return piece(holeLength(d, a, plen), MemTxResult.DECODE_ERROR);
    }

    // ---------------------------------------------------------------------------------------- bulk write

    static int write(ViewDispatch d, long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        checkBulk(addr, attrs, buf, off, len);
        int result = MemTxResult.OK;
        long a = addr;
        int done = 0;
        while (done < len) {
            final int left = len - done;
            final AccessRange r = d.find(a);
            // each branch gives one piece: the byte count in the low 32 bits, the result in the high 32
            final long piece;
            if (r == null) {
                piece = writeHole(d, a, left, attrs);
            } else if (r.iommu != null) {
                piece = writeIommuSlowPath(d, r, a, left, attrs, buf, off + done);
            } else if (r.directWrite && !attrs.memory()) {
                final int direct = (int) clampToRange(left, a, r.last);
                r.ram.write(r.xlat(a), buf, off + done, direct);
                piece = direct;
            } else {
                piece = writePiece(r, a, r.xlat(a), left, attrs, buf, off + done);
            }
            final int n = (int) piece;
            result |= (int) (piece >>> 32);
            done += n;
            a += n;
        }
        return result;
    }

    private static long writePiece(AccessRange r, long a, long x, long plen, MemTxAttrs attrs, byte[] buf, int at) {
        if (attrs.memory() && !r.ramRegion) {
            return piece(plen, MemTxResult.ACCESS_ERROR);
        }
        if (r.directWrite || (attrs.debug() && r.debugDirectWrite)) {
            final int n = (int) clampToRange(plen, a, r.last);
            r.ram.write(x, buf, at, n);
            return n;
        }
        final MmioProfile p = r.mmio;
        if (p == MmioProfile.UNASSIGNED) {
            // ROM, readonly RAM, a reservation: every piece is refused; nothing changes
            return piece(clampToRange(plen, a, r.last), MemTxResult.DECODE_ERROR);
        }
        final int l = p.accessSize(plen, x);
        long v = 0;
        for (int i = 0; i < l; i++) {
            v |= (buf[at + i] & 0xffL) << (8 * i);
        }
        return piece(l, MmioDispatch.write(p, x, v, l, false, attrs));
    }

    private static long writeIommuSlowPath(ViewDispatch d, AccessRange r, long a, int left, MemTxAttrs attrs,
            byte[] buf, int at) {
        final MmioContext ctx = MmioContext.current();
        resolveIommu(ctx, d, r, a, left, true, attrs);
        final AccessRange t = ctx.resolvedRange;
        final long ta = ctx.resolvedAddr;
        final long plen = ctx.resolvedPlen;
        if (t == null) {
            return writeHole(ctx.resolvedDispatch, ta, plen, attrs);
        }
        return writePiece(t, ta, t.xlat(ta), plen, attrs, buf, at);
    }

    // ----------------------------------------------------------------------------------------- write ROM

    /** QEMU's {@code address_space_write_rom}: writes RAM, ROM and romd ROM devices, skips the rest. */
    static int writeRom(ViewDispatch d, long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        checkBulk(addr, attrs, buf, off, len);
        long a = addr;
        int done = 0;
        while (done < len) {
            final int left = len - done;
            AccessRange r = d.find(a);
            ViewDispatch fd = d;
            long ta = a;
            long plen = left;
            if (r != null && r.iommu != null) {
                final MmioContext ctx = MmioContext.current();
                resolveIommu(ctx, d, r, a, left, true, attrs);
                r = ctx.resolvedRange;
                fd = ctx.resolvedDispatch;
                ta = ctx.resolvedAddr;
                plen = ctx.resolvedPlen;
            }
            final int n;
            if (r == null) {
                n = (int) holeLength(fd, ta, plen);
            } else if (r.directRead) {
                n = (int) clampToRange(plen, ta, r.last);
                r.ram.write(r.xlat(ta), buf, off + done, n);
            } else if (r.mmio == MmioProfile.UNASSIGNED) {
                n = (int) clampToRange(plen, ta, r.last);
            } else {
                n = r.mmio.accessSize(plen, r.xlat(ta));
            }
            done += n;
            a += n;
        }
        return MemTxResult.OK;
    }

    // ------------------------------------------------------------------------------------------------ fill

    /** QEMU's {@code FILLBUF_SIZE}: {@code address_space_set} writes in chunks of this many bytes. */
    static final int FILL_CHUNK = 512;

    /**
     * QEMU's {@code address_space_set}: writes {@code len} copies of a byte as consecutive writes of at
     * most {@value #FILL_CHUNK} bytes, OR-ing their results. Uses the thread's fill buffer; a fill started
     * by a device callback during another fill allocates its own buffer.
     */
    static int fill(ViewDispatch d, long addr, int value, long len, MemTxAttrs attrs) {
        if (len < 0) {
            throw new IllegalArgumentException("fill of addr=0x" + Long.toHexString(addr) + " len=" + len
                    + " is negative");
        }
        if (attrs == null) {
            throw new NullPointerException("attrs");
        }
        if (len == 0) {
            return MemTxResult.OK;
        }
        final MmioContext ctx = MmioContext.current();
        final boolean nested = ctx.filling;
        final byte[] buf = nested ? new byte[FILL_CHUNK] : ctx.fillBuffer;
        ctx.filling = true;
        try {
            int result = MemTxResult.OK;
            long a = addr;
            long left = len;
            while (left > 0) {
                final int n = (int) Math.min(left, FILL_CHUNK);
                Arrays.fill(buf, 0, n, (byte) value);
                result |= write(d, a, attrs, buf, 0, n);
                a += n;
                left -= n;
            }
            return result;
        } finally {
            ctx.filling = nested;
        }
    }

    // -------------------------------------------------------------------------------- fixed-size accesses

    /**
     * QEMU's {@code address_space_ld*}: one resolution, then one direct load or one MMIO dispatch of the
     * full size. The view's main RAM ({@link FlatView#mainLoadDense} and the fields beside it) is tried
     * first, then the view's hint ({@link FlatView#mru}), each whole: RAM that holds the access (one
     * compare for coverage and fit, then the array or page), or, for the hint, a device whose straight
     * path takes it; anything else finds the range through the view and goes on in {@link #loadFound}.
     */
    static long load(FlatView view, long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult out) {
        // the view's main RAM first: its fields are the view's own, no range object is loaded in front
        final long m = addr - view.mainBiasedStart;
        if (m <= view.mainBiasedSpan - (size - 1)) {
            final byte[] dense = view.mainLoadDense;
            if (dense != null) {
                if (out != null) {
                    out.set(MemTxResult.OK);
                }
                return RamBlock.loadFromPage(dense, (int) (m + view.mainBiasedOffsetInRegion), size, bigEndian);
            }
            final byte[][] pages = view.mainLoadPages;
            final long offset = m + view.mainBiasedOffsetInRegion;
            if (pages != null && ((int) offset & (RamBlock.PAGE_SIZE - 1)) <= RamBlock.PAGE_SIZE - size) {
                return loadPage(pages, offset, size, bigEndian, out);
            }
        }
        return loadHinted(view, addr, size, bigEndian, attrs, out);
    }

    /**
     * {@link #load} past the main RAM: the view's hint ({@link FlatView#mru}), then the lookup. A method of
     * its own so that each stays small enough for the JIT to inline into the caller's loop.
     */
    private static long loadHinted(FlatView view, long addr, int size, boolean bigEndian, MemTxAttrs attrs,
            AccessResult out) {
        final AccessRange h = view.mru;
        if (h != null) {
            // addr - start, biased by Long.MIN_VALUE: the unsigned coverage tests are signed compares
            final long b = addr - h.biasedStart;
            // the hot case first: the view's last range is preallocated RAM and holds the whole access
            final byte[] dense = h.loadDense;
            if (dense != null && b <= h.biasedSpan - (size - 1)) {
                if (out != null) {
                    out.set(MemTxResult.OK);
                }
                return RamBlock.loadFromPage(dense, (int) (b + h.biasedOffsetInRegion), size, bigEndian);
            }
            // or sparse flat RAM that holds the whole access
            final byte[][] pages = h.loadPages;
            if (pages != null && b <= h.biasedSpan - (size - 1)) {
                final long offset = b + h.biasedOffsetInRegion;
                if (((int) offset & (RamBlock.PAGE_SIZE - 1)) <= RamBlock.PAGE_SIZE - size) {
                    return loadPage(pages, offset, size, bigEndian, out);
                }
            } else if (b <= h.biasedSpan) {
                // or a device whose straight path takes the access (the word folds in mmioLoad, QEMU's
                // validity test, attrs.memory and the byte order: one load, one AND, one branch)
                final long x = b + h.biasedOffsetInRegion;
                final long w = h.straightLoad(bigEndian);
                if ((AccessRange.straightKey(x, size, attrs) & w) == 0) {
                    return MmioDispatch.readStraight(h, w, x, size, attrs, out);
                }
                if (h.mmioLoad && !attrs.memory()) {
                    // a device access the word leaves to the profile (accepts, with-attrs callbacks, an
                    // access to split or refuse): loadFound's dispatch for this range, without the lookup
                    return MmioDispatch.read(h.mmio, x, size, bigEndian, attrs, out);
                }
            }
        }
        return loadFound(view, view.find(addr), addr, size, bigEndian, attrs, out);
    }

    /**
     * A load from a sparse block's flat page table at a region offset whose access does not cross a page:
     * the page's bytes, or 0 for a page never written (as the block reads it).
     */
    private static long loadPage(byte[][] pages, long offset, int size, boolean bigEndian, AccessResult out) {
        final byte[] page = pages[(int) (offset >>> RamBlock.PAGE_BITS)];
        if (out != null) {
            out.set(MemTxResult.OK);
        }
        return page == null ? 0 : RamBlock.loadFromPage(page, (int) offset & (RamBlock.PAGE_SIZE - 1), size, bigEndian);
    }

    /** {@link #load} once the range is found (any range, or null for a hole). */
    private static long loadFound(FlatView view, AccessRange r, long addr, int size, boolean bigEndian,
            MemTxAttrs attrs, AccessResult out) {
        if (r != null) {
            if (r.ramLoad && Long.compareUnsigned(r.last - addr, size - 1) >= 0) {
                // the range lies in its block (checked at render time) and the access in the range
                final long v = r.loadRam(addr + r.delta, size, bigEndian);
                if (out != null) {
                    out.set(MemTxResult.OK);
                }
                return v;
            }
            if (r.mmioLoad && !attrs.memory()) {
                // as loadSlowPath for a device range: one dispatch of the full size, never split
                return MmioDispatch.read(r, addr + r.delta, size, bigEndian, attrs, out);
            }
        }
        return loadSlowPath(view.dispatch(), r, addr, size, bigEndian, attrs, out);
    }

    private static long loadSlowPath(ViewDispatch d, AccessRange r, long addr, int size, boolean bigEndian,
            MemTxAttrs attrs, AccessResult out) {
        AccessRange t = r;
        long ta = addr;
        long plen = size;
        if (t != null && t.iommu != null) {
            final MmioContext ctx = MmioContext.current();
            resolveIommu(ctx, d, t, addr, size, false, attrs);
            t = ctx.resolvedRange;
            ta = ctx.resolvedAddr;
            plen = ctx.resolvedPlen;
        }
        if (t == null) {
            return fail(out, attrs.memory() ? MemTxResult.ACCESS_ERROR : MemTxResult.DECODE_ERROR);
        }
        if (attrs.memory() && !t.ramRegion) {
            return fail(out, MemTxResult.ACCESS_ERROR);
        }
        final long x = t.xlat(ta);
        if (t.directRead && plen >= size && Long.compareUnsigned(t.last - ta, size - 1) >= 0) {
            if (out != null) {
                out.set(MemTxResult.OK);
            }
            return t.ram.load(x, size, bigEndian);
        }
        return MmioDispatch.read(t.mmio, x, size, bigEndian, attrs, out);
    }

    /**
     * QEMU's {@code address_space_st*}: one resolution, then one direct store or one MMIO dispatch. The
     * view's main RAM and then its hint are tried first, as in {@link #load} (a store to a page never
     * written takes the general path, which allocates the page).
     */
    static int store(FlatView view, long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        // the view's main RAM first, as in load
        final long m = addr - view.mainBiasedStart;
        if (m <= view.mainBiasedSpan - (size - 1)) {
            final byte[] dense = view.mainStoreDense;
            if (dense != null) {
                RamBlock.storeToPage(dense, (int) (m + view.mainBiasedOffsetInRegion), size, value, bigEndian);
                return MemTxResult.OK;
            }
            final byte[][] pages = view.mainStorePages;
            if (pages != null && storePage(pages, m + view.mainBiasedOffsetInRegion, size, value, bigEndian)) {
                return MemTxResult.OK;
            }
        }
        return storeHinted(view, addr, size, value, bigEndian, attrs);
    }

    /** {@link #store} past the main RAM, as {@link #loadHinted}. */
    private static int storeHinted(FlatView view, long addr, int size, long value, boolean bigEndian,
            MemTxAttrs attrs) {
        final AccessRange h = view.mru;
        if (h != null) {
            // addr - start, biased by Long.MIN_VALUE, as in load
            final long b = addr - h.biasedStart;
            // the hot case first: the view's last range is preallocated writable RAM holding the access
            final byte[] dense = h.storeDense;
            if (dense != null && b <= h.biasedSpan - (size - 1)) {
                RamBlock.storeToPage(dense, (int) (b + h.biasedOffsetInRegion), size, value, bigEndian);
                return MemTxResult.OK;
            }
            // or sparse flat writable RAM that holds the whole access
            final byte[][] pages = h.storePages;
            if (pages != null && b <= h.biasedSpan - (size - 1)) {
                if (storePage(pages, b + h.biasedOffsetInRegion, size, value, bigEndian)) {
                    return MemTxResult.OK;
                }
            } else if (b <= h.biasedSpan) {
                // or a device whose straight path takes the access (as in load)
                final long x = b + h.biasedOffsetInRegion;
                final long w = h.straightStore(bigEndian);
                if ((AccessRange.straightKey(x, size, attrs) & w) == 0) {
                    return MmioDispatch.writeStraight(h, w, x, value & MmioDispatch.sizeMask(size), size, attrs);
                }
                if (h.mmioStore && !attrs.memory()) {
                    // as in load: storeFound's dispatch for this range, without the lookup
                    return MmioDispatch.write(h.mmio, x, value & MmioDispatch.sizeMask(size), size,
                            bigEndian, attrs);
                }
            }
        }
        return storeFound(view, view.find(addr), addr, size, value, bigEndian, attrs);
    }

    /**
     * A store into a sparse block's flat page table at a region offset, when the access does not cross a
     * page and the page exists.
     *
     * @return true when stored; false (nothing written) for a page-crossing access or a page never written,
     *         which the general path handles (it allocates the page)
     */
    private static boolean storePage(byte[][] pages, long offset, int size, long value, boolean bigEndian) {
        final int in = (int) offset & (RamBlock.PAGE_SIZE - 1);
        final byte[] page;
        if (in <= RamBlock.PAGE_SIZE - size && (page = pages[(int) (offset >>> RamBlock.PAGE_BITS)]) != null) {
            RamBlock.storeToPage(page, in, size, value, bigEndian);
            return true;
        }
        return false;
    }

    /** {@link #store} once the range is found (any range, or null for a hole). */
    private static int storeFound(FlatView view, AccessRange r, long addr, int size, long value, boolean bigEndian,
            MemTxAttrs attrs) {
        if (r != null) {
            if (r.ramStore && Long.compareUnsigned(r.last - addr, size - 1) >= 0) {
                r.storeRam(addr + r.delta, size, value, bigEndian);
                return MemTxResult.OK;
            }
            if (r.mmioStore && !attrs.memory()) {
                // as storeSlowPath for a device range: one dispatch of the full size, never split
                return MmioDispatch.write(r, addr + r.delta, value & MmioDispatch.sizeMask(size), size, bigEndian,
                        attrs);
            }
        }
        return storeSlowPath(view.dispatch(), r, addr, size, value, bigEndian, attrs);
    }

    private static int storeSlowPath(ViewDispatch d, AccessRange r, long addr, int size, long value,
            boolean bigEndian, MemTxAttrs attrs) {
        AccessRange t = r;
        long ta = addr;
        long plen = size;
        if (t != null && t.iommu != null) {
            final MmioContext ctx = MmioContext.current();
            resolveIommu(ctx, d, t, addr, size, true, attrs);
            t = ctx.resolvedRange;
            ta = ctx.resolvedAddr;
            plen = ctx.resolvedPlen;
        }
        if (t == null) {
            return attrs.memory() ? MemTxResult.ACCESS_ERROR : MemTxResult.DECODE_ERROR;
        }
        if (attrs.memory() && !t.ramRegion) {
            return MemTxResult.ACCESS_ERROR;
        }
        final long x = t.xlat(ta);
        if ((t.directWrite || (attrs.debug() && t.debugDirectWrite)) && plen >= size
                && Long.compareUnsigned(t.last - ta, size - 1) >= 0) {
            t.ram.store(x, size, value, bigEndian);
            return MemTxResult.OK;
        }
        return MmioDispatch.write(t.mmio, x, value & MmioDispatch.sizeMask(size), size, bigEndian, attrs);
    }

    // --------------------------------------------------------------------------------------- translation

    /**
     * QEMU's {@code flatview_translate}: fills {@code out} with the range, region offset and length the
     * access at {@code addr} resolves to, following IOMMUs. {@code plen} is clamped to the range for RAM
     * only.
     */
    static void translate(FlatView view, AddressSpace as, long addr, long len, boolean isWrite, MemTxAttrs attrs,
            Translation out) {
        final ViewDispatch d = view.dispatch();
        AccessRange r = d.find(addr);
        AddressSpace fas = as;
        FlatView fv = view;
        long ta = addr;
        long plen = len;
        if (r != null && r.iommu != null) {
            final MmioContext ctx = MmioContext.current();
            resolveIommu(ctx, d, r, addr, len, isWrite, attrs);
            r = ctx.resolvedRange;
            ta = ctx.resolvedAddr;
            plen = ctx.resolvedPlen;
            if (ctx.resolvedAs != null) {
                fas = ctx.resolvedAs;
                fv = ctx.resolvedView;
            }
        }
        if (r == null) {
            out.set(fas, null, null, ta, ta, plen);
            return;
        }
        if (r.ramRegion) {
            plen = clampToRange(plen, ta, r.last);
        }
        out.set(fas, fv, (FlatRange) r.source, ta, r.xlat(ta), plen);
    }

    /**
     * QEMU's {@code address_space_translate_iommu}: while the range is an IOMMU, ask it, check the
     * permission, combine the translated page with the page offset, clip the length to the page and look
     * up again in the target address space. The outcome goes to {@code ctx}'s resolved fields.
     */
    static void resolveIommu(MmioContext ctx, ViewDispatch d, AccessRange first, long addr, long len,
            boolean isWrite, MemTxAttrs attrs) {
        AccessRange r = first;
        ViewDispatch fd = d;
        AddressSpace fas = null;
        FlatView fv = null;
        long a = addr;
        long plen = len;
        final int access = isWrite ? IommuTlbEntry.PERM_WRITE : IommuTlbEntry.PERM_READ;
        int hops = 0;
        while (r != null && r.iommu != null) {
            if (++hops > MAX_IOMMU_HOPS) {
                throw new IllegalStateException("IOMMU translation of addr=0x" + Long.toHexString(addr)
                        + " did not end after " + MAX_IOMMU_HOPS + " hops (last region '" + r.name + "')");
            }
            final IommuOps iommu = r.iommu;
            final IommuTlbEntry e = ctx.iotlb;
            e.clear();
            iommu.translate(e, r.xlat(a), access, iommu.attrsToIndex(attrs));
            if ((e.perm() & access) == 0 || e.targetAs() == null) {
                if (!attrs.memory()) {
                    // unassigned to the end of the IOMMU page at most: QEMU translates each unassigned piece
                    // anew, so the next page answers for itself (an attrs.memory refusal takes the rest, as QEMU)
                    final long x = r.xlat(a);
                    final long pageLeft = (x | e.addrMask()) - x + 1;
                    if (pageLeft != 0 && Long.compareUnsigned(pageLeft, plen) < 0) {
                        plen = pageLeft;
                    }
                }
                r = null;
                break;
            }
            final long mask = e.addrMask();
            final long x = r.xlat(a);
            a = (e.translatedAddr() & ~mask) | (x & mask);
            final long pageLeft = (a | mask) - a + 1;
            if (pageLeft != 0 && Long.compareUnsigned(pageLeft, plen) < 0) {
                plen = pageLeft;
            }
            fas = e.targetAs();
            fv = fas.flatView();
            fd = fv.dispatch();
            r = fd.find(a);
        }
        ctx.resolvedRange = r;
        ctx.resolvedDispatch = fd;
        ctx.resolvedAs = fas;
        ctx.resolvedView = fv;
        ctx.resolvedAddr = a;
        ctx.resolvedPlen = plen;
    }

    /** Nested IOMMUs deeper than this are a configuration loop. */
    static final int MAX_IOMMU_HOPS = 16;

    // ----------------------------------------------------------------------------------------- internals

    /** @return how many of {@code plen} bytes at {@code a} stay in a range ending at {@code last}; plen &gt; 0 */
    static long clampToRange(long plen, long a, long last) {
        final long room = last - a;
        return Long.compareUnsigned(plen - 1, room) <= 0 ? plen : room + 1;
    }

    /** @return how many of {@code plen} bytes at hole address {@code a} lie before the next range */
    private static long holeLength(ViewDispatch d, long a, long plen) {
        final long next = d.nextStart(a);
        final long gap = next - a;
        return gap != 0 && Long.compareUnsigned(gap, plen) < 0 ? gap : plen;
    }

    private static long piece(long n, int result) {
        return (n & 0xffff_ffffL) | ((long) result << 32);
    }

    private static long fail(AccessResult out, int result) {
        if (out != null) {
            out.set(result);
        }
        return 0;
    }

    static void checkBulk(long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        if (attrs == null) {
            throw new NullPointerException("attrs");
        }
        if (buf == null) {
            throw new NullPointerException("buffer");
        }
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("bulk access out of buffer bounds: addr=0x" + Long.toHexString(addr)
                    + " off=" + off + " len=" + len + " buffer length=" + buf.length);
        }
    }

    static void checkSize(long addr, int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("access size=" + size + " at addr=0x" + Long.toHexString(addr)
                    + " is not 1, 2, 4 or 8");
        }
    }
}
