package dev.addrspace.cpu;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemoryListener;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemoryRegionSection;
import dev.addrspace.memory.RamBlock;

/**
 * A direct-memory window: a grant of the backing {@link RamBlock} behind a range of an address space,
 * for bulk users (loaders, DMA engines, a JIT) that want RAM without a lookup per access, modelled on
 * SystemC TLM's DMI. {@link #grant} looks the address up once and grants the largest range around it
 * that one RAM (or ROM) range of the current view maps, with the permissions asked for; the window then
 * reads and writes the block directly, and hands out the block and its offsets for users that keep
 * their own pointers.
 *
 * <p>Revocation: the window listens to its address space. A commit that unmaps or changes any byte of
 * the window's range (another region over it, the RAM moved or removed, made read-only under a write
 * window, the address space destroyed) revokes it before the commit returns: {@link #isValid()} turns
 * false, every later use throws {@link IllegalStateException}, and the {@link RevocationListener} runs
 * on the committing thread, under the memory system's lock (it must not change the topology). A commit
 * that leaves the range mapped as it was keeps the window, even if the range's neighbours change; a
 * change that splits the range may revoke it although the bytes stay mapped (TLM allows spurious
 * invalidation, never a missing one). {@link #revoke()} gives a window back early.
 *
 * <p>An access that races with a revoking commit either completes on the old mapping (as if it came
 * before the commit) or throws; a user that must not lose a write checks {@link #isValid()} after its
 * accesses, as a TLM initiator re-requests DMI after an invalidation.
 *
 * <p>Safe for concurrent readers; writers serialize on the memory system. Accesses are allocation free;
 * {@link #grant} allocates.
 */
public final class DirectWindow {

    /** Read permission. */
    public static final int READ = 1;
    /** Write permission. */
    public static final int WRITE = 2;
    /** Read and write permission. */
    public static final int READ_WRITE = READ | WRITE;

    /** Told when a window is revoked. */
    @FunctionalInterface
    public interface RevocationListener {
        /**
         * The window was revoked by a commit or by {@link DirectWindow#revoke()}. Runs on the revoking
         * thread, under the memory system's lock; it must not change the topology.
         *
         * @param window the revoked window
         */
        void revoked(DirectWindow window);
    }

    private final AddressSpace as;
    private final long start;
    private final long last;
    private final RamBlock block;
    private final long blockOffset;
    private final int access;
    private final RevocationListener onRevoke;
    private final Watcher watcher = new Watcher();
    // volatile: a revocation on the committing thread is seen by the user's next access
    private volatile boolean valid = true;

    private DirectWindow(AddressSpace as, long start, long last, RamBlock block, long blockOffset, int access,
            RevocationListener onRevoke) {
        this.as = as;
        this.start = start;
        this.last = last;
        this.block = block;
        this.blockOffset = blockOffset;
        this.access = access;
        this.onRevoke = onRevoke;
    }

    /**
     * Grants a window at {@code addr}: the bytes from {@code addr} up to {@code addr + len - 1}, clipped
     * to the RAM or ROM range of the current view that holds {@code addr}. Read needs RAM, ROM or a ROM
     * device in romd mode; write needs RAM that is not read-only (own or inherited). Allocates.
     *
     * @param as the address space
     * @param addr the first address, unsigned
     * @param len the byte count wanted, unsigned, at least 1 (the window may be shorter)
     * @param access {@link #READ}, {@link #WRITE} or {@link #READ_WRITE}
     * @param onRevoke told when the window is revoked; may be null
     * @return the window, or null when {@code addr} is not backed by memory that allows {@code access}
     * @throws NullPointerException if {@code as} is null
     * @throws IllegalArgumentException if {@code len} is 0 or {@code access} is not a permission set
     */
    public static DirectWindow grant(AddressSpace as, long addr, long len, int access, RevocationListener onRevoke) {
        if (as == null) {
            throw new NullPointerException("address space");
        }
        if (len == 0 || access < READ || access > READ_WRITE) {
            throw new IllegalArgumentException("direct window at addr=0x" + Long.toHexString(addr) + " len=0x"
                    + Long.toHexString(len) + " access=" + access + ": len must be > 0 and access 1..3");
        }
        synchronized (as.system()) {
            if (as.isDestroyed()) {
                return null;
            }
            final FlatRange fr = as.flatView().lookup(addr);
            if (fr == null || (permitted(fr) & access) != access) {
                return null;
            }
            final long want = addr + (len - 1);
            long end = Long.compareUnsigned(want, addr) < 0 || Long.compareUnsigned(want, fr.last()) > 0
                    ? fr.last() : want;
            final RamBlock block = fr.region().ramBlock();
            final long offset = addr - fr.start() + fr.offsetInRegion();
            final long blockLast = block.size() == MemoryRegion.SIZE_2_64 ? -1L : block.size() - 1;
            if (Long.compareUnsigned(offset, blockLast) > 0) {
                return null;
            }
            if (Long.compareUnsigned(end - addr, blockLast - offset) > 0) {
                end = addr + (blockLast - offset);
            }
            final DirectWindow w = new DirectWindow(as, addr, end, block, offset, access, onRevoke);
            as.registerListener(w.watcher);
            return w;
        }
    }

