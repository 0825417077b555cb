package dev.addrspace.cpu;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.IoEntries;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.RamBlock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The per-CPU, per-address-space cache of RAM and ROM pages in front of the {@link AddressSpace} access
 * path, modelled on QEMU's softmmu TLB: {@value #ENTRIES} direct-mapped entries, each a page tag plus
 * the live backing page ({@code byte[]}) of the {@link RamBlock} that answers there, with separate read
 * and write permission.
 *
 * <ul>
 *   <li><b>Read permission</b>: whole {@value #PAGE_SIZE}-byte pages of RAM, ROM and ROM devices in romd
 *       mode, when one range of the view covers the page and its region offset is page aligned.
 *   <li><b>Write permission</b>: the same pages of writable RAM only. ROM, RAM made read-only
 *       ({@code setReadonly}) and RAM under a read-only alias or container (inherited readonly) are never
 *       writable: stores to them miss and are <em>discarded with {@link MemTxResult#OK}</em>, as TCG
 *       discards them ({@code TLB_DISCARD_WRITE}). This is the one deliberate difference from
 *       {@link AddressSpace#store}, which answers {@link MemTxResult#DECODE_ERROR} for ROM and writes RAM
 *       under an inherited read-only flag (QEMU's {@code address_space_write} quirk). With
 *       {@code attrs.debug} the store goes to the address-space path, which writes ROM.
 *   <li><b>Sparse RAM</b>: a page never written is cached as a zero entry; a load there reads 0 after
 *       checking that no CPU has allocated the page since (one radix walk, no dispatch), and the first
 *       store allocates the page and upgrades the entry.
 *   <li><b>Preallocated RAM</b> ({@link MemoryRegion#ramPreallocated}: one array per block): the whole
 *       RAM range that last filled an entry is the cache's <em>window</em>, tested before the entries: an
 *       access that lies in it (any alignment, across pages too) is served from the block's array by one
 *       unsigned compare against loop-invariant bounds, with the range's read and write permissions. Its
 *       pages outside the window are entries of their own, served by the slow path without a lookup
 *       (which moves the window to their range).
 *   <li><b>Instruction fetch</b> ({@link #ldlLeCode}): the page the last fetch read (or the window's
 *       range, when it lay there) is the <em>code window</em>, tested first by fetches and moved by
 *       nothing but fetches, so that an interpreter's fetch stays one compare on its code page whatever
 *       its loads and stores do to the entries. It reads the page's live array (stores to code are seen
 *       by the next fetch) and is closed with the entries.
 *   <li><b>Devices</b> (MMIO, ROM devices out of romd mode): {@value #ENTRIES} <em>device entries</em>
 *       ({@link IoEntries}, QEMU's {@code iotlb}), each the view's range that the page's last device
 *       access resolved to. An access the RAM entries did not serve tests its device entry (tag, and
 *       that the range covers the address, so devices smaller than a page are cached too) and goes
 *       straight to the device's dispatch, the one {@link AddressSpace#load} and {@link AddressSpace#store}
 *       call for that range (same value, result and callbacks); another range of the page refills it.
 *   <li><b>Everything else</b> takes the full {@link AddressSpace} path: IOMMU ranges, holes, pages
 *       shared by several ranges or (sparse RAM) not page aligned in their region (for RAM), accesses that
 *       cross a page boundary outside the window (for RAM), stores to ROM devices in romd mode, and
 *       accesses whose attrs have {@code memory} or {@code debug} set.
 * </ul>
 *
 * <p>Invalidation: the cache remembers the {@link FlatView} its entries (RAM and device, and the windows)
 * were filled from. A commit that changes the view publishes a new view object; a commit that leaves it
 * unchanged keeps the object and flushes nothing. When the cache checks depends on its mode (see {@link CpuState}): in strict mode it
 * compares {@link AddressSpace#flatView()} with its view on every access (one volatile read); in
 * safe-point mode it compares the memory system's view generation, read plainly, with the one it last
 * saw (so a commit of the owning thread is seen at the next access), and the owner's
 * {@link CpuState#safePoint()} reads the generation with acquire (so other threads' commits are seen by
 * then). Pages are never freed or moved while their block lives, so an entry filled from any view of
 * this address space points at live bytes.
 *
 * <p>Hit test: QEMU's single compare of the tag with the address's page bits and alignment bits; an
 * aligned access hits with that one compare, an unaligned one inside the page is served by the slow
 * path from the same entry (and counted as a hit).
 *
 * <p>Counters ({@link #hits()}, {@link #misses()}, {@link #flushes()}, {@link #zeroPageHits()},
 * {@link #codeHits()}, {@link #deviceHits()}) are plain fields bumped by the owning thread: exact for that
 * thread, racy for others. Hits are counted only
 * while {@link #setHitCounting(boolean)} is on (off by default: the hit path then stores nothing).
 *
 * <p>Not thread safe: owned by one CPU thread. Allocation free after construction (the first store to
 * a never-written RAM page allocates that page in its block, as any store there does).
 */
public final class PageCache {

    /** The cached page: RamBlock's storage page, which is also the dispatch page of every view. */
    public static final int PAGE_BITS = RamBlock.PAGE_BITS;
    /** The cached page size in bytes. */
    public static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final long TAG_MASK = ~(long) PAGE_MASK;
    /**
     * QEMU's one-compare hit test: the tag compared with the address's page bits and its low alignment
     * bits, so an aligned access hits with one compare (it cannot cross the page); an unaligned one takes
     * the slow path, which serves it from the same entry when it stays inside the page.
     */
    private static final long ALIGNED_2 = TAG_MASK | 1;
    private static final long ALIGNED_4 = TAG_MASK | 3;
    private static final long ALIGNED_8 = TAG_MASK | 7;
    /**
     * Direct-mapped entries: 256, QEMU's minimum dynamic TLB size; 1 MiB of guest memory in reach, and a
     * flush clears a few KiB. A page's entry is its page number's low 8 bits XORed with the next 8 (QEMU
     * takes the low bits alone), so that pages a multiple of 1 MiB apart do not share an entry.
     */
    public static final int ENTRIES = 256;
    private static final int INDEX_BITS = Integer.numberOfTrailingZeros(ENTRIES);
    private static final int INDEX_MASK = ENTRIES - 1;
    /**
     * A tag no access matches: page tags have their low {@value #PAGE_BITS} bits clear, and the aligned
     * compare keeps only bits 0 to 2 of them, so bit 3 is set in no compared value.
     */
    private static final long INVALID = 1L << 3;
    /** Attrs that change what RAM and ROM answer: {@code memory} (romd) and {@code debug} (ROM writes). */
    private static final long SLOW_ATTRS = MemTxAttrs.NONE.withMemory(true).withDebug(true).bits();

    private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);

    private final AddressSpace as;
    private final MemorySystem system;
    /** Strict mode: the published view is compared on every access; otherwise the view generation. */
    private boolean strict;
    /** The view generation the entries were last checked against (safe-point mode). */
    private int seenGeneration;
    /** Whether hits are counted: off by default, so that the hit path stores nothing but the access. */
    private boolean countHits;
    private final long[] readTags = new long[ENTRIES];
    private final long[] writeTags = new long[ENTRIES];
    /**
     * The live array of an entry with read or write permission (the same array serves both): a sparse
     * block's page (readTags/writeTags), or a preallocated block's whole array (denseReadTags/denseWriteTags).
     */
    private final byte[][] pages = new byte[ENTRIES][];
    // Entries of preallocated blocks, served by the slow path (which also moves the window to their
    // range): byte in of the page is pages[i][in + bases[i]]. Kept apart from readTags/writeTags so that
    // the sparse hit path needs no base.
    private final long[] denseReadTags = new long[ENTRIES];
    private final long[] denseWriteTags = new long[ENTRIES];
    private final int[] bases = new int[ENTRIES];
    /** The device entries: the device range each page's last MMIO access went to (QEMU's iotlb). */
    private final IoEntries io = new IoEntries(ENTRIES, PAGE_BITS);
    private final FlatRange[] denseRanges = new FlatRange[ENTRIES];
    private final long[] zeroTags = new long[ENTRIES];
    private final RamBlock[] zeroBlocks = new RamBlock[ENTRIES];
    private final long[] zeroOffsets = new long[ENTRIES];
    /** The view the entries were filled from. */
    private FlatView view;

    // The window: the whole RAM range of a preallocated block that last filled an entry, served from
    // its one array by one compare of the address against loop-invariant bounds (SystemC's DMI inside
    // the cache). The bounds are stored biased by Long.MIN_VALUE, so that the unsigned test
    // "addr - start < count" is one subtraction and one signed compare: b = addr - winBiasedStart is
    // (addr - start) + MIN_VALUE, which is below winReadN = count + MIN_VALUE exactly when addr - start
    // is below count, unsigned. winReadN/winWriteN: count is the number of offsets from the range's
    // start at which an N-byte access lies in it (0: no permission, no window: MIN_VALUE, below which no
    // long lies). The bias leaves the low 32 bits alone, so byte start + o is winBytes[(int) b + winBase].
    private long winBiasedStart = Long.MIN_VALUE;
    private long winRead1;
    private long winRead2;
    private long winRead4;
    private long winRead8;
    private long winWrite1;
    private long winWrite2;
    private long winWrite4;
    private long winWrite8;
    private byte[] winBytes;
    private int winBase;

    // The code window: where the last instruction fetch (ldlLeCode) read, kept apart from the data
    // accesses' state so that loads and stores elsewhere do not move it: the fetched page of an entry, or
    // the window when the fetch lay in it. Same encoding as the window (codeRead4 = count - 3 +
    // MIN_VALUE, MIN_VALUE when closed); closed by every flush, with the entries.
    private long codeBiasedStart = Long.MIN_VALUE;
    private long codeRead4 = Long.MIN_VALUE;
    private byte[] codeBytes;
    private int codeBase;
    // the code window's byte count (0 when closed), for codeWindowLength()
    private long codeLength;

    private long hits;
    private long misses;
    private long flushes;
    private long zeroPageHits;
    private long codeHits;
    private long deviceHits;

    /**
     * Creates an empty cache in front of {@code as}, in strict mode: every access compares the address
     * space's published view with the view the entries were filled from (one volatile read), so a commit
     * made by any thread is seen by every access that starts after it returned. A CPU's caches are made
     * by {@link CpuState}, in the CPU's {@link CpuState.Coherence} mode. Hits are not counted until
     * {@link #setHitCounting(boolean)} turns it on. Allocates.
     *
     * @param as the address space
     * @throws NullPointerException if {@code as} is null
     */
    public PageCache(AddressSpace as) {
        this(as, true);
    }

    PageCache(AddressSpace as, boolean strict) {
        if (as == null) {
            throw new NullPointerException("address space");
        }
        this.as = as;
        this.system = as.system();
        this.strict = strict;
        clear();
        this.seenGeneration = system.viewGeneration();
        this.view = as.flatView();
    }

    /**
     * Whether the entries may serve an access without a refresh. Strict: the published view is the one
     * the entries were filled from (a volatile read). Safe-point mode: the view generation, read plainly,
     * is the one last checked; a commit of this thread changes it at once (program order), a commit of
     * another thread is certain to be seen only by {@link #safePoint(int)}.
     */
    private boolean fresh() {
        return strict ? as.flatView() == view : system.viewGenerationPlain() == seenGeneration;
    }

    /**
     * The entry of {@code addr}'s page: its low {@code INDEX_BITS} page bits XORed with the next ones, so
     * that the 256 pages of any aligned MiB have 256 different entries (as with QEMU's plain low bits) and
     * pages a multiple of 1 MiB apart (buffers at power-of-two distances) have different entries too.
     */
    static int index(long addr) {
        return (int) ((addr >>> PAGE_BITS) ^ (addr >>> (PAGE_BITS + INDEX_BITS))) & INDEX_MASK;
    }

    private void countDeviceHit() {
        if (countHits) {
            hits++;
            deviceHits++;
        }
    }

    private void countHit() {
        if (countHits) {
            hits++;
        }
    }

    /**
     * Applies the commits published up to view generation {@code generation} (read with acquire by the
     * caller): flushes the entries when this address space's view changed since they were filled.
     * The owning thread's safe point. Allocation free.
     */
    void safePoint(int generation) {
        if (generation != seenGeneration) {
            seenGeneration = generation;
            final FlatView v = as.flatView();
            if (v != view) {
                clear();
                view = v;
                flushes++;
            }
        }
    }

    /** Switches between strict and safe-point mode; the owning thread's call, takes effect at once. */
    void setStrict(boolean strict) {
        this.strict = strict;
        currentView();
    }

    /** @return true in strict mode (a volatile view read per access), false in safe-point mode */
    public boolean isStrict() {
        return strict;
    }

    /**
     * Turns the counting of hits on or off. Off by default: a hit then stores nothing but the access
     * itself (a counter bumped on every hit costs a load and a store per access). Misses, flushes and
     * zero-page hits are counted always (they are slow-path events). Allocation free.
     *
     * @param on true to count hits
     */
    public void setHitCounting(boolean on) {
        this.countHits = on;
    }

    /** @return whether hits are counted; see {@link #setHitCounting(boolean)} */
    public boolean isHitCounting() {
        return countHits;
    }

    /** @return the address space this cache serves */
    public AddressSpace addressSpace() {
        return as;
    }

    // ------------------------------------------------------------------------------------------- loads

    /**
     * Loads a byte, as {@link AddressSpace#ldub(long, MemTxAttrs, AccessResult)}. Allocation free.
     *
     * @param addr the address, unsigned
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the byte, zero-extended; 0 when the access failed
     */
    public int ldub(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead1) {
                countHit();
                ok(result);
                return winBytes[(int) b + winBase] & 0xff;
            }
            final int i = index(addr);
            if (readTags[i] == (addr & TAG_MASK)) {
                countHit();
                ok(result);
                return pages[i][(int) addr & PAGE_MASK] & 0xff;
            }
            if (io.tagged(i, addr)) {
                return (int) loadDevice(i, addr, 1, false, attrs, result);
            }
        }
        return (int) loadSlowPath(addr, 1, false, attrs, result);
    }

    /**
     * Loads a little-endian 16-bit value, as {@link AddressSpace#lduwLe(long, MemTxAttrs, AccessResult)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     */
    public int lduwLe(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead2) {
                countHit();
                ok(result);
                return (short) SHORT_LE.get(winBytes, (int) b + winBase) & 0xffff;
            }
            final int i = index(addr);
            if (readTags[i] == (addr & ALIGNED_2)) {
                countHit();
                ok(result);
                return (short) SHORT_LE.get(pages[i], (int) addr & PAGE_MASK) & 0xffff;
            }
            if (io.tagged(i, addr)) {
                return (int) loadDevice(i, addr, 2, false, attrs, result);
            }
        }
        return (int) loadSlowPath(addr, 2, false, attrs, result);
    }

    /**
     * Loads a big-endian 16-bit value, as {@link AddressSpace#lduwBe(long, MemTxAttrs, AccessResult)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     */
    public int lduwBe(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead2) {
                countHit();
                ok(result);
                return (short) SHORT_BE.get(winBytes, (int) b + winBase) & 0xffff;
            }
            final int i = index(addr);
            if (readTags[i] == (addr & ALIGNED_2)) {
                countHit();
                ok(result);
                return (short) SHORT_BE.get(pages[i], (int) addr & PAGE_MASK) & 0xffff;
            }
            if (io.tagged(i, addr)) {
                return (int) loadDevice(i, addr, 2, true, attrs, result);
            }
        }
        return (int) loadSlowPath(addr, 2, true, attrs, result);
    }

    /**
     * Loads a little-endian 32-bit value, as {@link AddressSpace#ldlLe(long, MemTxAttrs, AccessResult)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     */
    public int ldlLe(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead4) {
                countHit();
                ok(result);
                return (int) INT_LE.get(winBytes, (int) b + winBase);
            }
            final int i = index(addr);
            if (readTags[i] == (addr & ALIGNED_4)) {
                countHit();
                ok(result);
                return (int) INT_LE.get(pages[i], (int) addr & PAGE_MASK);
            }
            if (io.tagged(i, addr)) {
                return (int) loadDevice(i, addr, 4, false, attrs, result);
            }
        }
        return (int) loadSlowPath(addr, 4, false, attrs, result);
    }

    /**
     * Fetches a little-endian 32-bit instruction word: the value and result of
     * {@link #ldlLe(long, MemTxAttrs, AccessResult)} at the same address (QEMU's {@code cpu_ldl_code}),
     * served first from the <em>code window</em>, the page (or, in preallocated RAM, the window's range)
     * the last fetch read. An interpreter that fetches through this method pays one compare per
     * instruction on a cached code page, however its loads and stores move the entries; the code window
     * reads the page's live array, so stores to code (through any path) are seen by the next fetch, and it
     * is closed with the entries whenever they are flushed (a changed view, {@link #flush()}), under the
     * same coherence contract. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     */
    public int ldlLeCode(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - codeBiasedStart;
            if (b < codeRead4) {
                if (countHits) {
                    hits++;
                    codeHits++;
                }
                ok(result);
                return (int) INT_LE.get(codeBytes, (int) b + codeBase);
            }
        }
        final int v = ldlLe(addr, attrs, result);
        openCodeWindow(addr, attrs);
        return v;
    }

    /**
     * The array the code window reads (see {@link #ldlLeCode}): a page of sparse RAM or ROM, or a
     * preallocated block's array; null while the window is closed. With {@link #codeWindowStart()},
     * {@link #codeWindowOffset()} and {@link #codeWindowLength()} it lets an interpreter keep the window in
     * its own fields and fetch without calling this cache while the pc stays in it: the bytes at guest
     * addresses {@code start .. start + length - 1} are {@code bytes[offset .. offset + length - 1]},
     * live (stores through any path are seen). Such a copy is valid, for fetches with the attrs of the
     * {@code ldlLeCode} call that opened the window, as long as the memory system's
     * {@link MemorySystem#viewGeneration() view generation} keeps the value read
     * (with acquire) <em>before</em> that call: every commit that changes a view changes it, and no other
     * event moves the window's bytes (RAM pages never move). A copy checked that way honours both
     * coherence modes: the acquire read sees every commit that returned before the fetch started. The
     * copy is the caller's to drop when the CPU's slot may have changed (at a safe point).
     * {@code RiscvCpuStateHart} in the targets module is the worked example. Allocation free.
     *
     * @return the code window's array, live, or null when the window is closed
     */
    public byte[] codeWindowBytes() {
        return codeBytes;
    }

    /**
     * @return the guest address of the code window's first byte (see {@link #codeWindowBytes()});
     *     meaningless while the window is closed
     */
    public long codeWindowStart() {
        return codeBiasedStart - Long.MIN_VALUE;
    }

    /**
     * @return the index in {@link #codeWindowBytes()} of the code window's first byte; 0 while the window
     *     is closed
     */
    public int codeWindowOffset() {
        return codeBase;
    }

    /**
     * @return the code window's byte count: a page, or a preallocated range (at most
     *     {@link RamBlock#PREALLOC_MAX}); 0 while the window is closed
     */
    public long codeWindowLength() {
        return codeLength;
    }

    /**
     * After a fetch at {@code addr} through {@link #ldlLe}: makes the code window the window when it holds
     * the fetch (a fetch from preallocated RAM always leaves its range in the window), else the fetched
     * page's entry when it is a readable page with live bytes; leaves it as it is otherwise (MMIO, a hole,
     * a page never written, attrs that take the slow path).
     */
    private void openCodeWindow(long addr, MemTxAttrs attrs) {
        if ((attrs.bits() & SLOW_ATTRS) != 0 || !fresh()) {
            return;
        }
        if (addr - winBiasedStart < winRead4) {
            codeBiasedStart = winBiasedStart;
            codeRead4 = winRead4;
            codeBytes = winBytes;
            codeBase = winBase;
            codeLength = winRead1 - Long.MIN_VALUE;
            return;
        }
        final int i = index(addr);
        final long tag = addr & TAG_MASK;
        if (readTags[i] == tag) {
            codeBiasedStart = tag + Long.MIN_VALUE;
            codeRead4 = (PAGE_SIZE - 3) + Long.MIN_VALUE;
            codeBytes = pages[i];
            codeBase = 0;
            codeLength = PAGE_SIZE;
        }
    }

    /**
     * Loads a big-endian 32-bit value, as {@link AddressSpace#ldlBe(long, MemTxAttrs, AccessResult)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     */
    public int ldlBe(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead4) {
                countHit();
                ok(result);
                return (int) INT_BE.get(winBytes, (int) b + winBase);
            }
            final int i = index(addr);
            if (readTags[i] == (addr & ALIGNED_4)) {
                countHit();
                ok(result);
                return (int) INT_BE.get(pages[i], (int) addr & PAGE_MASK);
            }
            if (io.tagged(i, addr)) {
                return (int) loadDevice(i, addr, 4, true, attrs, result);
            }
        }
        return (int) loadSlowPath(addr, 4, true, attrs, result);
    }

    /**
     * Loads a little-endian 64-bit value, as {@link AddressSpace#ldqLe(long, MemTxAttrs, AccessResult)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     */
    public long ldqLe(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead8) {
                countHit();
                ok(result);
                return (long) LONG_LE.get(winBytes, (int) b + winBase);
            }
            final int i = index(addr);
            if (readTags[i] == (addr & ALIGNED_8)) {
                countHit();
                ok(result);
                return (long) LONG_LE.get(pages[i], (int) addr & PAGE_MASK);
            }
            if (io.tagged(i, addr)) {
                return loadDevice(i, addr, 8, false, attrs, result);
            }
        }
        return loadSlowPath(addr, 8, false, attrs, result);
    }

    /**
     * Loads a big-endian 64-bit value, as {@link AddressSpace#ldqBe(long, MemTxAttrs, AccessResult)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     */
    public long ldqBe(long addr, MemTxAttrs attrs, AccessResult result) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winRead8) {
                countHit();
                ok(result);
                return (long) LONG_BE.get(winBytes, (int) b + winBase);
            }
            final int i = index(addr);
            if (readTags[i] == (addr & ALIGNED_8)) {
                countHit();
                ok(result);
                return (long) LONG_BE.get(pages[i], (int) addr & PAGE_MASK);
            }
            if (io.tagged(i, addr)) {
                return loadDevice(i, addr, 8, true, attrs, result);
            }
        }
        return loadSlowPath(addr, 8, true, attrs, result);
    }

    /**
     * Loads {@code size} bytes as one value, as
     * {@link AddressSpace#load(long, int, boolean, MemTxAttrs, AccessResult)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of the value
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     */
    public long load(long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult result) {
        switch (size) {
            case 1:
                return ldub(addr, attrs, result);
            case 2:
                return bigEndian ? lduwBe(addr, attrs, result) : lduwLe(addr, attrs, result);
            case 4:
                return (bigEndian ? ldlBe(addr, attrs, result) : ldlLe(addr, attrs, result)) & 0xffff_ffffL;
            case 8:
                return bigEndian ? ldqBe(addr, attrs, result) : ldqLe(addr, attrs, result);
            default:
                throw badSize(addr, size);
        }
    }

    // ------------------------------------------------------------------------------------------ stores

    /**
     * Stores a byte, as {@link AddressSpace#stb(long, int, MemTxAttrs)} except that stores to read-only
     * RAM and ROM are discarded with {@link MemTxResult#OK}. Allocation free.
     *
     * @param addr the address, unsigned
     * @param value the byte, in the low 8 bits
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stb(long addr, int value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite1) {
                countHit();
                winBytes[(int) b + winBase] = (byte) value;
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & TAG_MASK)) {
                countHit();
                pages[i][(int) addr & PAGE_MASK] = (byte) value;
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 1, value & 0xffL, false, attrs);
            }
        }
        return storeSlowPath(addr, 1, value & 0xffL, false, attrs);
    }

    /**
     * Stores a little-endian 16-bit value; see {@link #stb(long, int, MemTxAttrs)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value, in the low 16 bits
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stwLe(long addr, int value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite2) {
                countHit();
                SHORT_LE.set(winBytes, (int) b + winBase, (short) value);
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & ALIGNED_2)) {
                countHit();
                SHORT_LE.set(pages[i], (int) addr & PAGE_MASK, (short) value);
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 2, value & 0xffffL, false, attrs);
            }
        }
        return storeSlowPath(addr, 2, value & 0xffffL, false, attrs);
    }

    /**
     * Stores a big-endian 16-bit value; see {@link #stb(long, int, MemTxAttrs)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value, in the low 16 bits
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stwBe(long addr, int value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite2) {
                countHit();
                SHORT_BE.set(winBytes, (int) b + winBase, (short) value);
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & ALIGNED_2)) {
                countHit();
                SHORT_BE.set(pages[i], (int) addr & PAGE_MASK, (short) value);
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 2, value & 0xffffL, true, attrs);
            }
        }
        return storeSlowPath(addr, 2, value & 0xffffL, true, attrs);
    }

    /**
     * Stores a little-endian 32-bit value; see {@link #stb(long, int, MemTxAttrs)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stlLe(long addr, int value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite4) {
                countHit();
                INT_LE.set(winBytes, (int) b + winBase, value);
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & ALIGNED_4)) {
                countHit();
                INT_LE.set(pages[i], (int) addr & PAGE_MASK, value);
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 4, value & 0xffff_ffffL, false, attrs);
            }
        }
        return storeSlowPath(addr, 4, value & 0xffff_ffffL, false, attrs);
    }

    /**
     * Stores a big-endian 32-bit value; see {@link #stb(long, int, MemTxAttrs)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stlBe(long addr, int value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite4) {
                countHit();
                INT_BE.set(winBytes, (int) b + winBase, value);
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & ALIGNED_4)) {
                countHit();
                INT_BE.set(pages[i], (int) addr & PAGE_MASK, value);
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 4, value & 0xffff_ffffL, true, attrs);
            }
        }
        return storeSlowPath(addr, 4, value & 0xffff_ffffL, true, attrs);
    }

    /**
     * Stores a little-endian 64-bit value; see {@link #stb(long, int, MemTxAttrs)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stqLe(long addr, long value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite8) {
                countHit();
                LONG_LE.set(winBytes, (int) b + winBase, value);
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & ALIGNED_8)) {
                countHit();
                LONG_LE.set(pages[i], (int) addr & PAGE_MASK, value);
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 8, value, false, attrs);
            }
        }
        return storeSlowPath(addr, 8, value, false, attrs);
    }

    /**
     * Stores a big-endian 64-bit value; see {@link #stb(long, int, MemTxAttrs)}. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     */
    public int stqBe(long addr, long value, MemTxAttrs attrs) {
        if (fresh() && (attrs.bits() & SLOW_ATTRS) == 0) {
            final long b = addr - winBiasedStart;
            if (b < winWrite8) {
                countHit();
                LONG_BE.set(winBytes, (int) b + winBase, value);
                return MemTxResult.OK;
            }
            final int i = index(addr);
            if (writeTags[i] == (addr & ALIGNED_8)) {
                countHit();
                LONG_BE.set(pages[i], (int) addr & PAGE_MASK, value);
                return MemTxResult.OK;
            }
            if (io.tagged(i, addr)) {
                return storeDevice(i, addr, 8, value, true, attrs);
            }
        }
        return storeSlowPath(addr, 8, value, true, attrs);
    }

    /**
     * Stores the low {@code size} bytes of {@code value}; see {@link #stb(long, int, MemTxAttrs)}.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @param bigEndian the byte order of the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     */
    public int store(long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        switch (size) {
            case 1:
                return stb(addr, (int) value, attrs);
            case 2:
                return bigEndian ? stwBe(addr, (int) value, attrs) : stwLe(addr, (int) value, attrs);
            case 4:
                return bigEndian ? stlBe(addr, (int) value, attrs) : stlLe(addr, (int) value, attrs);
            case 8:
                return bigEndian ? stqBe(addr, value, attrs) : stqLe(addr, value, attrs);
            default:
                throw badSize(addr, size);
        }
    }

    // ------------------------------------------------------------------------------- control, counters

    /**
     * Drops every entry (QEMU's {@code tlb_flush}); never needed for correctness, since a changed view
     * flushes the cache on the next access. Allocation free.
     */
    public void flush() {
        clear();
        flushes++;
    }

    /** @return accesses served by an entry without any lookup, while hit counting was on */
    public long hits() {
        return hits;
    }

    /**
     * @return accesses that took the slow path (refills, zero pages, MMIO without a device entry, discarded
     *     stores, ...)
     */
    public long misses() {
        return misses;
    }

    /** @return flushes: view changes seen by this cache, plus calls of {@link #flush()} */
    public long flushes() {
        return flushes;
    }

    /** @return loads of never-written RAM pages answered as zero by a zero entry (counted as misses too) */
    public long zeroPageHits() {
        return zeroPageHits;
    }

    /**
     * @return fetches ({@link #ldlLeCode}) served by the code window, while hit counting was on; they are
     *     counted in {@link #hits()} too
     */
    public long codeHits() {
        return codeHits;
    }

    /**
     * @return MMIO accesses served by a device entry (the device the page's last access went to, reached
     *     without the view's lookup), while hit counting was on; they are counted in {@link #hits()} too
     */
    public long deviceHits() {
        return deviceHits;
    }

    /** Sets every counter to zero. Allocation free. */
    public void resetCounters() {
        codeHits = 0;
        deviceHits = 0;
        hits = 0;
        misses = 0;
        flushes = 0;
        zeroPageHits = 0;
    }

    // ---------------------------------------------------------------------------------------- slow path

    /**
     * A load whose page has a device entry (its tag matched): the entry's device when it serves the
     * access, else {@link #loadSlowPath}. Kept out of the access methods, which inline only the tag test,
     * so that a CPU loop that inlines many access methods (the RISC-V hart inlines ten) keeps C2's inlining
     * budget for the hit paths: with the whole device test inlined, the hart's compilation ran out of it
     * ({@code -XX:+PrintInlining}: {@code fresh()} no longer inlined at nine access sites).
     */
    private long loadDevice(int i, long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult result) {
        if (io.servesLoad(i, addr)) {
            countDeviceHit();
            return io.load(i, addr, size, bigEndian, attrs, result);
        }
        return loadSlowPath(addr, size, bigEndian, attrs, result);
    }

    /** As {@link #loadDevice}, for stores. */
    private int storeDevice(int i, long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        if (io.servesStore(i, addr)) {
            countDeviceHit();
            return io.store(i, addr, size, value, bigEndian, attrs);
        }
        return storeSlowPath(addr, size, value, bigEndian, attrs);
    }

    private long loadSlowPath(long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult result) {
        final int i = index(addr);
        final boolean plain = (attrs.bits() & SLOW_ATTRS) == 0;
        final FlatView v = currentView();
        final int in = (int) addr & PAGE_MASK;
        if (plain && in <= PAGE_SIZE - size) {
            final long tag = addr & TAG_MASK;
            if (readTags[i] == tag) {
                // safe-point mode: a commit (elsewhere) moved the generation, this view kept its object
                countHit();
                ok(result);
                return get(pages[i], in, size, bigEndian);
            }
            if (denseReadTags[i] == tag) {
                // a page of a preallocated block outside the window: serve it, and make its range the window
                countHit();
                ok(result);
                openWindow(denseRanges[i], pages[i], denseWriteTags[i] == tag);
                return get(pages[i], in + bases[i], size, bigEndian);
            }
            misses++;
            if (zeroTags[i] != tag) {
                fill(v, tag, i, false);
            }
            if (zeroTags[i] == tag) {
                final byte[] page = zeroBlocks[i].pageIfAllocated(zeroOffsets[i]);
                if (page == null) {
                    zeroPageHits++;
                    ok(result);
                    return 0;
                }
                // another CPU (or a bulk write) allocated the page: refill with the live page
                fill(v, tag, i, false);
            }
            if (readTags[i] == tag) {
                ok(result);
                return get(pages[i], in, size, bigEndian);
            }
            if (denseReadTags[i] == tag) {
                ok(result);
                return get(pages[i], in + bases[i], size, bigEndian);
            }
        } else {
            misses++;
        }
        if (plain && io.fill(v, addr, i) && io.servesLoad(i, addr)) {
            return io.load(i, addr, size, bigEndian, attrs, result);
        }
        return as.load(addr, size, bigEndian, attrs, result);
    }

    private int storeSlowPath(long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        final int i = index(addr);
        final boolean plain = (attrs.bits() & SLOW_ATTRS) == 0;
        final FlatView v = currentView();
        final int in = (int) addr & PAGE_MASK;
        if (plain && in <= PAGE_SIZE - size) {
            final long tag = addr & TAG_MASK;
            if (writeTags[i] == tag) {
                // safe-point mode: a commit (elsewhere) moved the generation, this view kept its object
                countHit();
                set(pages[i], in, size, value, bigEndian);
                return MemTxResult.OK;
            }
            if (denseWriteTags[i] == tag) {
                // as in loadSlowPath
                countHit();
                openWindow(denseRanges[i], pages[i], true);
                set(pages[i], in + bases[i], size, value, bigEndian);
                return MemTxResult.OK;
            }
            misses++;
            fill(v, tag, i, true);
            if (writeTags[i] == tag) {
                set(pages[i], in, size, value, bigEndian);
                return MemTxResult.OK;
            }
            if (denseWriteTags[i] == tag) {
                set(pages[i], in + bases[i], size, value, bigEndian);
                return MemTxResult.OK;
            }
        } else {
            misses++;
        }
        if (plain && io.fill(v, addr, i) && io.servesStore(i, addr)) {
            return io.store(i, addr, size, value, bigEndian, attrs);
        }
        if (!attrs.debug() && isDiscarded(v, addr, size)) {
            return MemTxResult.OK;
        }
        return as.store(addr, size, value, bigEndian, attrs);
    }

    /**
     * TCG's {@code TLB_DISCARD_WRITE}: a store that lies entirely in a read-only range of RAM or ROM
     * (own or inherited readonly) changes nothing and succeeds.
     */
    static boolean isDiscarded(FlatView v, long addr, int size) {
        final FlatRange fr = v.lookup(addr);
        return fr != null && fr.region().isRam() && fr.readonly()
                && Long.compareUnsigned(fr.last() - addr, size - 1) >= 0;
    }

    /**
     * The current view, flushing the entries first when they were filled from another one. In safe-point
     * mode the generation is read (acquire) before the view, so the view is at least as new as it: a miss
     * takes every commit published so far, as a safe point does.
     */
    private FlatView currentView() {
        if (!strict) {
            seenGeneration = system.viewGeneration();
        }
        final FlatView v = as.flatView();
        if (v != view) {
            clear();
            view = v;
            flushes++;
        }
        return v;
    }

    /**
     * Fills entry {@code i} for the page at {@code tag} of view {@code v}, or leaves it empty when the
     * page is not cacheable. {@code forWrite} allocates a never-written page of writable RAM.
     */
    private void fill(FlatView v, long tag, int i, boolean forWrite) {
        readTags[i] = INVALID;
        writeTags[i] = INVALID;
        zeroTags[i] = INVALID;
        denseReadTags[i] = INVALID;
        denseWriteTags[i] = INVALID;
        pages[i] = null;
        bases[i] = 0;
        denseRanges[i] = null;
        zeroBlocks[i] = null;
        final FlatRange fr = v.lookup(tag);
        if (fr == null || !fr.contains(tag + PAGE_MASK)) {
            return;
        }
        final MemoryRegion mr = fr.region();
        final MemoryRegion.Kind kind = mr.kind();
        final boolean direct = mr.isRam() || (kind == MemoryRegion.Kind.ROM_DEVICE && fr.romdMode());
        final RamBlock block = mr.ramBlock();
        final long offset = tag - fr.start() + fr.offsetInRegion();
        if (!direct || block == null || !blockCovers(block, offset)) {
            return;
        }
        final boolean writable = mr.isRam() && !fr.readonly();
        final byte[] dense = block.preallocatedBytes();
        if (dense != null) {
            // one array: any region offset will do, and the whole range becomes the window
            pages[i] = dense;
            bases[i] = (int) offset;
            denseRanges[i] = fr;
            denseReadTags[i] = tag;
            if (writable) {
                denseWriteTags[i] = tag;
            }
            openWindow(fr, dense, writable);
            return;
        }
        if ((offset & PAGE_MASK) != 0) {
            return;
        }
        final byte[] page = forWrite && writable ? block.pageForWrite(offset) : block.pageIfAllocated(offset);
        if (page == null) {
            zeroTags[i] = tag;
            zeroBlocks[i] = block;
            zeroOffsets[i] = offset;
            return;
        }
        pages[i] = page;
        readTags[i] = tag;
        if (writable) {
            writeTags[i] = tag;
        }
    }

    /**
     * Makes range {@code fr} of a preallocated block the window: the part of it that lies in the block
     * (a region may outgrow its block), readable, and writable when {@code writable}.
     */
    private void openWindow(FlatRange fr, byte[] dense, boolean writable) {
        final long offset = fr.offsetInRegion();
        // the range's byte count, clipped to the block (room >= 1: the filled page lies in both)
        final long span = fr.last() - fr.start();
        final long room = dense.length - offset;
        final long count = Long.compareUnsigned(span, room - 1) < 0 ? span + 1 : room;
        winBiasedStart = fr.start() + Long.MIN_VALUE;
        winBytes = dense;
        winBase = (int) offset;
        winRead1 = count + Long.MIN_VALUE;
        winRead2 = Math.max(0, count - 1) + Long.MIN_VALUE;
        winRead4 = Math.max(0, count - 3) + Long.MIN_VALUE;
        winRead8 = Math.max(0, count - 7) + Long.MIN_VALUE;
        winWrite1 = writable ? winRead1 : Long.MIN_VALUE;
        winWrite2 = writable ? winRead2 : Long.MIN_VALUE;
        winWrite4 = writable ? winRead4 : Long.MIN_VALUE;
        winWrite8 = writable ? winRead8 : Long.MIN_VALUE;
    }

    /** @return true when the page at {@code offset} lies inside the block (a region may outgrow it) */
    static boolean blockCovers(RamBlock block, long offset) {
        final long size = block.size();
        final long lastOffset = size == MemoryRegion.SIZE_2_64 ? -1L : size - 1;
        return size != 0 && Long.compareUnsigned(offset + PAGE_MASK, lastOffset) <= 0
                && Long.compareUnsigned(offset, offset + PAGE_MASK) < 0;
    }

    private void clear() {
        Arrays.fill(readTags, INVALID);
        Arrays.fill(writeTags, INVALID);
        Arrays.fill(zeroTags, INVALID);
        Arrays.fill(denseReadTags, INVALID);
        Arrays.fill(denseWriteTags, INVALID);
        Arrays.fill(pages, null);
        Arrays.fill(denseRanges, null);
        Arrays.fill(zeroBlocks, null);
        io.clear();
        winBiasedStart = Long.MIN_VALUE;
        winRead1 = Long.MIN_VALUE;
        winRead2 = Long.MIN_VALUE;
        winRead4 = Long.MIN_VALUE;
        winRead8 = Long.MIN_VALUE;
        winWrite1 = Long.MIN_VALUE;
        winWrite2 = Long.MIN_VALUE;
        winWrite4 = Long.MIN_VALUE;
        winWrite8 = Long.MIN_VALUE;
        winBytes = null;
        winBase = 0;
        codeBiasedStart = Long.MIN_VALUE;
        codeRead4 = Long.MIN_VALUE;
        codeBytes = null;
        codeBase = 0;
        codeLength = 0;
    }

    private static long get(byte[] page, int in, int size, boolean bigEndian) {
        switch (size) {
            case 1:
                return page[in] & 0xffL;
            case 2:
                return (short) (bigEndian ? SHORT_BE.get(page, in) : SHORT_LE.get(page, in)) & 0xffffL;
            case 4:
                return (int) (bigEndian ? INT_BE.get(page, in) : INT_LE.get(page, in)) & 0xffff_ffffL;
            default:
                return bigEndian ? (long) LONG_BE.get(page, in) : (long) LONG_LE.get(page, in);
        }
    }

    private static void set(byte[] page, int in, int size, long value, boolean bigEndian) {
        switch (size) {
            case 1:
                page[in] = (byte) value;
                break;
            case 2:
                if (bigEndian) {
                    SHORT_BE.set(page, in, (short) value);
                } else {
                    SHORT_LE.set(page, in, (short) value);
                }
                break;
            case 4:
                if (bigEndian) {
                    INT_BE.set(page, in, (int) value);
                } else {
                    INT_LE.set(page, in, (int) value);
                }
                break;
            default:
                if (bigEndian) {
                    LONG_BE.set(page, in, value);
                } else {
                    LONG_LE.set(page, in, value);
                }
                break;
        }
    }

    private static void ok(AccessResult result) {
        if (result != null) {
            result.set(MemTxResult.OK);
        }
    }

    static IllegalArgumentException badSize(long addr, int size) {
        return new IllegalArgumentException("access size=" + size + " at addr=0x" + Long.toHexString(addr)
                + " is not 1, 2, 4 or 8");
    }

    private static VarHandle view(Class<?> arrayClass, ByteOrder order) {
        return MethodHandles.byteArrayViewVarHandle(arrayClass, order);
    }

    @Override
    public String toString() {
        return "PageCache[" + as.name() + " hits=" + hits + " misses=" + misses + " flushes=" + flushes + "]";
    }
}
