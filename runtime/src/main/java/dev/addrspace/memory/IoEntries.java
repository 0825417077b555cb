package dev.addrspace.memory;

import java.util.Arrays;

/**
 * The device entries of a CPU's page cache (QEMU's {@code iotlb}): direct-mapped entries, each a page
 * tag plus the device range of a {@link FlatView} that a load or store at that page resolved to, so that
 * the next access to the same device goes straight to its dispatch, without the view's lookup.
 *
 * <p>Internal API of {@code dev.addrspace.cpu}'s page cache (public because Java has no friend
 * packages); usable by any per-thread cache that clears it when its view changes.
 *
 * <p>An entry is filled by {@link #fill} from the view the cache's RAM entries come from, and serves an
 * access ({@link #load}, {@link #store}) exactly as {@link AddressSpace#load} and {@link AddressSpace#store}
 * serve it in that view: the same range, the same one dispatch of the full size (never split, also when
 * the access runs past the range's end, as QEMU's {@code address_space_ld*}), the same device dispatch
 * ({@code MmioDispatch}) with its validity checks, byte order and re-entrancy guard. Only ranges that the
 * fixed-size path dispatches to a device are cached: devices and ROM devices out of romd mode (not RAM,
 * ROM, romd ROM devices, IOMMUs or holes). Accesses whose attrs have {@code memory} set are not served
 * here (the caller sends them to the address space, which refuses them).
 *
 * <p>The caller owns freshness: it must {@link #clear()} the entries whenever the view it filled them from
 * is no longer the one it serves accesses from (the page cache does this with its RAM entries), so that
 * every entry belongs to one view. A stale entry, used before the owner's next safe point in the page
 * cache's safe-point mode, calls a device of an earlier view of the same address space, as a QEMU vCPU's
 * {@code iotlb} does until the end of its translation block.
 *
 * <p>Not thread safe: owned by one CPU thread. Allocation free after construction.
 */
public final class IoEntries {

    /**
     * A tag no access matches: page tags have their low bits clear ({@code pageMask} of at least 7 bits
     * is required by the constructor).
     */
    private static final long INVALID = 1L;

    private final long[] tags;
    private final AccessRange[] ranges;
    private final long tagMask;

    /**
     * Creates empty entries.
     *
     * @param entries the number of entries, a power of two
     * @param pageBits the page size's bit count, 7 to 30: the tag of {@code addr} is
     *                 {@code addr & -(1 << pageBits)}
     * @throws IllegalArgumentException if {@code entries} is not a power of two at least 1 or
     *                                  {@code pageBits} is out of range
     */
    public IoEntries(int entries, int pageBits) {
        if (entries < 1 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two, got " + entries);
        }
        if (pageBits < 7 || pageBits > 30) {
            throw new IllegalArgumentException("pageBits must be 7 to 30, got " + pageBits);
        }
        this.tags = new long[entries];
        this.ranges = new AccessRange[entries];
        this.tagMask = -(1L << pageBits);
        clear();
    }

    /**
     * Whether entry {@code i} is {@code addr}'s page: the first half of {@link #servesLoad} and
     * {@link #servesStore}, small enough for a caller to inline into every access method. Allocation free.
     *
     * @param i the entry the caller keeps {@code addr}'s page in (as given to {@link #fill})
     * @param addr the address, unsigned
     * @return true when the entry holds a device range of {@code addr}'s page
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not an entry
     */
    public boolean tagged(int i, long addr) {
        return tags[i] == (addr & tagMask);
    }

    /**
     * Whether entry {@code i} serves a load at {@code addr}: the entry's tag is {@code addr}'s page and its
     * device range covers {@code addr} and takes fixed-size loads. Allocation free.
     *
     * @param i the entry the caller keeps {@code addr}'s page in (as given to {@link #fill})
     * @param addr the address, unsigned
     * @return true when {@link #load} may serve the access
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not an entry
     */
    public boolean servesLoad(int i, long addr) {
        if (!tagged(i, addr)) {
            return false;
        }
        final AccessRange r = ranges[i];
        return r.mmioLoad && addr - r.biasedStart <= r.biasedSpan;
    }

    /**
     * Whether entry {@code i} serves a store at {@code addr}, as {@link #servesLoad} for fixed-size stores.
     *
     * @param i the entry
     * @param addr the address, unsigned
     * @return true when {@link #store} may serve the access
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not an entry
     */
    public boolean servesStore(int i, long addr) {
        if (!tagged(i, addr)) {
            return false;
        }
        final AccessRange r = ranges[i];
        return r.mmioStore && addr - r.biasedStart <= r.biasedSpan;
    }

    /**
     * Loads through entry {@code i}, which {@link #servesLoad} accepted for {@code addr}: one dispatch of
     * {@code size} bytes to the entry's device, with {@link AddressSpace#load}'s value and result.
     *
     * @param i the entry
     * @param addr the address, unsigned
     * @param size 1, 2, 4 or 8 (not checked: the caller's access size)
     * @param bigEndian the byte order of the value
     * @param attrs the attrs, without {@code memory} (not checked)
     * @param out receives the result; may be null
     * @return the value, zero-extended; 0 when the device refused the access
     * @throws NullPointerException if entry {@code i} is empty (an entry that holds another range than
     *                              {@code addr}'s is not detected: test {@link #servesLoad} first)
     */
    public long load(int i, long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult out) {
        final AccessRange r = ranges[i];
        return MmioDispatch.read(r, addr + r.delta, size, bigEndian, attrs, out);
    }

    /**
     * Stores through entry {@code i}, which {@link #servesStore} accepted for {@code addr}: one dispatch of
     * the low {@code size} bytes of {@code value} to the entry's device, with {@link AddressSpace#store}'s
     * effect and result.
     *
     * @param i the entry
     * @param addr the address, unsigned
     * @param size 1, 2, 4 or 8 (not checked: the caller's access size)
     * @param value the value
     * @param bigEndian the byte order of the value
     * @param attrs the attrs, without {@code memory} (not checked)
     * @return the access's {@link MemTxResult}
     * @throws NullPointerException if entry {@code i} is empty (test {@link #servesStore} first)
     */
    public int store(int i, long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        final AccessRange r = ranges[i];
        return MmioDispatch.write(r, addr + r.delta, value & MmioDispatch.sizeMask(size), size, bigEndian, attrs);
    }

    /**
     * Fills entry {@code i} with the range of {@code view} at {@code addr} when the fixed-size path
     * dispatches there to a device (see the class comment), else empties it. The view's lookup structure
     * is built if it was not; otherwise allocation free.
     *
     * @param view the view the caller serves accesses from
     * @param addr the address, unsigned
     * @param i the entry the caller keeps {@code addr}'s page in (any function of the page number)
     * @return true when the entry now holds a device range covering {@code addr}
     * @throws NullPointerException if {@code view} is null
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not an entry
     */
    public boolean fill(FlatView view, long addr, int i) {
        final AccessRange r = view.find(addr);
        if (r == null || !(r.mmioLoad || r.mmioStore)) {
            tags[i] = INVALID;
            ranges[i] = null;
            return false;
        }
        tags[i] = addr & tagMask;
        ranges[i] = r;
        return true;
    }

    /** Empties every entry. Allocation free. */
    public void clear() {
        Arrays.fill(tags, INVALID);
        Arrays.fill(ranges, null);
    }

    @Override
    public String toString() {
        int used = 0;
        for (long t : tags) {
            if (t != INVALID) {
                used++;
            }
        }
        return "IoEntries[" + used + " of " + tags.length + " used]";
    }
}
