package dev.addrspace.memory;

/**
 * Callbacks on the changes of one address space's flat view, as QEMU's {@code MemoryListener}. Register
 * with {@link AddressSpace#registerListener(MemoryListener)}; every method defaults to doing nothing.
 *
 * <p>Order, as QEMU: on every commit that re-renders, {@link #begin()} goes to every listener of the
 * memory system (ascending priority); then, address space by address space in creation order, first
 * every {@link #regionDel} (descending priority) and then every {@link #regionNop}, {@link #logStart},
 * {@link #logStop} and {@link #regionAdd} in address order ({@code logStop} descending, the others
 * ascending priority); then {@link #commit()} to every listener. Registering replays the current view:
 * {@code begin}, {@code regionAdd} (and {@code logStart(s, 0, mask)} for logged ranges) per range in
 * address order, {@code commit}.
 *
 * <p>Callbacks run on the writer's thread while it holds the memory system; they must not mutate the
 * region tree.
 */
public interface MemoryListener {

    /** Called before the changes of a commit, on every listener of the memory system. */
    default void begin() {
    }

    /** Called after the changes of a commit, on every listener of the memory system. */
    default void commit() {
    }

    /**
     * A range appeared (or changed its attributes and is re-added).
     *
     * @param section the new range
     */
    default void regionAdd(MemoryRegionSection section) {
    }

    /**
     * A range disappeared (or changed its attributes and is about to be re-added).
     *
     * @param section the old range
     */
    default void regionDel(MemoryRegionSection section) {
    }

    /**
     * A range is unchanged by the commit (its dirty-log mask aside).
     *
     * @param section the range
     */
    default void regionNop(MemoryRegionSection section) {
    }

    /**
     * Dirty logging gained clients on a range.
     *
     * @param section the range
     * @param oldMask the previous dirty-log mask
     * @param newMask the new dirty-log mask
     */
    default void logStart(MemoryRegionSection section, int oldMask, int newMask) {
    }

    /**
     * Dirty logging lost clients on a range.
     *
     * @param section the range
     * @param oldMask the previous dirty-log mask
     * @param newMask the new dirty-log mask
     */
    default void logStop(MemoryRegionSection section, int oldMask, int newMask) {
    }

    /**
     * The listener's priority: lower runs first for adds, nops and starts, last for deletes and stops.
     * QEMU uses 0 by default and 10 for accelerators and device back ends.
     *
     * @return the priority, read once at registration
     */
    default int priority() {
        return 0;
    }
}
