package dev.addrspace.examples.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-built ELF64 RISC-V executables for the run command's tests: one PT_LOAD of code at RAM's base. */
final class TinyElf {

    static final long RAM = 0x8000_0000L;

    private TinyElf() {
    }

    /** An executable whose one segment holds {@code words} at {@code base}, entry at {@code base}. */
    static byte[] of(long base, int... words) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + 4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 243).putInt(20, 1).putLong(24, base).putLong(32, 64);
        b.putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 1);
        b.putInt(64, 1).putInt(68, 5).putLong(72, 120).putLong(80, base).putLong(88, base)
                .putLong(96, 4L * words.length).putLong(104, 4L * words.length).putLong(112, 4);
        for (int i = 0; i < words.length; i++) {
            b.putInt(120 + 4 * i, words[i]);
        }
        return b.array();
    }

    static int i(int imm, int rs1, int f3, int rd, int op) {
        return ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
    }

    static int s(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | 0x23;
    }

    static int b(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
                | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63;
    }

    static int u(int imm20, int rd, int op) {
        return (imm20 << 12) | (rd << 7) | op;
    }

    static final int T0 = 5;
    static final int T1 = 6;
    static final int T2 = 7;
    static final int A0 = 10;
    static final int JUMP_TO_SELF = 0x0000_006f;
    static final int WFI = 0x1050_0073;

    /**
     * Resets the machine once through the finisher (remembering that in RAM past the image, which a reset
     * keeps), then exits with status 42.
     */
    static byte[] resetThenExit42() {
        return of(RAM,
                u(1, T1, 0x17),                 //  0 auipc t1, 1: t1 = RAM + 0x1000
                i(0, T1, 3, T0, 0x03),          //  4 ld t0, 0(t1)
                u(0x100, T2, 0x37),             //  8 lui t2, 0x100: the finisher
                b(24, 0, T0, 1),                // 12 bne t0, zero, 36
                i(1, 0, 0, T0, 0x13),           // 16 addi t0, zero, 1
                s(0, T0, T1, 3),                // 20 sd t0, 0(t1)
                u(0x7, A0, 0x37),               // 24 lui a0, 0x7
                i(0x777, A0, 0, A0, 0x13),      // 28 addi a0, a0, 0x777
                s(0, A0, T2, 2),                // 32 sw a0, 0(t2): reset
                u(0x2a3, A0, 0x37),             // 36 lui a0, 0x2a3
                i(0x333, A0, 0, A0, 0x13),      // 40 addi a0, a0, 0x333
                s(0, A0, T2, 2),                // 44 sw a0, 0(t2): exit 42
                JUMP_TO_SELF);                  // 48
    }
}