    /** @return the permissions a range allows a window: READ, WRITE or both, 0 for none */
    private static int permitted(FlatRange fr) {
        final MemoryRegion mr = fr.region();
        if (mr.ramBlock() == null) {
            return 0;
        }
        final boolean direct = mr.isRam() || (mr.kind() == MemoryRegion.Kind.ROM_DEVICE && fr.romdMode());
        if (!direct) {
            return 0;
        }
        return mr.isRam() && !fr.readonly() ? READ_WRITE : READ;
    }

    /** @return the address space the window belongs to */
    public AddressSpace addressSpace() {
        return as;
    }

    /** @return the first address of the window, unsigned */
    public long start() {
        return start;
    }

    /** @return the last address of the window, inclusive, unsigned */
    public long last() {
        return last;
    }

    /** @return the granted permissions, {@link #READ}, {@link #WRITE} or {@link #READ_WRITE} */
    public int access() {
        return access;
    }

    /** @return the backing block; valid for the window's range while {@link #isValid()} */
    public RamBlock ramBlock() {
        return block;
    }

    /** @return the block offset of {@link #start()} */
    public long blockOffset() {
        return blockOffset;
    }

    /** @return true until the window is revoked */
    public boolean isValid() {
        return valid;
    }

    /**
     * The block offset of {@code addr}. Allocation free.
     *
     * @param addr an address of the window
     * @return its offset in {@link #ramBlock()}
     * @throws IndexOutOfBoundsException if {@code addr} is outside the window
     * @throws IllegalStateException if the window is revoked
     */
    public long offsetOf(long addr) {
        return check(addr, 1, 0);
    }

    /**
     * Loads {@code size} bytes as one value. Allocation free.
     *
     * @param addr the address, unsigned, inside the window with all its bytes
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order
     * @return the value, zero-extended
     * @throws IndexOutOfBoundsException if a byte is outside the window
     * @throws IllegalStateException if the window is revoked or has no read permission
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     */
    public long load(long addr, int size, boolean bigEndian) {
        return block.load(check(addr, size, READ), size, bigEndian);
    }

    /**
     * Stores the low {@code size} bytes of {@code value}. Allocation free once the page holds data.
     *
     * @param addr the address, unsigned, inside the window with all its bytes
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @param bigEndian the byte order
     * @throws IndexOutOfBoundsException if a byte is outside the window
     * @throws IllegalStateException if the window is revoked or has no write permission
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     */
    public void store(long addr, int size, long value, boolean bigEndian) {
        block.store(check(addr, size, WRITE), size, value, bigEndian);
    }

    /**
     * Copies {@code len} bytes of the window into {@code dst}. Allocation free.
     *
     * @param addr the first address, unsigned
     * @param dst the destination
     * @param off the index in {@code dst} of the first byte
     * @param len the byte count
     * @throws IndexOutOfBoundsException if a byte is outside the window or {@code dst}
     * @throws IllegalStateException if the window is revoked or has no read permission
     */
    public void read(long addr, byte[] dst, int off, int len) {
        if (len == 0) {
            check(addr, 1, READ);
            return;
        }
        block.read(check(addr, len, READ), dst, off, len);
    }

