/*
 * rv64im: runs every RV64I and M instruction (and the Zicsr and Zifencei ones a bare-metal program
 * uses) on edge operands and prints every result in hex, with a checksum per instruction and per
 * group, so that a mismatch against QEMU's output is easy to find. Each instruction is written in
 * inline assembly, so the compiler cannot fold or replace it.
 *
 * Groups: register-register ops over all pairs of VALUES; register-immediate ops over VALUES and
 * edge immediates; shifts by edge amounts; lui/auipc; branches over all pairs; jal/jalr links;
 * loads of every width with sign and zero extension; stores of every width; fences and fence.i over
 * code written at run time; CSR instructions on mscratch.
 */
#include "guest.h"

#define N_VALUES 10
static const uint64_t VALUES[N_VALUES] = {
    0x0000000000000000UL, 0x0000000000000001UL, 0xffffffffffffffffUL, 0x0000000000000002UL,
    0x7fffffffffffffffUL, 0x8000000000000000UL, 0x000000007fffffffUL, 0xffffffff80000000UL,
    0x00000000ffffffffUL, 0xfedcba9876543210UL,
};

static uint64_t group_sum;
static uint64_t total_sum;

/* FNV-1a style mixing over the 8 bytes of v. */
static uint64_t mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (i * 8)) & 0xff;
        h *= 0x100000001b3UL;
    }
    return h;
}

#define SEED 0xcbf29ce484222325UL

static void begin_group(const char *name)
{
    gprintf("== %s ==\n", name);
    group_sum = SEED;
}

static void end_group(const char *name)
{
    gprintf("checksum %s %016lx\n", name, group_sum);
    total_sum = mix(total_sum, group_sum);
}

/* Records one result: prints it and adds it to the group's checksum. */
static void result(uint64_t r)
{
    put_hex(r, 16);
    group_sum = mix(group_sum, r);
}

/* ---- register-register ---- */

typedef uint64_t (*rop_fn)(uint64_t, uint64_t);

