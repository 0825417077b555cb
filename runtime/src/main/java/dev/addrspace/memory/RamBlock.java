package dev.addrspace.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The backing bytes of a RAM, ROM or ROM-device region, as QEMU's {@code RAMBlock}, stored sparsely by
 * default: a page costs memory only once something non-zero may have been written to it, and bytes never
 * written read as zero. A 64 GiB block with a few pages written costs a few pages plus a small directory.
 *
 * <p><b>Preallocated blocks</b> ({@link #createPreallocated}, {@link MemoryRegion#ramPreallocated}), as
 * QEMU's {@code prealloc=on} memory backends: the whole block is one {@code byte[]}, allocated (and zeroed)
 * when the block is created, at most {@link #PREALLOC_MAX} bytes. Every page counts as allocated from the
 * start. A contiguous block lets a CPU's page cache serve a whole RAM range from one array (a bounds
 * compare and the load, no per-page reference), which brings the CPU fast path near a raw array access
 * when the JIT keeps that array's bounds in registers, and not otherwise ({@code docs/cpu-fast-path.md},
 * "The window", has the measurements); the price is the block's full size in heap from the start.
 *
 * <p>Sparse storage has two layouts, chosen by size when the block is created. A block of at most
 * {@link #FLAT_MAX} bytes (1 GiB) keeps one flat page table: an array of one reference per
 * {@value #PAGE_SIZE}-byte page (4 bytes per page with compressed references, 0.1% of the block, at most
 * 1 MiB), allocated with the block, so that the access path reaches a page in one array load. A larger
 * block is a three-level radix over byte offsets: a root array of directories (one per GiB of the
 * block, allocated with the block; blocks above 2^48 bytes add a lazily filled array of roots), each
 * directory an array of {@value #TABLE_ENTRIES} tables, each table an array of {@value #TABLE_ENTRIES}
 * pages. Directories, tables and pages are allocated on the first write that needs them and never freed
 * while the block lives.
 *
 * <p>Offsets are unsigned block offsets below {@link #size()} (which may be 2^64); every method checks
 * its range once, without overflow, and throws {@link IndexOutOfBoundsException} naming every number. Fixed-size accessors read
 * and write through {@link VarHandle}s in plain mode: concurrent guest accesses to the same bytes race as
 * they do on real hardware and in QEMU, but a page is installed exactly once (by compare-and-set), so no
 * write is ever lost to a concurrent first write of a neighbouring byte.
 *
 * <p>Safe for concurrent readers and writers. Loads (of untouched pages too) are allocation free;
 * stores are allocation free once their page exists (the first store to a page allocates it).
 */
public final class RamBlock {

    /**
     * log2 of the storage page: 4 KiB, the target page size of ARM, x86 and RISC-V in QEMU, so a guest
     * that touches one page costs one page, and the granularity matches the dispatch page of a view.
     */
    public static final int PAGE_BITS = 12;
    /** The storage page size in bytes. */
    public static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final long PAGE_MASK = PAGE_SIZE - 1;
    /**
     * log2 of the entries of a table and of a directory: 512 references (2 to 4 KiB each, like a page), so
     * a table spans 2 MiB (a host huge page) and a directory 1 GiB.
     */
    public static final int TABLE_BITS = 9;
    /** The number of entries of a table or directory. */
    public static final int TABLE_ENTRIES = 1 << TABLE_BITS;
    private static final int TABLE_MASK = TABLE_ENTRIES - 1;
    private static final int TABLE_SHIFT = PAGE_BITS;
    private static final int DIR_SHIFT = PAGE_BITS + TABLE_BITS;
    private static final int ROOT_SHIFT = PAGE_BITS + 2 * TABLE_BITS;
    /**
     * Blocks up to 2^48 bytes (256 TiB, the physical address width of 4-level x86-64 and of ARMv8 without
     * LPA) keep one root array, allocated with the block at one reference per GiB (1 MiB at most). Larger
     * blocks, up to 2^64 (size {@link MemoryRegion#SIZE_2_64}), add an array of such roots, one per 2^48
     * bytes, each allocated on first write; accesses below 2^48 never look at it.
     */
    private static final int HUGE_SHIFT = 48;
    private static final int ROOT_MASK = (1 << (HUGE_SHIFT - ROOT_SHIFT)) - 1;
    /**
     * The largest block with a flat page table: 1 GiB, 262,144 pages, a table of at most 1 MiB (2 MiB
     * without compressed references), allocated with the block. Larger blocks use the radix, whose fixed
     * cost is one reference per GiB.
     */
    public static final long FLAT_MAX = 1L << 30;
    /**
     * The largest preallocated block: 1 GiB, so that every offset is a non-negative {@code int} index
     * into its one array with room to spare.
     */
    public static final long PREALLOC_MAX = 1L << 30;

    private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle ROOT_SLOT = MethodHandles.arrayElementVarHandle(byte[][][][].class);
    private static final VarHandle DIR_SLOT = MethodHandles.arrayElementVarHandle(byte[][][].class);
    private static final VarHandle TABLE_SLOT = MethodHandles.arrayElementVarHandle(byte[][].class);
    private static final VarHandle HUGE_SLOT = MethodHandles.arrayElementVarHandle(byte[][][][][].class);
    private static final VarHandle ALLOCATED = field("allocatedPages", long.class);

    private final long size;
    /** The whole block, for a preallocated block; otherwise null (the block is sparse). */
    private final byte[] dense;
    /**
     * For blocks of at most {@link #FLAT_MAX} bytes: the pages, one slot per page, null until written;
     * otherwise null. Slots are installed by compare-and-set and read plainly (see {@link #pageOrNull}).
     */
    private final byte[][] flat;
    /** The directories of the first 2^48 bytes; null for a flat block. */
    private final byte[][][][] root;
    /** For blocks above 2^48: the roots of each further 2^48 bytes (slot 0 unused); otherwise null. */
    private final byte[][][][][] huge;
    @SuppressWarnings("unused") // updated through ALLOCATED
    private volatile long allocatedPages;

    /**
     * Creates a block of {@code size} zero bytes; allocates only the root array.
     *
     * @param size the size in bytes, unsigned; {@link MemoryRegion#SIZE_2_64} (-1) stands for 2^64
     */
    RamBlock(long size) {
        this(size, false);
    }

    /**
     * Creates a block of {@code size} zero bytes, sparse or preallocated.
     *
     * @param size the size in bytes, unsigned; {@link MemoryRegion#SIZE_2_64} (-1) stands for 2^64
     * @param prealloc whether the whole block is one array allocated now
     * @throws IllegalArgumentException if {@code prealloc} and {@code size} is 0 or above {@link #PREALLOC_MAX}
     */
    RamBlock(long size, boolean prealloc) {
        this.size = size;
        if (prealloc) {
            if (size == 0 || Long.compareUnsigned(size, PREALLOC_MAX) > 0) {
                throw new IllegalArgumentException("a preallocated RAM block holds 1 byte to 0x"
                        + Long.toHexString(PREALLOC_MAX) + " bytes, not size=0x" + Long.toHexString(size));
            }
            this.dense = new byte[(int) size];
            this.flat = null;
            this.root = null;
            this.huge = null;
            this.allocatedPages = (size + PAGE_SIZE - 1) >>> PAGE_BITS;
            return;
        }
        this.dense = null;
        if (size != -1L && Long.compareUnsigned(size, FLAT_MAX) <= 0) {
            this.flat = new byte[(int) ((size + PAGE_SIZE - 1) >>> PAGE_BITS)][];
            this.root = null;
            this.huge = null;
            return;
        }
        this.flat = null;
        final boolean isHuge = size == -1L || Long.compareUnsigned(size, 1L << HUGE_SHIFT) > 0;
        this.root = new byte[isHuge ? ROOT_MASK + 1 : (int) ((size + (1L << ROOT_SHIFT) - 1) >>> ROOT_SHIFT)][][][];
        this.huge = isHuge ? new byte[size == -1L ? 1 << (64 - HUGE_SHIFT)
                : (int) ((size - 1) >>> HUGE_SHIFT) + 1][][][][] : null;
    }

    /**
     * Creates a block that belongs to no region, for devices that keep their own backing store.
     * Allocates the root array.
     *
     * @param size the size in bytes, unsigned; {@link MemoryRegion#SIZE_2_64} (-1) stands for 2^64
     * @return a new zeroed block
     */
    public static RamBlock create(long size) {
        return new RamBlock(size);
    }

    /**
     * Creates a preallocated block that belongs to no region: one zeroed {@code byte[]} of {@code size}
     * bytes, allocated now (see the class comment). Allocates.
     *
     * @param size the size in bytes, 1 to {@link #PREALLOC_MAX}
     * @return a new zeroed block
     * @throws IllegalArgumentException if {@code size} is 0 or above {@link #PREALLOC_MAX} (unsigned)
     */
    public static RamBlock createPreallocated(long size) {
        return new RamBlock(size, true);
    }

    /** @return true for a preallocated block (one array, {@link #preallocatedBytes()}), false for a sparse one */
    public boolean isPreallocated() {
        return dense != null;
    }

    /**
     * The live storage of a preallocated block: byte {@code offset} of the block is element
     * {@code (int) offset}. Internal API for the per-CPU page cache of {@code dev.addrspace.cpu}, as
     * {@link #pageIfAllocated(long)}: callers read and write it in plain mode and never replace it.
     *
     * @return the block's array, or null for a sparse block
     */
    public byte[] preallocatedBytes() {
        return dense;
    }

    /** @return the size in bytes, unsigned; {@link MemoryRegion#SIZE_2_64} (-1) stands for 2^64 */
    public long size() {
        return size;
    }

    /**
     * The number of {@value #PAGE_SIZE}-byte pages that hold storage: the block's memory cost, apart from
     * its directories.
     *
     * @return the count of allocated pages
     */
    public long allocatedPages() {
        return allocatedPages;
    }

    // ---------------------------------------------------------------------------------- fixed-size loads

    /**
     * Loads one byte.
     *
     * @param offset the block offset
     * @return the byte, zero-extended
     * @throws IndexOutOfBoundsException if the byte is outside the block
     */
    public int ldub(long offset) {
        checkRange(offset, 1);
        final byte[] d = dense;
        if (d != null) {
            return d[(int) offset] & 0xff;
        }
        final byte[] page = pageOrNull(offset);
        return page == null ? 0 : page[(int) (offset & PAGE_MASK)] & 0xff;
    }

    /**
     * Loads a little-endian 16-bit value.
     *
     * @param offset the block offset; any alignment
     * @return the value, zero-extended
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public int lduwLe(long offset) {
        checkRange(offset, 2);
        final byte[] d = dense;
        if (d != null) {
            return getShortLe(d, (int) offset) & 0xffff;
        }
        final byte[] page = pageOrNull(offset);
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 2) {
            return page == null ? 0 : getShortLe(page, in) & 0xffff;
        }
        return (int) loadSlowPath(offset, 2, false);
    }

    /**
     * Loads a big-endian 16-bit value.
     *
     * @param offset the block offset; any alignment
     * @return the value, zero-extended
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public int lduwBe(long offset) {
        checkRange(offset, 2);
        final byte[] d = dense;
        if (d != null) {
            return getShortBe(d, (int) offset) & 0xffff;
        }
        final byte[] page = pageOrNull(offset);
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 2) {
            return page == null ? 0 : getShortBe(page, in) & 0xffff;
        }
        return (int) loadSlowPath(offset, 2, true);
    }

    /**
     * Loads a little-endian 32-bit value.
     *
     * @param offset the block offset; any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public int ldlLe(long offset) {
        checkRange(offset, 4);
        final byte[] d = dense;
        if (d != null) {
            return getIntLe(d, (int) offset);
        }
        final byte[] page = pageOrNull(offset);
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 4) {
            return page == null ? 0 : getIntLe(page, in);
        }
        return (int) loadSlowPath(offset, 4, false);
    }

    /**
     * Loads a big-endian 32-bit value.
     *
     * @param offset the block offset; any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public int ldlBe(long offset) {
        checkRange(offset, 4);
        final byte[] d = dense;
        if (d != null) {
            return getIntBe(d, (int) offset);
        }
        final byte[] page = pageOrNull(offset);
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 4) {
            return page == null ? 0 : getIntBe(page, in);
        }
        return (int) loadSlowPath(offset, 4, true);
    }

    /**
     * Loads a little-endian 64-bit value.
     *
     * @param offset the block offset; any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public long ldqLe(long offset) {
        checkRange(offset, 8);
        final byte[] d = dense;
        if (d != null) {
            return getLongLe(d, (int) offset);
        }
        final byte[] page = pageOrNull(offset);
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 8) {
            return page == null ? 0 : getLongLe(page, in);
        }
        return loadSlowPath(offset, 8, false);
    }

    /**
     * Loads a big-endian 64-bit value.
     *
     * @param offset the block offset; any alignment
     * @return the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public long ldqBe(long offset) {
        checkRange(offset, 8);
        final byte[] d = dense;
        if (d != null) {
            return getLongBe(d, (int) offset);
        }
        final byte[] page = pageOrNull(offset);
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 8) {
            return page == null ? 0 : getLongBe(page, in);
        }
        return loadSlowPath(offset, 8, true);
    }

    /**
     * Loads {@code size} bytes as one value.
     *
     * @param offset the block offset; any alignment
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order
     * @return the value, zero-extended to 64 bits
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public long load(long offset, int size, boolean bigEndian) {
        switch (size) {
            case 1:
                return ldub(offset);
            case 2:
                return bigEndian ? lduwBe(offset) : lduwLe(offset);
            case 4:
                return (bigEndian ? ldlBe(offset) : ldlLe(offset)) & 0xffff_ffffL;
            case 8:
                return bigEndian ? ldqBe(offset) : ldqLe(offset);
            default:
                throw badSize(size);
        }
    }

    // --------------------------------------------------------------------------------- fixed-size stores

    /**
     * Stores one byte; allocates its page on the first store to it.
     *
     * @param offset the block offset
     * @param value the byte, in the low 8 bits
     * @throws IndexOutOfBoundsException if the byte is outside the block
     */
    public void stb(long offset, int value) {
        checkRange(offset, 1);
        final byte[] d = dense;
        if (d != null) {
            d[(int) offset] = (byte) value;
            return;
        }
        page(offset)[(int) (offset & PAGE_MASK)] = (byte) value;
    }

    /**
     * Stores a little-endian 16-bit value; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param value the value, in the low 16 bits
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void stwLe(long offset, int value) {
        checkRange(offset, 2);
        final byte[] d = dense;
        if (d != null) {
            setShortLe(d, (int) offset, (short) value);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 2) {
            setShortLe(page(offset), in, (short) value);
        } else {
            storeSlowPath(offset, 2, value, false);
        }
    }

    /**
     * Stores a big-endian 16-bit value; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param value the value, in the low 16 bits
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void stwBe(long offset, int value) {
        checkRange(offset, 2);
        final byte[] d = dense;
        if (d != null) {
            setShortBe(d, (int) offset, (short) value);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 2) {
            setShortBe(page(offset), in, (short) value);
        } else {
            storeSlowPath(offset, 2, value, true);
        }
    }

    /**
     * Stores a little-endian 32-bit value; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void stlLe(long offset, int value) {
        checkRange(offset, 4);
        final byte[] d = dense;
        if (d != null) {
            setIntLe(d, (int) offset, value);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 4) {
            setIntLe(page(offset), in, value);
        } else {
            storeSlowPath(offset, 4, value, false);
        }
    }

    /**
     * Stores a big-endian 32-bit value; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void stlBe(long offset, int value) {
        checkRange(offset, 4);
        final byte[] d = dense;
        if (d != null) {
            setIntBe(d, (int) offset, value);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 4) {
            setIntBe(page(offset), in, value);
        } else {
            storeSlowPath(offset, 4, value, true);
        }
    }

    /**
     * Stores a little-endian 64-bit value; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void stqLe(long offset, long value) {
        checkRange(offset, 8);
        final byte[] d = dense;
        if (d != null) {
            setLongLe(d, (int) offset, value);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 8) {
            setLongLe(page(offset), in, value);
        } else {
            storeSlowPath(offset, 8, value, false);
        }
    }

    /**
     * Stores a big-endian 64-bit value; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param value the value
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void stqBe(long offset, long value) {
        checkRange(offset, 8);
        final byte[] d = dense;
        if (d != null) {
            setLongBe(d, (int) offset, value);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in <= PAGE_SIZE - 8) {
            setLongBe(page(offset), in, value);
        } else {
            storeSlowPath(offset, 8, value, true);
        }
    }

    /**
     * Stores the low {@code size} bytes of {@code value}; allocates a page on the first store to it.
     *
     * @param offset the block offset; any alignment
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @param bigEndian the byte order
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void store(long offset, int size, long value, boolean bigEndian) {
        switch (size) {
            case 1:
                stb(offset, (int) value);
                break;
            case 2:
                if (bigEndian) {
                    stwBe(offset, (int) value);
                } else {
                    stwLe(offset, (int) value);
                }
                break;
            case 4:
                if (bigEndian) {
                    stlBe(offset, (int) value);
                } else {
                    stlLe(offset, (int) value);
                }
                break;
            case 8:
                if (bigEndian) {
                    stqBe(offset, value);
                } else {
                    stqLe(offset, value);
                }
                break;
            default:
                throw badSize(size);
        }
    }

    // ------------------------------------------------------------------------------------ bulk accesses

    /**
     * Copies {@code len} bytes from the block into {@code dst}. Allocation free.
     *
     * @param offset the block offset of the first byte
     * @param dst the destination array
     * @param dstOff the index in {@code dst} of the first byte
     * @param len the byte count, at least 0
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if a byte is outside the block or outside {@code dst}
     */
    public void read(long offset, byte[] dst, int dstOff, int len) {
        checkRange(offset, len);
        checkArray(dst, dstOff, len);
        if (dense != null) {
            System.arraycopy(dense, (int) offset, dst, dstOff, len);
            return;
        }
        long at = offset;
        int done = 0;
        while (done < len) {
            final int in = (int) (at & PAGE_MASK);
            final int n = Math.min(len - done, PAGE_SIZE - in);
            final byte[] page = pageOrNull(at);
            if (page == null) {
                Arrays.fill(dst, dstOff + done, dstOff + done + n, (byte) 0);
            } else {
                System.arraycopy(page, in, dst, dstOff + done, n);
            }
            done += n;
            at += n;
        }
    }

    /**
     * Copies {@code len} bytes from {@code src} into the block; allocates the pages it is the first to
     * write.
     *
     * @param offset the block offset of the first byte
     * @param src the source array
     * @param srcOff the index in {@code src} of the first byte
     * @param len the byte count, at least 0
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if a byte is outside the block or outside {@code src}
     */
    public void write(long offset, byte[] src, int srcOff, int len) {
        checkRange(offset, len);
        checkArray(src, srcOff, len);
        if (dense != null) {
            System.arraycopy(src, srcOff, dense, (int) offset, len);
            return;
        }
        long at = offset;
        int done = 0;
        while (done < len) {
            final int in = (int) (at & PAGE_MASK);
            final int n = Math.min(len - done, PAGE_SIZE - in);
            System.arraycopy(src, srcOff + done, page(at), in, n);
            done += n;
            at += n;
        }
    }

    /**
     * Sets {@code len} bytes to {@code value}. Filling with zero allocates nothing: untouched pages stay
     * untouched; other values allocate the pages they cover.
     *
     * @param offset the block offset of the first byte
     * @param len the byte count, at least 0
     * @param value the byte, in the low 8 bits
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public void fill(long offset, long len, int value) {
        checkRange(offset, len);
        final byte b = (byte) value;
        if (dense != null) {
            Arrays.fill(dense, (int) offset, (int) (offset + len), b);
            return;
        }
        long at = offset;
        long left = len;
        while (left > 0) {
            final int in = (int) (at & PAGE_MASK);
            final int n = (int) Math.min(left, PAGE_SIZE - in);
            final byte[] page = b == 0 ? pageOrNull(at) : page(at);
            if (page != null) {
                Arrays.fill(page, in, in + n, b);
            }
            left -= n;
            at += n;
        }
    }

    /**
     * Copies {@code len} bytes from this block to {@code dst}, which may be this block: overlapping
     * ranges copy as if through a temporary buffer (memmove). Copying untouched source pages over
     * untouched destination pages allocates nothing.
     *
     * @param srcOffset the offset in this block of the first byte
     * @param dst the destination block
     * @param dstOffset the offset in {@code dst} of the first byte
     * @param len the byte count, at least 0
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if a byte is outside either block
     */
    public void copy(long srcOffset, RamBlock dst, long dstOffset, long len) {
        checkRange(srcOffset, len);
        dst.checkRange(dstOffset, len);
        if (dst == this && srcOffset < dstOffset && dstOffset - srcOffset < len) {
            copyBackward(srcOffset, dstOffset, len);
            return;
        }
        long done = 0;
        while (done < len) {
            final long s = srcOffset + done;
            final long d = dstOffset + done;
            final int sIn = (int) (s & PAGE_MASK);
            final int dIn = (int) (d & PAGE_MASK);
            final int n = (int) Math.min(len - done, Math.min(PAGE_SIZE - sIn, PAGE_SIZE - dIn));
            copyChunk(s, sIn, dst, d, dIn, n);
            done += n;
        }
    }

    private void copyBackward(long srcOffset, long dstOffset, long len) {
        long left = len;
        while (left > 0) {
            final long sEnd = srcOffset + left;
            final long dEnd = dstOffset + left;
            final int sRoom = (int) (((sEnd - 1) & PAGE_MASK) + 1);
            final int dRoom = (int) (((dEnd - 1) & PAGE_MASK) + 1);
            final int n = (int) Math.min(left, Math.min(sRoom, dRoom));
            final long s = sEnd - n;
            final long d = dEnd - n;
            copyChunk(s, (int) (s & PAGE_MASK), this, d, (int) (d & PAGE_MASK), n);
            left -= n;
        }
    }

    /** Copies one chunk that stays in one page of each side (System.arraycopy is a memmove). */
    private void copyChunk(long s, int sIn, RamBlock dst, long d, int dIn, int n) {
        final byte[] from = dense != null ? dense : pageOrNull(s);
        final int fromAt = dense != null ? (int) s : sIn;
        final byte[] to;
        final int toAt;
        if (dst.dense != null) {
            to = dst.dense;
            toAt = (int) d;
        } else {
            to = from != null ? dst.page(d) : dst.pageOrNull(d);
            toAt = dIn;
        }
        if (from != null) {
            System.arraycopy(from, fromAt, to, toAt, n);
        } else if (to != null) {
            // an untouched source page reads as zero
            Arrays.fill(to, toAt, toAt + n, (byte) 0);
        }
    }

    /**
     * Returns a copy of {@code len} bytes. Allocates the returned array.
     *
     * @param offset the block offset of the first byte
     * @param len the byte count, at least 0
     * @return a new array holding the bytes
     * @throws IndexOutOfBoundsException if a byte is outside the block
     */
    public byte[] snapshot(long offset, int len) {
        checkRange(offset, len);
        final byte[] out = new byte[len];
        read(offset, out, 0, len);
        return out;
    }

    // --------------------------------------------------------------------------- page hooks (internal API)

    /**
     * The storage page holding {@code offset}, or null while nothing was written to it. Internal API for
     * the per-CPU page cache and direct-memory windows of {@code dev.addrspace.cpu}: the array is the
     * block's live storage (never replaced or freed while the block lives), indexed by
     * {@code offset & (PAGE_SIZE - 1)}; callers must not touch bytes of other offsets. Allocation free.
     *
     * @param offset a block offset
     * @return the live page, or null for a page never written (it reads as zero)
     * @throws IndexOutOfBoundsException if {@code offset} is outside the block
     * @throws IllegalStateException if the block is preallocated (it has no pages: see
     *     {@link #preallocatedBytes()})
     */
    public byte[] pageIfAllocated(long offset) {
        checkRange(offset, 1);
        checkSparse();
        return pageOrNull(offset);
    }

    /**
     * The storage page holding {@code offset}, allocated (once, by compare-and-set) if nothing was
     * written to it yet. Internal API, as {@link #pageIfAllocated(long)}. Allocates on the first call for
     * a page.
     *
     * @param offset a block offset
     * @return the live page
     * @throws IndexOutOfBoundsException if {@code offset} is outside the block
     * @throws IllegalStateException if the block is preallocated (it has no pages: see
     *     {@link #preallocatedBytes()})
     */
    public byte[] pageForWrite(long offset) {
        checkRange(offset, 1);
        checkSparse();
        return page(offset);
    }

    private void checkSparse() {
        if (dense != null) {
            throw new IllegalStateException("a preallocated RAM block has no pages; use preallocatedBytes()");
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    private long loadSlowPath(long offset, int n, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            final long at = offset + i;
            final byte[] page = pageOrNull(at);
            final long b = page == null ? 0 : page[(int) (at & PAGE_MASK)] & 0xffL;
            v |= bigEndian ? b << (8 * (n - 1 - i)) : b << (8 * i);
        }
        return v;
    }

    private void storeSlowPath(long offset, int n, long value, boolean bigEndian) {
        for (int i = 0; i < n; i++) {
            final long at = offset + i;
            final int shift = bigEndian ? 8 * (n - 1 - i) : 8 * i;
            page(at)[(int) (at & PAGE_MASK)] = (byte) (value >>> shift);
        }
    }

    /**
     * The page holding {@code offset}, or null when it was never written. Allocation free.
     *
     * <p>Every level is read with acquire, pairing with the compare-and-set that installed it, so that a
     * caller polling in a loop (a device, a CPU's zero-page entry) sees a page another thread installs.
     * The address-space path reads the flat table through {@link #flatPages()} plainly instead: it reads
     * the published view with a volatile read first on every access, so no read is hoisted out of a loop,
     * and a slot goes once from null to a new all-zero page, so a thread that sees the reference sees the
     * array's length and at least its zeros (later bytes race as guest accesses do on hardware).
     */
    byte[] pageOrNull(long offset) {
        final byte[][] f = flat;
        if (f != null) {
            return (byte[]) TABLE_SLOT.getAcquire(f, (int) (offset >>> PAGE_BITS));
        }
        final byte[][][][] r = (offset >>> HUGE_SHIFT) == 0 ? root : hugeRootOrNull(offset);
        if (r == null) {
            return null;
        }
        // acquire: pairs with the compare-and-set that installed the directory, table or page
        final byte[][][] dir = (byte[][][]) ROOT_SLOT.getAcquire(r, (int) (offset >>> ROOT_SHIFT) & ROOT_MASK);
        if (dir == null) {
            return null;
        }
        final byte[][] table = (byte[][]) DIR_SLOT.getAcquire(dir, (int) (offset >>> DIR_SHIFT) & TABLE_MASK);
        if (table == null) {
            return null;
        }
        return (byte[]) TABLE_SLOT.getAcquire(table, (int) (offset >>> TABLE_SHIFT) & TABLE_MASK);
    }

    /** The page holding {@code offset}, allocated (and its directory and table) if needed. */
    byte[] page(long offset) {
        final byte[] page = pageOrNull(offset);
        return page != null ? page : pageSlowPath(offset);
    }

    private byte[][][][] hugeRootOrNull(long offset) {
        // acquire: pairs with the compare-and-set that installed the root
        return (byte[][][][]) HUGE_SLOT.getAcquire(huge, (int) (offset >>> HUGE_SHIFT));
    }

    private byte[][][][] hugeRoot(long offset) {
        final int h = (int) (offset >>> HUGE_SHIFT);
        final byte[][][][] existing = (byte[][][][]) HUGE_SLOT.getAcquire(huge, h);
        if (existing != null) {
            return existing;
        }
        // compare-and-set: one root per 2^48 bytes wins
        final byte[][][][] fresh = new byte[ROOT_MASK + 1][][][];
        return HUGE_SLOT.compareAndSet(huge, h, null, fresh) ? fresh : (byte[][][][]) HUGE_SLOT.getAcquire(huge, h);
    }

    private byte[] pageSlowPath(long offset) {
        final byte[][] f = flat;
        if (f != null) {
            final int p = (int) (offset >>> PAGE_BITS);
            return installPage(f, p);
        }
        final byte[][][][] top = (offset >>> HUGE_SHIFT) == 0 ? root : hugeRoot(offset);
        final int r = (int) (offset >>> ROOT_SHIFT) & ROOT_MASK;
        byte[][][] dir = (byte[][][]) ROOT_SLOT.getAcquire(top, r);
        if (dir == null) {
            // compare-and-set: two CPUs may write the same empty GiB first; one directory wins
            final byte[][][] fresh = new byte[TABLE_ENTRIES][][];
            dir = ROOT_SLOT.compareAndSet(top, r, null, fresh) ? fresh : (byte[][][]) ROOT_SLOT.getAcquire(top, r);
        }
        final int d = (int) (offset >>> DIR_SHIFT) & TABLE_MASK;
        byte[][] table = (byte[][]) DIR_SLOT.getAcquire(dir, d);
        if (table == null) {
            // compare-and-set: as above, one table wins
            final byte[][] fresh = new byte[TABLE_ENTRIES][];
            table = DIR_SLOT.compareAndSet(dir, d, null, fresh) ? fresh : (byte[][]) DIR_SLOT.getAcquire(dir, d);
        }
        return installPage(table, (int) (offset >>> TABLE_SHIFT) & TABLE_MASK);
    }

    /** The page in slot {@code t} of {@code table} (a radix table or the flat table), installed if absent. */
    private byte[] installPage(byte[][] table, int t) {
        byte[] page = (byte[]) TABLE_SLOT.getAcquire(table, t);
        if (page == null) {
            // compare-and-set: one page wins, so no store made to the winner is lost
            final byte[] fresh = new byte[PAGE_SIZE];
            if (TABLE_SLOT.compareAndSet(table, t, null, fresh)) {
                ALLOCATED.getAndAdd(this, 1L);
                page = fresh;
            } else {
                page = (byte[]) TABLE_SLOT.getAcquire(table, t);
            }
        }
        return page;
    }

    /**
     * The flat page table of a block of at most {@link #FLAT_MAX} bytes, for the access path: slot
     * {@code offset >>> PAGE_BITS} holds the page of {@code offset}, or null while it was never written
     * (it reads as zero; a store must go through {@link #storeInRange}, which installs it). Null for a
     * radix block. The array is the block's live table: never replaced, never written by callers, which
     * may read it plainly only after a volatile read on the same access (see {@link #pageOrNull}). Null
     * for a preallocated block too.
     */
    byte[][] flatPages() {
        return flat;
    }

    /** One overflow-safe check that {@code [offset, offset + len)} lies in the block. */
    void checkRange(long offset, long len) {
        final boolean ok;
        if (size == -1L) {
            // 2^64 bytes: any range that does not wrap
            ok = len >= 0 && (len == 0 || Long.compareUnsigned(offset, -len) <= 0);
        } else {
            ok = len >= 0 && Long.compareUnsigned(len, size) <= 0 && Long.compareUnsigned(offset, size - len) <= 0;
        }
        if (!ok) {
            throw new IndexOutOfBoundsException("RAM block access out of range: offset=0x" + Long.toHexString(offset)
                    + " len=" + len + " size=0x" + Long.toHexString(size));
        }
    }

    static void checkArray(byte[] array, int off, int len) {
        if (array == null) {
            throw new NullPointerException("buffer");
        }
        if (off < 0 || len < 0 || off > array.length - len) {
            throw new IndexOutOfBoundsException("buffer range out of bounds: off=" + off + " len=" + len
                    + " length=" + array.length);
        }
    }

    static IllegalArgumentException badSize(int size) {
        return new IllegalArgumentException("access size=" + size + " is not 1, 2, 4 or 8");
    }

    // --------------------------------------------------------- fixed-size access for the access path

    /**
     * As {@link #load(long, int, boolean)} without its bounds check, for the access path, which has
     * checked that {@code [offset, offset + size)} lies in the block (the range's coverage of its block,
     * checked when the view is rendered, and the access's fit in the range). Allocation free.
     *
     * @param offset a block offset
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order
     * @return the value, zero-extended
     */
    long loadInRange(long offset, int size, boolean bigEndian) {
        if (dense != null) {
            return loadFromPage(dense, (int) offset, size, bigEndian);
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in > PAGE_SIZE - size) {
            return loadSlowPath(offset, size, bigEndian);
        }
        final byte[] page = pageOrNull(offset);
        if (page == null) {
            return 0;
        }
        return loadFromPage(page, in, size, bigEndian);
    }

    /**
     * Loads {@code size} bytes at {@code in} of a live page, for the access path. Allocation free.
     *
     * @param page a page of a block
     * @param in the offset in the page; {@code in + size <= PAGE_SIZE}
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order
     * @return the value, zero-extended
     */
    static long loadFromPage(byte[] page, int in, int size, boolean bigEndian) {
        switch (size) {
            case 1:
                return page[in] & 0xffL;
            case 2:
                return (bigEndian ? getShortBe(page, in) : getShortLe(page, in)) & 0xffffL;
            case 4:
                return (bigEndian ? getIntBe(page, in) : getIntLe(page, in)) & 0xffff_ffffL;
            default:
                return bigEndian ? getLongBe(page, in) : getLongLe(page, in);
        }
    }

    /**
     * As {@link #store(long, int, long, boolean)} without its bounds check, for the access path (see
     * {@link #loadInRange}). Allocates the page on its first write.
     *
     * @param offset a block offset
     * @param size 1, 2, 4 or 8
     * @param value the value; bytes above {@code size} are ignored
     * @param bigEndian the byte order
     */
    void storeInRange(long offset, int size, long value, boolean bigEndian) {
        if (dense != null) {
            storeToPage(dense, (int) offset, size, value, bigEndian);
            return;
        }
        final int in = (int) (offset & PAGE_MASK);
        if (in > PAGE_SIZE - size) {
            storeSlowPath(offset, size, value, bigEndian);
            return;
        }
        storeToPage(page(offset), in, size, value, bigEndian);
    }

    /**
     * Stores the low {@code size} bytes of {@code value} at {@code in} of a live page, for the access path.
     *
     * @param page a page of a block
     * @param in the offset in the page; {@code in + size <= PAGE_SIZE}
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @param bigEndian the byte order
     */
    static void storeToPage(byte[] page, int in, int size, long value, boolean bigEndian) {
        switch (size) {
            case 1:
                page[in] = (byte) value;
                break;
            case 2:
                if (bigEndian) {
                    setShortBe(page, in, (short) value);
                } else {
                    setShortLe(page, in, (short) value);
                }
                break;
            case 4:
                if (bigEndian) {
                    setIntBe(page, in, (int) value);
                } else {
                    setIntLe(page, in, (int) value);
                }
                break;
            default:
                if (bigEndian) {
                    setLongBe(page, in, value);
                } else {
                    setLongLe(page, in, value);
                }
        }
    }

    // One-line plain accessors, one per width and byte order.

    private static short getShortLe(byte[] page, int in) {
        return (short) SHORT_LE.get(page, in);
    }

    private static short getShortBe(byte[] page, int in) {
        return (short) SHORT_BE.get(page, in);
    }

    private static int getIntLe(byte[] page, int in) {
        return (int) INT_LE.get(page, in);
    }

    private static int getIntBe(byte[] page, int in) {
        return (int) INT_BE.get(page, in);
    }

    private static long getLongLe(byte[] page, int in) {
        return (long) LONG_LE.get(page, in);
    }

    private static long getLongBe(byte[] page, int in) {
        return (long) LONG_BE.get(page, in);
    }

    private static void setShortLe(byte[] page, int in, short value) {
        SHORT_LE.set(page, in, value);
    }

    private static void setShortBe(byte[] page, int in, short value) {
        SHORT_BE.set(page, in, value);
    }

    private static void setIntLe(byte[] page, int in, int value) {
        INT_LE.set(page, in, value);
    }

    private static void setIntBe(byte[] page, int in, int value) {
        INT_BE.set(page, in, value);
    }

    private static void setLongLe(byte[] page, int in, long value) {
        LONG_LE.set(page, in, value);
    }

    private static void setLongBe(byte[] page, int in, long value) {
        LONG_BE.set(page, in, value);
    }

    private static VarHandle view(Class<?> arrayClass, ByteOrder order) {
        return MethodHandles.byteArrayViewVarHandle(arrayClass, order);
    }

    private static VarHandle field(String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(RamBlock.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "RamBlock[size=0x" + Long.toHexString(size) + (dense != null ? " preallocated" : "")
                + " allocatedPages=" + allocatedPages + "]";
    }
}
