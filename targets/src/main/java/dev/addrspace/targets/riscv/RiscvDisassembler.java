package dev.addrspace.targets.riscv;

/**
 * Turns one 32-bit RV64IMA + Zicsr + Zifencei instruction word into assembly text with ABI register names,
 * as {@code objdump -d -M no-aliases} would spell it (no pseudo-instructions), for {@code run --trace}; a
 * word whose low two bits are not {@code 11} is a 16-bit C instruction, shown as {@code c: } and its
 * 32-bit expansion.
 * Words the hart does not implement disassemble as {@code unknown 0x...}. Allocates the string.
 */
public final class RiscvDisassembler {

    private static final String[] ABI = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"
    };
    private static final String[] BRANCH = {"beq", "bne", null, null, "blt", "bge", "bltu", "bgeu"};
    private static final String[] LOAD = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", null};
    private static final String[] STORE = {"sb", "sh", "sw", "sd", null, null, null, null};
    private static final String[] OP_IMM = {"addi", null, "slti", "sltiu", "xori", null, "ori", "andi"};
    private static final String[] OP = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
    private static final String[] MULDIV = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};
    private static final String[] MULDIV_W = {"mulw", null, null, null, "divw", "divuw", "remw", "remuw"};
    private static final String[] CSR_OP = {null, "csrrw", "csrrs", "csrrc", null, "csrrwi", "csrrsi", "csrrci"};

    private RiscvDisassembler() {
    }

    /**
     * Disassembles one instruction word.
     *
     * @param insn the word
     * @param pc its address (jump and branch targets are printed as absolute addresses)
     * @return the text, for example {@code addi a0, a0, 1}; {@code unknown 0x...} for an unimplemented word
     */
    public static String disassemble(int insn, long pc) {
        if ((insn & 3) != 3) { // a 16-bit instruction of the C extension: its expansion
            final int expanded = RiscvCompressed.expand(insn & 0xffff);
            final String s = expanded == 0 ? null : decode(expanded, pc);
            return s != null ? "c: " + s : "unknown 0x" + String.format("%04x", insn & 0xffff);
        }
        final String s = decode(insn, pc);
        return s != null ? s : "unknown 0x" + String.format("%08x", insn);
    }

    private static String decode(int insn, long pc) {
        final String rd = ABI[(insn >>> 7) & 31];
        final String rs1 = ABI[(insn >>> 15) & 31];
        final String rs2 = ABI[(insn >>> 20) & 31];
        final int f3 = (insn >>> 12) & 7;
        final int f7 = insn >>> 25;
        final int immI = insn >> 20;
        switch (insn & 0x7f) {
            case 0x37:
                return "lui " + rd + ", 0x" + Integer.toHexString(insn >>> 12);
            case 0x17:
                return "auipc " + rd + ", 0x" + Integer.toHexString(insn >>> 12);
            case 0x6f: {
                final long imm = ((insn >> 31) << 20) | (insn & 0x000f_f000) | ((insn >>> 9) & 0x800)
                        | ((insn >>> 20) & 0x7fe);
                return "jal " + rd + ", 0x" + Long.toHexString(pc + imm);
            }
            case 0x67:
                return f3 == 0 ? "jalr " + rd + ", " + immI + "(" + rs1 + ")" : null;
            case 0x63: {
                final long imm = ((insn >> 31) << 12) | ((insn << 4) & 0x800) | ((insn >>> 20) & 0x7e0)
                        | ((insn >>> 7) & 0x1e);
                return BRANCH[f3] == null ? null : BRANCH[f3] + " " + rs1 + ", " + rs2 + ", 0x" + Long.toHexString(pc + imm);
            }
            case 0x03:
                return LOAD[f3] == null ? null : LOAD[f3] + " " + rd + ", " + immI + "(" + rs1 + ")";
            case 0x23: {
                final int imm = ((insn >> 25) << 5) | ((insn >>> 7) & 31);
                return STORE[f3] == null ? null : STORE[f3] + " " + rs2 + ", " + imm + "(" + rs1 + ")";
            }
            case 0x13:
                if (f3 == 1) {
                    return (insn >>> 26) == 0 ? "slli " + rd + ", " + rs1 + ", " + (immI & 63) : null;
                }
                if (f3 == 5) {
                    final int f6 = insn >>> 26;
                    return f6 == 0 ? "srli " + rd + ", " + rs1 + ", " + (immI & 63)
                            : f6 == 0x10 ? "srai " + rd + ", " + rs1 + ", " + (immI & 63) : null;
                }
                return OP_IMM[f3] + " " + rd + ", " + rs1 + ", " + immI;
            case 0x1b:
                if (f3 == 0) {
                    return "addiw " + rd + ", " + rs1 + ", " + immI;
                }
                if (f3 == 1 && f7 == 0) {
                    return "slliw " + rd + ", " + rs1 + ", " + (immI & 31);
                }
                if (f3 == 5 && (f7 == 0 || f7 == 0x20)) {
                    return (f7 == 0 ? "srliw " : "sraiw ") + rd + ", " + rs1 + ", " + (immI & 31);
                }
                return null;
            case 0x33:
                if (f7 == 0) {
                    return OP[f3] + " " + rd + ", " + rs1 + ", " + rs2;
                }
                if (f7 == 1) {
                    return MULDIV[f3] + " " + rd + ", " + rs1 + ", " + rs2;
                }
                if (f7 == 0x20 && (f3 == 0 || f3 == 5)) {
                    return (f3 == 0 ? "sub " : "sra ") + rd + ", " + rs1 + ", " + rs2;
                }
                return null;
            case 0x3b:
                if (f7 == 0 && (f3 == 0 || f3 == 1 || f3 == 5)) {
                    return (f3 == 0 ? "addw " : f3 == 1 ? "sllw " : "srlw ") + rd + ", " + rs1 + ", " + rs2;
                }
                if (f7 == 0x20 && (f3 == 0 || f3 == 5)) {
                    return (f3 == 0 ? "subw " : "sraw ") + rd + ", " + rs1 + ", " + rs2;
                }
                if (f7 == 1 && MULDIV_W[f3] != null) {
                    return MULDIV_W[f3] + " " + rd + ", " + rs1 + ", " + rs2;
                }
                return null;
            case 0x0f:
                return f3 == 0 ? "fence" : f3 == 1 ? "fence.i" : null;
            case 0x73:
                return system(insn, rd, rs1, f3);
            case 0x2f:
                return atomic(insn, rd, rs1, rs2, f3);
            default:
                return null;
        }
    }

    private static String system(int insn, String rd, String rs1, int f3) {
        if (f3 == 0) {
            switch (insn) {
                case 0x0000_0073: return "ecall";
                case 0x0010_0073: return "ebreak";
                case 0x3020_0073: return "mret";
                case 0x1050_0073: return "wfi";
                default: return null;
            }
        }
        if (CSR_OP[f3] == null) {
            return null;
        }
        final String csr = csrName(insn >>> 20);
        final String src = f3 >= 5 ? Integer.toString((insn >>> 15) & 31) : rs1;
        return CSR_OP[f3] + " " + rd + ", " + csr + ", " + src;
    }

    private static String atomic(int insn, String rd, String rs1, String rs2, int f3) {
        if (f3 != 2 && f3 != 3) {
            return null;
        }
        final String w = f3 == 2 ? ".w" : ".d";
        final String name;
        switch (insn >>> 27) {
            case 0x02: return ((insn >>> 20) & 31) == 0 ? "lr" + w + " " + rd + ", (" + rs1 + ")" : null;
            case 0x03: name = "sc"; break;
            case 0x01: name = "amoswap"; break;
            case 0x00: name = "amoadd"; break;
            case 0x04: name = "amoxor"; break;
            case 0x0c: name = "amoand"; break;
            case 0x08: name = "amoor"; break;
            case 0x10: name = "amomin"; break;
            case 0x14: name = "amomax"; break;
            case 0x18: name = "amominu"; break;
            case 0x1c: name = "amomaxu"; break;
            default: return null;
        }
        return name + w + " " + rd + ", " + rs2 + ", (" + rs1 + ")";
    }

    /**
     * The name of a CSR this hart implements, or its number in hex.
     *
     * @param csr the CSR number
     * @return for example {@code mstatus}, or {@code 0x7c0}
     */
    public static String csrName(int csr) {
        switch (csr) {
            case RiscvHart.CSR_MSTATUS: return "mstatus";
            case RiscvHart.CSR_MISA: return "misa";
            case RiscvHart.CSR_MEDELEG: return "medeleg";
            case RiscvHart.CSR_MIDELEG: return "mideleg";
            case RiscvHart.CSR_MIE: return "mie";
            case RiscvHart.CSR_MTVEC: return "mtvec";
            case RiscvHart.CSR_MSCRATCH: return "mscratch";
            case RiscvHart.CSR_MEPC: return "mepc";
            case RiscvHart.CSR_MCAUSE: return "mcause";
            case RiscvHart.CSR_MTVAL: return "mtval";
            case RiscvHart.CSR_MIP: return "mip";
            case RiscvHart.CSR_MCYCLE: return "mcycle";
            case RiscvHart.CSR_MINSTRET: return "minstret";
            case RiscvHart.CSR_CYCLE: return "cycle";
            case 0xc01: return "time";
            case RiscvHart.CSR_INSTRET: return "instret";
            case RiscvHart.CSR_MVENDORID: return "mvendorid";
            case RiscvHart.CSR_MARCHID: return "marchid";
            case RiscvHart.CSR_MIMPID: return "mimpid";
            case RiscvHart.CSR_MHARTID: return "mhartid";
            case RiscvHart.CSR_MCONFIGPTR: return "mconfigptr";
            default: return "0x" + Integer.toHexString(csr);
        }
    }
}
