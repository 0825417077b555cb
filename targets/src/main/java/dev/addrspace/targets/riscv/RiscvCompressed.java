package dev.addrspace.targets.riscv;

/**
 * The C extension (RV64C without the floating-point forms) as QEMU and the spec define it: each 16-bit
 * instruction expands to the one 32-bit instruction it stands for, which the hart then executes with a
 * length of 2. Reserved encodings, {@code c.unimp} (all zeros) and the floating-point loads and stores
 * ({@code c.fld}, {@code c.fsd}, {@code c.fldsp}, {@code c.fsdsp}; the hart has no F or D) expand to 0,
 * which is no instruction: the hart raises an illegal instruction with the 16 bits in {@code mtval}.
 * Hints (a {@code c.addi}, {@code c.li}, {@code c.lui}, {@code c.slli}, {@code c.mv} or {@code c.add} with
 * {@code rd} = {@code x0}, {@code c.nop} with an immediate, a shift by 0) execute as their expansion,
 * which writes nothing. Allocation free.
 */
final class RiscvCompressed {

    private static final int SP = 2;
    private static final int RA = 1;

    private RiscvCompressed() {
    }

    /**
     * Expands a 16-bit instruction.
     *
     * @param c the instruction, in the low 16 bits; its low two bits are not {@code 11}
     * @return the equivalent 32-bit instruction, or 0 for an illegal or unsupported one
     */
    static int expand(int c) {
        final int f3 = (c >>> 13) & 7;
        final int rdFull = (c >>> 7) & 31;
        final int rs2Full = (c >>> 2) & 31;
        final int rdPrime = 8 + ((c >>> 2) & 7);
        final int rs1Prime = 8 + ((c >>> 7) & 7);
        switch (c & 3) {
            case 0:
                switch (f3) {
                    case 0: { // c.addi4spn
                        final int imm = ((c >>> 7) & 0x30) | ((c >>> 1) & 0x3c0) | ((c >>> 4) & 0x4) | ((c >>> 2) & 0x8);
                        return imm == 0 ? 0 : i(imm, SP, 0, rdPrime, 0x13);
                    }
                    case 2: // c.lw
                        return i(((c >>> 7) & 0x38) | ((c >>> 4) & 4) | ((c << 1) & 0x40), rs1Prime, 2, rdPrime, 0x03);
                    case 3: // c.ld
                        return i(((c >>> 7) & 0x38) | ((c << 1) & 0xc0), rs1Prime, 3, rdPrime, 0x03);
                    case 6: // c.sw
                        return s(((c >>> 7) & 0x38) | ((c >>> 4) & 4) | ((c << 1) & 0x40), rdPrime, rs1Prime, 2);
                    case 7: // c.sd
                        return s(((c >>> 7) & 0x38) | ((c << 1) & 0xc0), rdPrime, rs1Prime, 3);
                    default: // c.fld, c.fsd (no D), reserved
                        return 0;
                }
            case 1:
                return quadrant1(c, f3, rdFull, rdPrime, rs1Prime);
            default:
                return quadrant2(c, f3, rdFull, rs2Full);
        }
    }

