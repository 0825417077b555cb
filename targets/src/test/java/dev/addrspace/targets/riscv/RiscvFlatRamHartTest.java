package dev.addrspace.targets.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flat-RAM port's bounds, at every width: an access that lies whole in the array reads and writes it,
 * one that starts below the base, straddles the end or lies past it goes to the {@link RiscvFlatRamHart.Io}
 * (or faults without one), including addresses whose offset from the base wraps around 2^64.
 */
class RiscvFlatRamHartTest {

    private static final int LENGTH = 64;
    private static final long IO_VALUE = 0x5a5a_5a5a_5a5a_5a5aL;

    /** Records what reaches it; loads answer {@link #IO_VALUE}. */
    private static final class RecordingIo implements RiscvFlatRamHart.Io {
        final List<String> calls = new ArrayList<>();

        @Override
        public long load(long addr, int size, AccessResult result) {
            calls.add("load 0x" + Long.toHexString(addr) + "/" + size);
            result.set(MemTxResult.OK);
            return IO_VALUE;
        }

        @Override
        public int store(long addr, int size, long value) {
            calls.add("store 0x" + Long.toHexString(addr) + "/" + size);
            return MemTxResult.OK;
        }
    }

    private static long expected(byte[] ram, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (ram[off + i] & 0xff);
        }
        return v;
    }

    private static long load(RiscvFlatRamHart h, long addr, int size) {
        switch (size) {
            case 1:
                return h.load8(addr);
            case 2:
                return h.load16(addr);
            case 4:
                return h.load32(addr) & 0xffff_ffffL;
            default:
                return h.load64(addr);
        }
    }

    private static void store(RiscvFlatRamHart h, long addr, int size, long value) {
        switch (size) {
            case 1:
                h.store8(addr, (int) value);
                break;
            case 2:
                h.store16(addr, (int) value);
                break;
            case 4:
                h.store32(addr, (int) value);
                break;
            default:
                h.store64(addr, value);
                break;
        }
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    @Test
    void accessesInsideTheArrayUseItAndAllOthersGoToTheIo() {
        for (long base : new long[] {0x8000_0000L, 0L, -LENGTH}) {
            for (int size : new int[] {1, 2, 4, 8}) {
                for (long off = -size - 1; off <= LENGTH + 1; off++) {
                    byte[] ram = new byte[LENGTH];
                    for (int i = 0; i < LENGTH; i++) {
                        ram[i] = (byte) (i * 7 + 3);
                    }
                    RecordingIo io = new RecordingIo();
                    RiscvFlatRamHart h = new RiscvFlatRamHart(0, base, ram, io);
                    long addr = base + off;
                    String where = "base=0x" + Long.toHexString(base) + " off=" + off + " size=" + size;
                    boolean inside = off >= 0 && off + size <= LENGTH;
                    long value = load(h, addr, size);
                    if (inside) {
                        assertEquals(expected(ram, (int) off, size), value, where);
                        assertEquals(List.of(), io.calls, where);
                        store(h, addr, size, 0x0102_0304_0506_0708L);
                        assertEquals(0x0102_0304_0506_0708L & mask(size), expected(ram, (int) off, size), where);
                        assertEquals(List.of(), io.calls, where);
                    } else {
                        assertEquals(IO_VALUE & mask(size), value & mask(size), where);
                        byte[] before = ram.clone();
                        store(h, addr, size, -1L);
                        assertEquals(List.of("load 0x" + Long.toHexString(addr) + "/" + size,
                                "store 0x" + Long.toHexString(addr) + "/" + size), io.calls, where);
                        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(ram), where);
                    }
                }
            }
        }
    }

    @Test
    void withoutAnIoAnAccessOutsideTheArrayFaults() {
        RiscvFlatRamHart h = new RiscvFlatRamHart(0, 0x1000, new byte[LENGTH], null);
        assertEquals(0, h.load32(0x1000 + LENGTH - 3));
        assertEquals(MemTxResult.DECODE_ERROR, h.fault);
    }

    @Test
    void aRamThatRunsPast2To64OrIsTooShortIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RiscvFlatRamHart(0, -LENGTH + 1, new byte[LENGTH], null));
        assertThrows(IllegalArgumentException.class, () -> new RiscvFlatRamHart(0, 0, new byte[7], null));
    }
}
