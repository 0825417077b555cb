package dev.addrspace.memory;

/**
 * A device's register callbacks and access constraints, as QEMU's {@code MemoryRegionOps}. Every method
 * has a default, so a device implements only what it needs; most implement just
 * {@link #read(long, int)} and {@link #write(long, long, int)}:
 *
 * <pre>{@code
 * final class Uart implements MmioOps {
 *     public long read(long addr, int size) { return addr == 0 ? rxByte() : status(); }
 *     public void write(long addr, long value, int size) { if (addr == 0) tx((int) value); }
 *     public AccessConstraints valid() { return AccessConstraints.of(1, 4); }
 * }
 * }</pre>
 *
 * <p><b>Callbacks.</b> A device that needs the attrs or must report an error implements
 * {@link #readWithAttrs} and {@link #writeWithAttrs} instead. As in QEMU, the plain pair wins when both
 * are there: the dispatcher calls {@link #read(long, int)} when the device's class overrides it and
 * {@link #readWithAttrs} otherwise (likewise for writes); the class is inspected once per class, not per
 * access. {@code addr} is the offset inside the region; {@code size} is 1, 2, 4 or 8 (after the
 * {@link #impl()} adjustment); values are in the device's own byte order ({@link #endianness()}),
 * zero-extended; the dispatcher masks what it takes from a read to {@code size} bytes.
 *
 * <p><b>Constraints</b> ({@link #endianness()}, {@link #valid()}, {@link #impl()}, {@link #lockless()},
 * {@link #reentrancyGuardDisabled()}) are read when a view is rendered and cached in its dispatch: like
 * QEMU's {@code const MemoryRegionOps}, they must not change while the region is mapped.
 * {@link #accepts} is called on every access (QEMU's {@code valid.accepts}).
 *
 * <p>Callbacks run on the thread that makes the access, with no lock held (this runtime has no big
 * lock): a device that several CPU threads reach must synchronize itself. An exception thrown by a
 * callback propagates to the caller of the access; the dispatcher's per-thread state (the re-entrancy
 * guard) is restored first.
 *
 * <p><b>Re-entrancy.</b> While a callback of a device region runs, an access by the same thread that
 * reaches the same region again (a DMA loop onto its own registers) is refused with
 * {@link MemTxResult#ACCESS_ERROR} and a one-time warning, as QEMU's re-entrancy guard, unless
 * {@link #lockless()} or {@link #reentrancyGuardDisabled()}. Other threads are never refused.
 */
public interface MmioOps {

    /**
     * QEMU's {@code unassigned_io_ops}, the ops of the I/O port space root: reads return all ones, writes
     * are ignored, both with {@link MemTxResult#OK}; no re-entrancy guard (it has no device).
     */
    MmioOps UNASSIGNED_IO = new MmioOps() {
        @Override
        public long read(long addr, int size) {
            return -1L;
        }

        @Override
        public void write(long addr, long value, int size) {
        }

        @Override
        public boolean reentrancyGuardDisabled() {
            return true;
        }

        @Override
        public String toString() {
            return "MmioOps.UNASSIGNED_IO";
        }
    };

    /**
     * QEMU's {@code unassigned_mem_ops}, what a hole, a reservation and a write to ROM dispatch to:
     * {@link #accepts} refuses everything, so reads return 0 and writes are dropped, both with
     * {@link MemTxResult#DECODE_ERROR}, and no callback runs.
     */
    MmioOps UNASSIGNED_MEM = new MmioOps() {
        @Override
        public long read(long addr, int size) {
            return 0;
        }

        @Override
        public void write(long addr, long value, int size) {
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return false;
        }

        @Override
        public boolean reentrancyGuardDisabled() {
            return true;
        }

        @Override
        public String toString() {
            return "MmioOps.UNASSIGNED_MEM";
        }
    };

    /**
     * Reads a register. The default returns 0 (a device without readable registers).
     *
     * @param addr the offset in the region
     * @param size the access size in bytes: 1, 2, 4 or 8
     * @return the value, in the device's byte order
     */
    default long read(long addr, int size) {
        return 0;
    }

    /**
     * Writes a register. The default ignores the write.
     *
     * @param addr the offset in the region
     * @param value the value, in the device's byte order, zero-extended from {@code size} bytes
     * @param size the access size in bytes: 1, 2, 4 or 8
     */
    default void write(long addr, long value, int size) {
    }