#define ROP(name) \
    static uint64_t rop_##name(uint64_t a, uint64_t b) \
    { \
        uint64_t r; \
        __asm__ volatile (#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
        return r; \
    }

ROP(add) ROP(sub) ROP(sll) ROP(slt) ROP(sltu) ROP(xor) ROP(srl) ROP(sra) ROP(or) ROP(and)
ROP(addw) ROP(subw) ROP(sllw) ROP(srlw) ROP(sraw)
ROP(mul) ROP(mulh) ROP(mulhsu) ROP(mulhu) ROP(div) ROP(divu) ROP(rem) ROP(remu)
ROP(mulw) ROP(divw) ROP(divuw) ROP(remw) ROP(remuw)

struct rop {
    const char *name;
    rop_fn fn;
};

#define R(name) { #name, rop_##name }
static const struct rop RV64I_ROPS[] = {
    R(add), R(sub), R(sll), R(slt), R(sltu), R(xor), R(srl), R(sra), R(or), R(and),
    R(addw), R(subw), R(sllw), R(srlw), R(sraw),
};
static const struct rop RV64M_ROPS[] = {
    R(mul), R(mulh), R(mulhsu), R(mulhu), R(div), R(divu), R(rem), R(remu),
    R(mulw), R(divw), R(divuw), R(remw), R(remuw),
};

static void run_rops(const char *group, const struct rop *ops, int n)
{
    begin_group(group);
    for (int o = 0; o < n; o++) {
        uint64_t op_sum = SEED;
        for (int i = 0; i < N_VALUES; i++) {
            gprintf("%-6s v%d,v*:", ops[o].name, i);
            for (int j = 0; j < N_VALUES; j++) {
                uint64_t r = ops[o].fn(VALUES[i], VALUES[j]);
                uart_putc(' ');
                result(r);
                op_sum = mix(op_sum, r);
            }
            uart_putc('\n');
        }
        gprintf("checksum %s %016lx\n", ops[o].name, op_sum);
    }
    end_group(group);
}

/* ---- register-immediate ---- */

#define N_IMMS 7
static const char *const IMM_TEXT[N_IMMS] = { "0", "1", "-1", "2047", "-2048", "0x555", "-0x556" };
#define IMM_ALL(name) \
    static void iop_##name(uint64_t a, uint64_t *out) \
    { \
        __asm__ volatile (#name " %0, %1, 0" : "=r"(out[0]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 1" : "=r"(out[1]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, -1" : "=r"(out[2]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 2047" : "=r"(out[3]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, -2048" : "=r"(out[4]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 0x555" : "=r"(out[5]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, -0x556" : "=r"(out[6]) : "r"(a)); \
    }
IMM_ALL(addi) IMM_ALL(slti) IMM_ALL(sltiu) IMM_ALL(xori) IMM_ALL(ori) IMM_ALL(andi) IMM_ALL(addiw)

#define N_SHAMTS 6
static const char *const SHAMT_TEXT[N_SHAMTS] = { "0", "1", "31", "32", "33", "63" };
#define SHAMT_ALL(name) \
    static void iop_##name(uint64_t a, uint64_t *out) \
    { \
        __asm__ volatile (#name " %0, %1, 0" : "=r"(out[0]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 1" : "=r"(out[1]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 31" : "=r"(out[2]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 32" : "=r"(out[3]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 33" : "=r"(out[4]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 63" : "=r"(out[5]) : "r"(a)); \
    }
SHAMT_ALL(slli) SHAMT_ALL(srli) SHAMT_ALL(srai)

#define N_SHAMTS_W 4
static const char *const SHAMT_W_TEXT[N_SHAMTS_W] = { "0", "1", "15", "31" };
#define SHAMT_W_ALL(name) \
    static void iop_##name(uint64_t a, uint64_t *out) \
    { \
        __asm__ volatile (#name " %0, %1, 0" : "=r"(out[0]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 1" : "=r"(out[1]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 15" : "=r"(out[2]) : "r"(a)); \
        __asm__ volatile (#name " %0, %1, 31" : "=r"(out[3]) : "r"(a)); \
    }
SHAMT_W_ALL(slliw) SHAMT_W_ALL(srliw) SHAMT_W_ALL(sraiw)

struct iop {
    const char *name;
    void (*fn)(uint64_t, uint64_t *);
    int n;
    const char *const *imm_text;
};

#define I(name, n, text) { #name, iop_##name, n, text }
static const struct iop IOPS[] = {
    I(addi, N_IMMS, IMM_TEXT), I(slti, N_IMMS, IMM_TEXT), I(sltiu, N_IMMS, IMM_TEXT),
    I(xori, N_IMMS, IMM_TEXT), I(ori, N_IMMS, IMM_TEXT), I(andi, N_IMMS, IMM_TEXT),
    I(addiw, N_IMMS, IMM_TEXT),
    I(slli, N_SHAMTS, SHAMT_TEXT), I(srli, N_SHAMTS, SHAMT_TEXT), I(srai, N_SHAMTS, SHAMT_TEXT),
    I(slliw, N_SHAMTS_W, SHAMT_W_TEXT), I(srliw, N_SHAMTS_W, SHAMT_W_TEXT), I(sraiw, N_SHAMTS_W, SHAMT_W_TEXT),
};

static void run_iops(void)
{
    begin_group("register-immediate");
    for (unsigned o = 0; o < sizeof IOPS / sizeof IOPS[0]; o++) {
        const struct iop *op = &IOPS[o];
        gprintf("%-6s imm:", op->name);
        for (int k = 0; k < op->n; k++) {
            gprintf(" %s", op->imm_text[k]);
        }
        uart_putc('\n');
        for (int i = 0; i < N_VALUES; i++) {
            uint64_t out[N_IMMS];
            op->fn(VALUES[i], out);
            gprintf("%-6s v%d,imm*:", op->name, i);
            for (int k = 0; k < op->n; k++) {
                uart_putc(' ');
                result(out[k]);
            }
            uart_putc('\n');
        }
    }
    end_group("register-immediate");
}

/* Register shifts by amounts beyond the operand width: only the low 6 (5 for *W) bits count. */
static void run_shift_amounts(void)
{
    static const uint64_t AMOUNTS[] = { 31, 32, 33, 63, 64, 65, 95, 96, 0xffffffffffffffe1UL };
    static const uint64_t OPERANDS[] = { 0x8000000000000001UL, 0x00000000c0000001UL, 0xfedcba9876543210UL };
    static const struct rop SHIFTS[] = { R(sll), R(srl), R(sra), R(sllw), R(srlw), R(sraw) };
    begin_group("shift-amounts");
    for (unsigned s = 0; s < sizeof SHIFTS / sizeof SHIFTS[0]; s++) {
        for (unsigned i = 0; i < sizeof OPERANDS / sizeof OPERANDS[0]; i++) {
            gprintf("%-4s %016lx by 31,32,33,63,64,65,95,96,-31:", SHIFTS[s].name, OPERANDS[i]);
            for (unsigned k = 0; k < sizeof AMOUNTS / sizeof AMOUNTS[0]; k++) {
                uart_putc(' ');
                result(SHIFTS[s].fn(OPERANDS[i], AMOUNTS[k]));
            }
            uart_putc('\n');
        }
    }
    end_group("shift-amounts");
}

/* ---- lui, auipc, x0 ---- */

static void run_upper(void)
{
    uint64_t r[6];
    begin_group("lui-auipc");
    __asm__ volatile ("lui %0, 0" : "=r"(r[0]));
    __asm__ volatile ("lui %0, 1" : "=r"(r[1]));
    __asm__ volatile ("lui %0, 0x7ffff" : "=r"(r[2]));
    __asm__ volatile ("lui %0, 0x80000" : "=r"(r[3]));
    __asm__ volatile ("lui %0, 0xfffff" : "=r"(r[4]));
    __asm__ volatile ("lui %0, 0x12345" : "=r"(r[5]));
    gprintf("lui 0,1,0x7ffff,0x80000,0xfffff,0x12345:");
    for (int i = 0; i < 6; i++) {
        uart_putc(' ');
        result(r[i]);
    }
    uart_putc('\n');
    /* auipc relative to the pc: auipc rd, imm then auipc rs, 0 four bytes later; rd - rs + 4 = imm << 12. */
    uint64_t a, b;
    gprintf("auipc (result - pc) 0,1,0x7ffff,0x80000,0xfffff:");
#define AUIPC(imm) \
    __asm__ volatile ("auipc %0, " #imm "\n\tauipc %1, 0" : "=&r"(a), "=r"(b)); \
    uart_putc(' '); \
    result(a - b + 4);
    AUIPC(0) AUIPC(1) AUIPC(0x7ffff) AUIPC(0x80000) AUIPC(0xfffff)
    uart_putc('\n');
    uint64_t z;
    __asm__ volatile ("li t0, 77\n\taddi zero, t0, 5\n\tlui zero, 0x12345\n\tmv %0, zero" : "=r"(z) :: "t0");
    gprintf("x0 after writes: ");
    result(z);
    uart_putc('\n');
    end_group("lui-auipc");
}

/* ---- branches ---- */

#define BRANCH(name) \
    static int br_##name(uint64_t a, uint64_t b) \
    { \
        int t; \
        __asm__ volatile ("li %0, 1\n\t" #name " %1, %2, 1f\n\tli %0, 0\n1:" : "=&r"(t) : "r"(a), "r"(b)); \
        return t; \
    }
BRANCH(beq) BRANCH(bne) BRANCH(blt) BRANCH(bge) BRANCH(bltu) BRANCH(bgeu)

static void run_branches(void)
{
    static const struct {
        const char *name;
        int (*fn)(uint64_t, uint64_t);
    } BRANCHES[] = { { "beq", br_beq }, { "bne", br_bne }, { "blt", br_blt }, { "bge", br_bge },
                     { "bltu", br_bltu }, { "bgeu", br_bgeu } };
    begin_group("branches");
    for (unsigned o = 0; o < 6; o++) {
        for (int i = 0; i < N_VALUES; i++) {
            gprintf("%-4s v%d,v* taken:", BRANCHES[o].name, i);
            for (int j = 0; j < N_VALUES; j++) {
                int t = BRANCHES[o].fn(VALUES[i], VALUES[j]);
                uart_putc(' ');
                uart_putc('0' + t);
                group_sum = mix(group_sum, (uint64_t)t);
            }
            uart_putc('\n');
        }
    }
    /* A backward branch loop and a branch far forward. */
    uint64_t count;
    __asm__ volatile ("li %0, 0\n\tli t0, 10\n1:\taddi %0, %0, 3\n\taddi t0, t0, -1\n\tbnez t0, 1b" : "=&r"(count) :: "t0");
    gprintf("backward loop 10 x 3 = ");
    result(count);
    uart_putc('\n');
    end_group("branches");
}

/* ---- jal, jalr ---- */

static void run_jumps(void)
{
    uint64_t link, here, target;
    begin_group("jal-jalr");
    __asm__ volatile ("auipc %1, 0\n\tjal %0, 1f\n\tnop\n1:" : "=r"(link), "=r"(here));
    gprintf("jal link - pc of auipc = ");
    result(link - here);
    uart_putc('\n');
    /* jalr with rd == rs1: the target uses the old value, then the link is written. */
    __asm__ volatile ("auipc %0, 0\n\tla %1, 1f\n\tjalr %1, 0(%1)\n\tnop\n1:" : "=&r"(here), "=&r"(link));
    gprintf("jalr rd=rs1 link - pc of auipc = ");
    result(link - here);
    uart_putc('\n');
    /* jalr with a negative offset; jal x0 as a plain jump. */
    __asm__ volatile ("la t0, 1f + 16\n\tjalr %0, -16(t0)\n\tli %1, 1\n\tj 2f\n1:\tli %1, 2\n2:\tauipc %2, 0"
                      : "=&r"(link), "=&r"(target), "=r"(here) :: "t0");
    gprintf("jalr -16: path ");
    result(target);
    gprintf(" link - later pc = ");
    result(link - here);
    uart_putc('\n');
    end_group("jal-jalr");
}

/* ---- loads and stores ---- */

static uint8_t load_buf[16] __attribute__((aligned(16))) = {
    0x80, 0x01, 0xff, 0x7f, 0x00, 0x80, 0x55, 0xaa, 0xfe, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff,
};

#define LOAD(insn, off) \
    __asm__ volatile (#insn " %0, " #off "(%1)" : "=r"(v) : "r"(mid)); \
    uart_putc(' '); \
    result(v);

static void run_loads_stores(void)
{
    uint64_t v;
    const uint8_t *mid = load_buf + 8; /* offsets -8..7 */
    begin_group("loads");
    gprintf("lb  -8..7:");
    LOAD(lb, -8) LOAD(lb, -7) LOAD(lb, -6) LOAD(lb, -5) LOAD(lb, -4) LOAD(lb, -3) LOAD(lb, -2) LOAD(lb, -1)
    LOAD(lb, 0) LOAD(lb, 1) LOAD(lb, 2) LOAD(lb, 3) LOAD(lb, 4) LOAD(lb, 5) LOAD(lb, 6) LOAD(lb, 7)
    gprintf("\nlbu -8..7:");
    LOAD(lbu, -8) LOAD(lbu, -7) LOAD(lbu, -6) LOAD(lbu, -5) LOAD(lbu, -4) LOAD(lbu, -3) LOAD(lbu, -2) LOAD(lbu, -1)
    LOAD(lbu, 0) LOAD(lbu, 1) LOAD(lbu, 2) LOAD(lbu, 3) LOAD(lbu, 4) LOAD(lbu, 5) LOAD(lbu, 6) LOAD(lbu, 7)
    gprintf("\nlh  -8..6 step 2:");
    LOAD(lh, -8) LOAD(lh, -6) LOAD(lh, -4) LOAD(lh, -2) LOAD(lh, 0) LOAD(lh, 2) LOAD(lh, 4) LOAD(lh, 6)
    gprintf("\nlhu -8..6 step 2:");
    LOAD(lhu, -8) LOAD(lhu, -6) LOAD(lhu, -4) LOAD(lhu, -2) LOAD(lhu, 0) LOAD(lhu, 2) LOAD(lhu, 4) LOAD(lhu, 6)
    gprintf("\nlw  -8,-4,0,4:");
    LOAD(lw, -8) LOAD(lw, -4) LOAD(lw, 0) LOAD(lw, 4)
    gprintf("\nlwu -8,-4,0,4:");
    LOAD(lwu, -8) LOAD(lwu, -4) LOAD(lwu, 0) LOAD(lwu, 4)
    gprintf("\nld  -8,0:");
    LOAD(ld, -8) LOAD(ld, 0)
    uart_putc('\n');
    end_group("loads");

    static uint64_t store_buf[4] __attribute__((aligned(16)));
    uint8_t *base = (uint8_t *)store_buf + 16;
    const uint64_t x = 0x8899aabbccddeeffUL;
    begin_group("stores");
    __asm__ volatile ("sb %0, -16(%1)\n\tsb %0, -13(%1)\n\tsh %0, -10(%1)\n\tsw %0, -4(%1)\n\t"
                      "sd %0, 0(%1)\n\tsh %0, 8(%1)\n\tsw %0, 12(%1)\n\tsb zero, 1(%1)"
                      :: "r"(x), "r"(base) : "memory");
    gprintf("after sb,sb,sh,sw,sd,sh,sw,sb x0:");
    for (int i = 0; i < 4; i++) {
        uart_putc(' ');
        result(((volatile uint64_t *)store_buf)[i]);
    }
    uart_putc('\n');
    end_group("stores");
}

/* ---- fences and fence.i over code written at run time ---- */

static uint32_t code_buf[4] __attribute__((aligned(16)));

static void run_fences(void)
{
    begin_group("fences");
    __asm__ volatile ("fence" ::: "memory");
    __asm__ volatile ("fence rw, rw" ::: "memory");
    __asm__ volatile ("fence r, r" ::: "memory");
    __asm__ volatile ("fence iorw, iorw" ::: "memory");
    __asm__ volatile ("fence w, r" ::: "memory");
    __asm__ volatile (".word 0x8330000f" ::: "memory"); /* fence.tso */
    __asm__ volatile ("fence.i" ::: "memory");
    gprintf("fence, fence rw,rw, fence r,r, fence iorw,iorw, fence w,r, fence.tso, fence.i: done\n");
    uint64_t (*fn)(void) = (uint64_t (*)(void))(uintptr_t)code_buf;
    static const int32_t IMMS[] = { 42, -1, 2047, -2048 };
    for (int k = 0; k < 4; k++) {
        /* addi a0, zero, imm ; jalr zero, 0(ra) */
        code_buf[0] = ((uint32_t)IMMS[k] << 20) | (10u << 7) | 0x13u;
        code_buf[1] = 0x00008067u;
        __asm__ volatile ("fence.i" ::: "memory");
        uint64_t r = fn();
        gprintf("generated addi a0, zero, %d returns ", IMMS[k]);
        result(r);
        uart_putc('\n');
    }
    end_group("fences");
}

/* ---- Zicsr on mscratch ---- */

static void run_csrs(void)
{
    uint64_t old, now;
    begin_group("csr");
#define SHOW(text) \
    now = csr_read(mscratch); \
    gprintf("%-26s old ", text); \
    result(old); \
    gprintf(" now "); \
    result(now); \
    uart_putc('\n');
    __asm__ volatile ("csrrw %0, mscratch, %1" : "=r"(old) : "r"(0xf0f0f0f00f0f0f0fUL));
    SHOW("csrrw 0xf0f0f0f00f0f0f0f")
    __asm__ volatile ("csrrs %0, mscratch, %1" : "=r"(old) : "r"(0x00000000ffff0000UL));
    SHOW("csrrs 0x00000000ffff0000")
    __asm__ volatile ("csrrc %0, mscratch, %1" : "=r"(old) : "r"(0xff000000000000ffUL));
    SHOW("csrrc 0xff000000000000ff")
    __asm__ volatile ("csrrs %0, mscratch, zero" : "=r"(old));
    SHOW("csrrs zero (read only)")
    __asm__ volatile ("csrrc %0, mscratch, zero" : "=r"(old));
    SHOW("csrrc zero (read only)")
    __asm__ volatile ("csrrwi %0, mscratch, 31" : "=r"(old));
    SHOW("csrrwi 31")
    __asm__ volatile ("csrrsi %0, mscratch, 0x10" : "=r"(old));
    SHOW("csrrsi 0x10")
    __asm__ volatile ("csrrci %0, mscratch, 5" : "=r"(old));
    SHOW("csrrci 5")
    __asm__ volatile ("csrrsi %0, mscratch, 0" : "=r"(old));
    SHOW("csrrsi 0 (read only)")
    __asm__ volatile ("csrrwi %0, mscratch, 0" : "=r"(old));
    SHOW("csrrwi 0")
    __asm__ volatile ("li t0, -1\n\tcsrw mscratch, t0\n\tcsrrw %0, mscratch, zero" : "=r"(old) :: "t0");
    SHOW("csrw -1; csrrw zero")
    __asm__ volatile ("csrr %0, mhartid" : "=r"(old));
    gprintf("mhartid ");
    result(old);
    uart_putc('\n');
    end_group("csr");
}

int main(void)
{
    gprintf("rv64im: every RV64I and M instruction on edge operands\n");
    for (int i = 0; i < N_VALUES; i++) {
        gprintf("v%d = %016lx\n", i, VALUES[i]);
    }
    total_sum = SEED;
    run_rops("rv64i-register", RV64I_ROPS, sizeof RV64I_ROPS / sizeof RV64I_ROPS[0]);
    run_rops("rv64m", RV64M_ROPS, sizeof RV64M_ROPS / sizeof RV64M_ROPS[0]);
    run_iops();
    run_shift_amounts();
    run_upper();
    run_branches();
    run_jumps();
    run_loads_stores();
    run_fences();
    run_csrs();
    gprintf("checksum total %016lx\n", total_sum);
    return 0;
}