    private static int quadrant1(int c, int f3, int rd, int rdPrime, int rs1Prime) {
        final int imm6 = signExtend(((c >>> 7) & 0x20) | ((c >>> 2) & 0x1f), 6);
        switch (f3) {
            case 0: // c.addi (c.nop)
                return i(imm6, rd, 0, rd, 0x13);
            case 1: // c.addiw
                return rd == 0 ? 0 : i(imm6, rd, 0, rd, 0x1b);
            case 2: // c.li
                return i(imm6, 0, 0, rd, 0x13);
            case 3:
                if (rd == SP) { // c.addi16sp
                    final int imm = signExtend(((c >>> 3) & 0x200) | ((c >>> 2) & 0x10) | ((c << 1) & 0x40)
                            | ((c << 4) & 0x180) | ((c << 3) & 0x20), 10);
                    return imm == 0 ? 0 : i(imm, SP, 0, SP, 0x13);
                }
                // c.lui
                return imm6 == 0 ? 0 : ((imm6 & 0xfffff) << 12) | (rd << 7) | 0x37;
            case 4: {
                final int f2 = (c >>> 10) & 3;
                final int shamt = ((c >>> 7) & 0x20) | ((c >>> 2) & 0x1f);
                switch (f2) {
                    case 0: // c.srli
                        return i(shamt, rs1Prime, 5, rs1Prime, 0x13);
                    case 1: // c.srai
                        return i(0x400 | shamt, rs1Prime, 5, rs1Prime, 0x13);
                    case 2: // c.andi
                        return i(imm6, rs1Prime, 7, rs1Prime, 0x13);
                    default: {
                        final int rs2Prime = rdPrime;
                        final int op = (c >>> 5) & 3;
                        if ((c & 0x1000) == 0) { // c.sub, c.xor, c.or, c.and
                            final int[] f3s = {0, 4, 6, 7};
                            return r(op == 0 ? 0x20 : 0, rs2Prime, rs1Prime, f3s[op], rs1Prime, 0x33);
                        }
                        if (op == 0) { // c.subw
                            return r(0x20, rs2Prime, rs1Prime, 0, rs1Prime, 0x3b);
                        }
                        if (op == 1) { // c.addw
                            return r(0, rs2Prime, rs1Prime, 0, rs1Prime, 0x3b);
                        }
                        return 0;
                    }
                }
            }
            case 5: { // c.j
                final int imm = signExtend(((c >>> 1) & 0x800) | ((c >>> 7) & 0x10) | ((c >>> 1) & 0x300)
                        | ((c << 2) & 0x400) | ((c >>> 1) & 0x40) | ((c << 1) & 0x80) | ((c >>> 2) & 0xe)
                        | ((c << 3) & 0x20), 12);
                return j(imm, 0);
            }
            default: { // c.beqz (6), c.bnez (7)
                final int imm = signExtend(((c >>> 4) & 0x100) | ((c >>> 7) & 0x18) | ((c << 1) & 0xc0)
                        | ((c >>> 2) & 0x6) | ((c << 3) & 0x20), 9);
                return b(imm, 0, rs1Prime, f3 == 6 ? 0 : 1);
            }
        }
    }

    private static int quadrant2(int c, int f3, int rd, int rs2) {
        switch (f3) {
            case 0: // c.slli
                return i(((c >>> 7) & 0x20) | ((c >>> 2) & 0x1f), rd, 1, rd, 0x13);
            case 2: // c.lwsp
                return rd == 0 ? 0 : i(((c >>> 7) & 0x20) | ((c >>> 2) & 0x1c) | ((c << 4) & 0xc0), SP, 2, rd, 0x03);
            case 3: // c.ldsp
                return rd == 0 ? 0 : i(((c >>> 7) & 0x20) | ((c >>> 2) & 0x18) | ((c << 4) & 0x1c0), SP, 3, rd, 0x03);
            case 4:
                if ((c & 0x1000) == 0) {
                    if (rs2 == 0) { // c.jr
                        return rd == 0 ? 0 : i(0, rd, 0, 0, 0x67);
                    }
                    return r(0, rs2, 0, 0, rd, 0x33); // c.mv
                }
                if (rs2 == 0) {
                    return rd == 0 ? 0x0010_0073 : i(0, rd, 0, RA, 0x67); // c.ebreak, c.jalr
                }
                return r(0, rs2, rd, 0, rd, 0x33); // c.add
            case 6: // c.swsp
                return s(((c >>> 7) & 0x3c) | ((c >>> 1) & 0xc0), rs2, SP, 2);
            case 7: // c.sdsp
                return s(((c >>> 7) & 0x38) | ((c >>> 1) & 0x1c0), rs2, SP, 3);
            default: // c.fldsp, c.fsdsp (no D)
                return 0;
        }
    }

    private static int signExtend(int v, int bits) {
        return (v << (32 - bits)) >> (32 - bits);
    }

    private static int r(int f7, int rs2, int rs1, int f3, int rd, int op) {
        return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
    }

    private static int i(int imm, int rs1, int f3, int rd, int op) {
        return ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
    }

    private static int s(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | 0x23;
    }

    private static int b(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
                | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63;
    }

    private static int j(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20)
                | (((imm >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;
    }
}
