package dev.addrspace.targets.riscv;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@link RiscvHart} over one flat {@code byte[]} of RAM at a base address: every access inside it is one
 * plain {@code VarHandle} access to the array, with no address space, no view, no cache and no dispatch.
 * It is the limit the benchmark compares the {@link RiscvCpuStateHart} with: the same interpreter (the
 * loop is inherited, not copied), the cheapest memory a Java interpreter can have.
 *
 * <p>Accesses outside the array (a UART, a test finisher) go to an {@link Io} given at construction, on a
 * cold path; without one they fail with {@link MemTxResult#DECODE_ERROR} (an access-fault trap).
 *
 * <p>Not thread safe: owned by one CPU thread. Allocation free after construction.
 */
public final class RiscvFlatRamHart extends RiscvHart {

    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** What a {@link RiscvFlatRamHart} does with an access outside its RAM. */
    public interface Io {
        /**
         * Loads a value outside RAM.
         *
         * @param addr the address
         * @param size 1, 2, 4 or 8
         * @param result set to the access's {@link MemTxResult}
         * @return the value, zero-extended
         */
        long load(long addr, int size, AccessResult result);

        /**
         * Stores a value outside RAM.
         *
         * @param addr the address
         * @param size 1, 2, 4 or 8
         * @param value the value, in the low {@code size} bytes
         * @return the access's {@link MemTxResult}
         */
        int store(long addr, int size, long value);
    }

    private final byte[] ram;
    private final long base;
    // base and the last offsets of 1-, 2-, 4- and 8-byte accesses, biased by Long.MIN_VALUE: the unsigned
    // test "addr - base <= ram.length - size" is then one subtraction and one signed compare, and the low
    // 32 bits of addr - biasedBase are the offset (the same test as the page cache's window)
    private final long biasedBase;
    private final long biasedLimit1;
    private final long biasedLimit2;
    private final long biasedLimit4;
    private final long biasedLimit8;
    private final Io io;
    private final AccessResult ioResult = new AccessResult();

    /**
     * Creates a hart over {@code ram} mapped at {@code base}. Allocates.
     *
     * @param hartId the value of {@code mhartid}
     * @param base the guest address of {@code ram[0]}
     * @param ram the RAM, used in place (the caller may load a program into it before and read it after)
     * @param io what serves accesses outside RAM; null makes them fail
     * @throws NullPointerException if {@code ram} is null
     * @throws IllegalArgumentException if {@code ram} is shorter than 8 bytes or runs past 2^64
     */
    public RiscvFlatRamHart(long hartId, long base, byte[] ram, Io io) {
        this(hartId, base, ram, io, false);
    }

    /**
     * Creates a hart over {@code ram} mapped at {@code base}, with or without the C extension. Allocates.
     *
     * @param hartId the value of {@code mhartid}
     * @param base the guest address of {@code ram[0]}
     * @param ram the RAM, used in place
     * @param io what serves accesses outside RAM; null makes them fail
     * @param compressed true for RV64IMAC (see {@link RiscvHart#RiscvHart(long, boolean)})
     * @throws NullPointerException if {@code ram} is null
     * @throws IllegalArgumentException if {@code ram} is shorter than 8 bytes or runs past 2^64
     */
    public RiscvFlatRamHart(long hartId, long base, byte[] ram, Io io, boolean compressed) {
        super(hartId, compressed);
        if (ram.length < 8) {
            throw new IllegalArgumentException("ram of " + ram.length + " bytes: at least 8 needed");
        }
        if (Long.compareUnsigned(base + ram.length - 1, base) < 0) {
            throw new IllegalArgumentException("ram at base=0x" + Long.toHexString(base) + " size=" + ram.length
                    + " runs past 2^64");
        }
        this.ram = ram;
        this.base = base;
        this.biasedBase = base + Long.MIN_VALUE;
        this.biasedLimit1 = ram.length - 1 + Long.MIN_VALUE;
        this.biasedLimit2 = ram.length - 2 + Long.MIN_VALUE;
        this.biasedLimit4 = ram.length - 4 + Long.MIN_VALUE;
        this.biasedLimit8 = ram.length - 8 + Long.MIN_VALUE;
        this.io = io;
    }

    /** @return the RAM array, live */
    public byte[] ram() {
        return ram;
    }

    /** @return the guest address of the RAM's first byte */
    public long base() {
        return base;
    }

    @Override
    protected int fetch32(long addr) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit4) {
            return (int) INT_LE.get(ram, (int) b);
        }
        return (int) ioLoad(addr, 4);
    }

    @Override
    protected int load8(long addr) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit1) {
            return ram[(int) b] & 0xff;
        }
        return (int) ioLoad(addr, 1);
    }

    @Override
    protected int load16(long addr) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit2) {
            return (short) SHORT_LE.get(ram, (int) b) & 0xffff;
        }
        return (int) ioLoad(addr, 2);
    }

    @Override
    protected int load32(long addr) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit4) {
            return (int) INT_LE.get(ram, (int) b);
        }
        return (int) ioLoad(addr, 4);
    }

    @Override
    protected long load64(long addr) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit8) {
            return (long) LONG_LE.get(ram, (int) b);
        }
        return ioLoad(addr, 8);
    }

    @Override
    protected void store8(long addr, int value) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit1) {
            ram[(int) b] = (byte) value;
            return;
        }
        ioStore(addr, 1, value);
    }

    @Override
    protected void store16(long addr, int value) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit2) {
            SHORT_LE.set(ram, (int) b, (short) value);
            return;
        }
        ioStore(addr, 2, value);
    }

    @Override
    protected void store32(long addr, int value) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit4) {
            INT_LE.set(ram, (int) b, value);
            return;
        }
        ioStore(addr, 4, value);
    }

    @Override
    protected void store64(long addr, long value) {
        final long b = addr - biasedBase;
        if (b <= biasedLimit8) {
            LONG_LE.set(ram, (int) b, value);
            return;
        }
        ioStore(addr, 8, value);
    }

    /** Cold path: outside RAM (or straddling its end). */
    private long ioLoad(long addr, int size) {
        if (io == null) {
            fault = MemTxResult.DECODE_ERROR;
            return 0;
        }
        final AccessResult r = ioResult;
        r.clear();
        final long v = io.load(addr, size, r);
        if (!r.isOk()) {
            fault = r.get();
        }
        return v;
    }

    private void ioStore(long addr, int size, long value) {
        if (io == null) {
            fault = MemTxResult.DECODE_ERROR;
            return;
        }
        final int r = io.store(addr, size, value);
        if (r != MemTxResult.OK) {
            fault = r;
        }
    }
}
