package dev.addrspace.memory;

/**
 * A caller-owned, reusable holder of a {@link MemTxResult}, so that an access can return its value and
 * still report its result without allocating: QEMU's {@code MemTxResult *result} out-parameter.
 *
 * <p>Two uses. The fixed-size loads and stores of {@link AddressSpace} <em>set</em> it to the access's
 * result. A device's {@link MmioOps#readWithAttrs} receives one (owned by the dispatcher, cleared before
 * the call) and <em>raises</em> error flags into it; it never needs to clear it.
 *
 * <p>Not thread safe: owned by one thread. Allocation free after construction.
 */
public final class AccessResult {

    private int result;

    /** Creates a holder of {@link MemTxResult#OK}. */
    public AccessResult() {
    }

    /** @return the result: {@link MemTxResult} flags, {@link MemTxResult#OK} being 0 */
    public int get() {
        return result;
    }

    /** @return true when the result is {@link MemTxResult#OK} */
    public boolean isOk() {
        return result == MemTxResult.OK;
    }

    /**
     * Replaces the result.
     *
     * @param result {@link MemTxResult} flags
     */
    public void set(int result) {
        this.result = result;
    }

    /**
     * ORs flags into the result, as QEMU ORs the results of the pieces of a split access.
     *
     * @param flags {@link MemTxResult} flags, for example {@link MemTxResult#ERROR}
     */
    public void raise(int flags) {
        this.result |= flags;
    }

    /** Resets the result to {@link MemTxResult#OK}. */
    public void clear() {
        this.result = MemTxResult.OK;
    }

    @Override
    public String toString() {
        return "AccessResult[" + MemTxResult.toString(result) + "]";
    }
}