    /**
     * Copies {@code len} bytes from {@code src} into the window; allocates the pages it is the first to
     * write.
     *
     * @param addr the first address, unsigned
     * @param src the source
     * @param off the index in {@code src} of the first byte
     * @param len the byte count
     * @throws IndexOutOfBoundsException if a byte is outside the window or {@code src}
     * @throws IllegalStateException if the window is revoked or has no write permission
     */
    public void write(long addr, byte[] src, int off, int len) {
        if (len == 0) {
            check(addr, 1, WRITE);
            return;
        }
        block.write(check(addr, len, WRITE), src, off, len);
    }

    /**
     * Gives the window back: it turns invalid, its listener is unregistered and its
     * {@link RevocationListener} runs. Idempotent.
     */
    public void revoke() {
        synchronized (as.system()) {
            revokeLocked();
        }
    }

    private void revokeLocked() {
        if (!valid) {
            return;
        }
        valid = false;
        try {
            if (!as.isDestroyed()) {
                as.unregisterListener(watcher);
            }
        } catch (IllegalArgumentException alreadyGone) {
            // destroy() unregisters every listener itself
        } finally {
            if (onRevoke != null) {
                onRevoke.revoked(this);
            }
        }
    }

    /** One overflow-safe check of validity, permission and range; returns the block offset of {@code addr}. */
    private long check(long addr, long len, int need) {
        if (!valid) {
            throw new IllegalStateException("direct window " + this + " is revoked");
        }
        if ((access & need) != need) {
            throw new IllegalStateException("direct window " + this + " lacks " + (need == READ ? "read" : "write")
                    + " permission");
        }
        final long rel = addr - start;
        if (len <= 0 || Long.compareUnsigned(rel, last - start) > 0 || Long.compareUnsigned(len - 1, last - addr) > 0) {
            throw new IndexOutOfBoundsException("direct window access out of range: addr=0x" + Long.toHexString(addr)
                    + " len=" + len + " window=0x" + Long.toHexString(start) + "-0x" + Long.toHexString(last));
        }
        return blockOffset + rel;
    }

    private boolean overlaps(MemoryRegionSection s) {
        return Long.compareUnsigned(s.offsetWithinAddressSpace(), last) <= 0
                && Long.compareUnsigned(s.last(), start) >= 0;
    }

    /** @return true when {@code v} still maps the whole window to the same bytes with the same permissions */
    private boolean stillMapped(FlatView v) {
        final FlatRange fr = v.lookup(start);
        return fr != null && Long.compareUnsigned(fr.last(), last) >= 0 && fr.region().ramBlock() == block
                && start - fr.start() + fr.offsetInRegion() == blockOffset && (permitted(fr) & access) == access;
    }

    /**
     * Watches the address space's commits: a deletion overlapping the window revokes it unless the same
     * commit maps the window again exactly as before (a deletion with no add or nop over the window is
     * an unmapping, or the address space being destroyed).
     */
    private final class Watcher implements MemoryListener {
        private boolean deleted;
        private boolean covered;

        @Override
        public void begin() {
            deleted = false;
            covered = false;
        }

        @Override
        public void regionDel(MemoryRegionSection section) {
            if (valid && overlaps(section)) {
                deleted = true;
            }
        }

        @Override
        public void regionAdd(MemoryRegionSection section) {
            if (valid && overlaps(section)) {
                covered = true;
            }
        }

        @Override
        public void regionNop(MemoryRegionSection section) {
            if (valid && overlaps(section)) {
                covered = true;
            }
        }

        @Override
        public void commit() {
            if (valid && deleted && !(covered && !as.isDestroyed() && stillMapped(as.flatView()))) {
                revokeLocked();
            }
        }
    }

    @Override
    public String toString() {
        return "DirectWindow[" + as.name() + " 0x" + Long.toHexString(start) + "-0x" + Long.toHexString(last)
                + (access == READ ? " r" : access == WRITE ? " w" : " rw") + (valid ? "" : " revoked") + "]";
    }
}
