package dev.addrspace.targets.riscv;

/** Hand assembly for the hart's tests: RV64IMA + Zicsr encodings, one static method per format. */
final class Rv {

    static final int ZERO = 0;
    static final int RA = 1;
    static final int SP = 2;
    static final int T0 = 5;
    static final int T1 = 6;
    static final int T2 = 7;
    static final int A0 = 10;
    static final int A1 = 11;
    static final int A2 = 12;
    static final int A3 = 13;
    static final int T6 = 31;

    private Rv() {
    }

    static int r(int f7, int rs2, int rs1, int f3, int rd, int op) {
        return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
    }

    static int i(int imm, int rs1, int f3, int rd, int op) {
        return (imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
    }

    static int s(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | 0x23;
    }

    static int b(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
                | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63;
    }

    static int j(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20)
                | (((imm >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;
    }

    static int lui(int rd, int imm20) {
        return (imm20 << 12) | (rd << 7) | 0x37;
    }

    static int auipc(int rd, int imm20) {
        return (imm20 << 12) | (rd << 7) | 0x17;
    }

    static int addi(int rd, int rs1, int imm) {
        return i(imm & 0xfff, rs1, 0, rd, 0x13);
    }

    static int addiw(int rd, int rs1, int imm) {
        return i(imm & 0xfff, rs1, 0, rd, 0x1b);
    }

    static int slli(int rd, int rs1, int sh) {
        return i(sh, rs1, 1, rd, 0x13);
    }

    static int srai(int rd, int rs1, int sh) {
        return i(0x400 | sh, rs1, 5, rd, 0x13);
    }

    static int op(int f7, int f3, int rd, int rs1, int rs2) {
        return r(f7, rs2, rs1, f3, rd, 0x33);
    }

    static int op32(int f7, int f3, int rd, int rs1, int rs2) {
        return r(f7, rs2, rs1, f3, rd, 0x3b);
    }

    static int load(int f3, int rd, int rs1, int imm) {
        return i(imm & 0xfff, rs1, f3, rd, 0x03);
    }

    static int store(int f3, int rs2, int rs1, int imm) {
        return s(imm, rs2, rs1, f3);
    }

    static int jalr(int rd, int rs1, int imm) {
        return i(imm & 0xfff, rs1, 0, rd, 0x67);
    }

    static int csr(int f3, int rd, int csr, int rs1) {
        return i(csr, rs1, f3, rd, 0x73);
    }

    static int amo(int f5, boolean dword, int rd, int rs1, int rs2) {
        return r(f5 << 2, rs2, rs1, dword ? 3 : 2, rd, 0x2f);
    }

    static final int ECALL = 0x0000_0073;
    static final int EBREAK = 0x0010_0073;
    static final int MRET = 0x3020_0073;
    static final int WFI = 0x1050_0073;
    static final int FENCE_I = 0x0000_100f;
}