    /**
     * Reads a register, seeing the attrs and able to fail. Called only when the class does not override
     * {@link #read(long, int)}. The default calls {@link #read(long, int)}.
     *
     * @param addr the offset in the region
     * @param size the access size in bytes: 1, 2, 4 or 8
     * @param attrs the transaction's attrs
     * @param result a holder cleared to {@link MemTxResult#OK} by the dispatcher; raise
     *               {@link MemTxResult#ERROR} (or another flag) into it to fail the access
     * @return the value, in the device's byte order
     */
    default long readWithAttrs(long addr, int size, MemTxAttrs attrs, AccessResult result) {
        return read(addr, size);
    }

    /**
     * Writes a register, seeing the attrs and able to fail. Called only when the class does not override
     * {@link #write(long, long, int)}. The default calls {@link #write(long, long, int)}.
     *
     * @param addr the offset in the region
     * @param value the value, in the device's byte order
     * @param size the access size in bytes: 1, 2, 4 or 8
     * @param attrs the transaction's attrs
     * @return the result, {@link MemTxResult#OK} on success
     */
    default int writeWithAttrs(long addr, long value, int size, MemTxAttrs attrs) {
        write(addr, value, size);
        return MemTxResult.OK;
    }

    /**
     * QEMU's {@code valid.accepts}: may refuse an access before any callback runs; a refused access reads
     * 0 or drops the write with {@link MemTxResult#DECODE_ERROR}. The default accepts everything.
     *
     * @param addr the offset in the region
     * @param size the access size in bytes
     * @param isWrite true for a write
     * @param attrs the transaction's attrs
     * @return true to let the access through
     */
    default boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
        return true;
    }

    /** @return the registers' byte order; the default is {@link DeviceEndianness#NATIVE} (little) */
    default DeviceEndianness endianness() {
        return DeviceEndianness.NATIVE;
    }

    /** @return the guest-visible constraints; the default is {@link AccessConstraints#VALID_DEFAULT} */
    default AccessConstraints valid() {
        return AccessConstraints.VALID_DEFAULT;
    }

    /** @return what the callbacks implement; the default is {@link AccessConstraints#IMPL_DEFAULT} */
    default AccessConstraints impl() {
        return AccessConstraints.IMPL_DEFAULT;
    }

    /**
     * QEMU's {@code memory_region_enable_lockless_io}: the device does its own locking. This runtime takes
     * no lock around callbacks anyway; as in QEMU, lockless ops also disable the re-entrancy guard.
     *
     * @return true for a lockless device; the default is false
     */
    default boolean lockless() {
        return false;
    }

    /**
     * QEMU's {@code disable_reentrancy_guard}: let a callback access this device's own registers again
     * (for example through DMA) instead of failing that inner access with
     * {@link MemTxResult#ACCESS_ERROR}.
     *
     * @return true to disable the guard; the default is false
     */
    default boolean reentrancyGuardDisabled() {
        return false;
    }

    /**
     * A plain read callback, for {@link #of(Reader, Writer)}.
     */
    @FunctionalInterface
    interface Reader {
        /**
         * @param addr the offset in the region
         * @param size the access size in bytes
         * @return the value
         */
        long read(long addr, int size);
    }

    /**
     * A plain write callback, for {@link #of(Reader, Writer)}.
     */
    @FunctionalInterface
    interface Writer {
        /**
         * @param addr the offset in the region
         * @param value the value
         * @param size the access size in bytes
         */
        void write(long addr, long value, int size);
    }

    /**
     * Returns little-endian ops with default constraints made of two lambdas. Allocates.
     *
     * @param reader the read callback
     * @param writer the write callback
     * @return the ops
     * @throws NullPointerException if an argument is null
     */
    static MmioOps of(Reader reader, Writer writer) {
        if (reader == null || writer == null) {
            throw new NullPointerException(reader == null ? "reader" : "writer");
        }
        return new MmioOps() {
            @Override
            public long read(long addr, int size) {
                return reader.read(addr, size);
            }

            @Override
            public void write(long addr, long value, int size) {
                writer.write(addr, value, size);
            }
        };
    }
}
