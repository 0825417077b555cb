/*
 * traps: a machine-mode trap handler test. Installs its own mtvec, then takes an ecall, an ebreak,
 * illegal instructions, misaligned jumps and branches (these trap only on a hart without the C
 * extension; with C they run two compressed instructions at the target and return 1), an
 * instruction access fault, load and store access faults from unmapped addresses,
 * and runs misaligned loads and stores that succeed (QEMU's virt allows them). Prints each trap's
 * mcause, mtval and mepc (with the label it should be at), and mstatus's MPP/MPIE/MIE bits; also
 * round-trips mscratch, mepc and mtvec. mtval is not printed for a misaligned jal or branch, where
 * QEMU 7.2 reports a stale pc (see hide_tval). Ends with exit status 3 through the test finisher, to test
 * the finisher's "(code << 16) | 0x3333" path.
 */
#include "guest.h"

struct frame {
    uint64_t x[32];
};

extern void trap_entry(void);
extern uint64_t do_ecall(void);
extern void do_ebreak(void);
extern void do_illegal_zero(void);
extern void do_illegal_ones(void);
extern void do_illegal_csr_write_ro(void);
extern void do_illegal_csr_unknown(void);
extern void do_illegal_op32(void);
extern uint64_t do_misaligned_jal(void);
extern uint64_t do_misaligned_jalr(void);
extern uint64_t do_jalr_clears_bit0(void);
extern uint64_t do_misaligned_branch(void);
extern uint64_t do_misaligned_branch_not_taken(void);
extern void do_fetch_fault(uint64_t addr);
extern uint64_t do_load_fault(uint64_t addr);
extern void do_store_fault(uint64_t addr);

extern char ecall_at[], ebreak_at[], illegal_zero_at[], illegal_ones_at[], illegal_csr_write_ro_at[],
    illegal_csr_unknown_at[], illegal_op32_at[], misaligned_jal_at[], misaligned_jalr_at[],
    misaligned_branch_at[], fetch_fault_at[], load_fault_at[], store_fault_at[];

static unsigned traps_taken;
static const char *expected_name;
static uint64_t expected_pc;
/*
 * Set for a misaligned jal or taken branch: QEMU 7.2 then writes to mtval not the target (as the
 * privileged spec and later QEMU do) but a stale pc, the start of its translation block, which an
 * interpreter cannot reproduce; so mtval is not printed for those two. For jalr QEMU 7.2 writes the
 * target, and it is printed.
 */
static int hide_tval;

static void expect(const char *name, const void *pc)
{
    expected_name = name;
    expected_pc = (uint64_t)pc;
}

static const char *cause_name(uint64_t cause)
{
    switch (cause) {
    case 0: return "instruction address misaligned";
    case 1: return "instruction access fault";
    case 2: return "illegal instruction";
    case 3: return "breakpoint";
    case 4: return "load address misaligned";
    case 5: return "load access fault";
    case 6: return "store address misaligned";
    case 7: return "store access fault";
    case 11: return "environment call from M-mode";
    default: return "?";
    }
}

/* Called by trap_entry with the saved registers; returns the pc to mret to. */
uint64_t trap_handler(struct frame *f)
{
    uint64_t cause = csr_read(mcause);
    uint64_t epc = csr_read(mepc);
    uint64_t tval = csr_read(mtval);
    uint64_t status = csr_read(mstatus);
    traps_taken++;
    gprintf("  trap %u: mcause=%lx (%s) ", traps_taken, cause, cause_name(cause));
    if (hide_tval) {
        gprintf("mtval=(not printed: QEMU 7.2 reports a stale pc)");
    } else {
        gprintf("mtval=%016lx", tval);
    }
    gprintf(" mepc=%016lx", epc);
    if (epc == expected_pc) {
        gprintf(" = %s", expected_name);
    } else {
        gprintf(" != %s (%016lx)", expected_name, expected_pc);
    }
    gprintf(" mstatus.MPP=%lx MPIE=%lx MIE=%lx\n", (status >> 11) & 3, (status >> 7) & 1, (status >> 3) & 1);
    expected_pc = 0;
    hide_tval = 0;
    if (cause == 11) {
        f->x[10] = f->x[10] * 2 + 1; /* a0: shows the handler's result reaches the caller */
    }
    if (cause == 1) {
        return f->x[1]; /* a fetch fault: mepc is the bad target; resume at the return address */
    }
    return epc + 4;
}

static void misaligned(void)
{
    static uint8_t buf[64] __attribute__((aligned(8)));
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t)(0x80 + i * 7);
    }
    uint64_t base = (uint64_t)buf;
    uint64_t v;
    gprintf("misaligned loads (no trap expected):\n");
    for (int off = 1; off < 8; off++) {
        __asm__ volatile ("lh %0, 0(%1)" : "=r"(v) : "r"(base + off));
        gprintf("  lh  +%d = %016lx", off, v);
        __asm__ volatile ("lhu %0, 0(%1)" : "=r"(v) : "r"(base + off));
        gprintf("  lhu = %016lx\n", v);
        __asm__ volatile ("lw %0, 0(%1)" : "=r"(v) : "r"(base + off));
        gprintf("  lw  +%d = %016lx", off, v);
        __asm__ volatile ("lwu %0, 0(%1)" : "=r"(v) : "r"(base + off));
        gprintf("  lwu = %016lx\n", v);
        __asm__ volatile ("ld %0, 0(%1)" : "=r"(v) : "r"(base + off));
        gprintf("  ld  +%d = %016lx\n", off, v);
    }
    gprintf("misaligned stores (no trap expected):\n");
    __asm__ volatile ("sh %0, 0(%1)" :: "r"(0x1122334455667788UL), "r"(base + 1) : "memory");
    __asm__ volatile ("sw %0, 0(%1)" :: "r"(0x99aabbccddeeff00UL), "r"(base + 11) : "memory");
    __asm__ volatile ("sd %0, 0(%1)" :: "r"(0x0123456789abcdefUL), "r"(base + 21) : "memory");
    __asm__ volatile ("sd %0, 0(%1)" :: "r"(0xfedcba9876543210UL), "r"(base + 39) : "memory");
    for (int i = 0; i < 64; i += 8) {
        gprintf("  buf[%02d..%02d] = %016lx\n", i, i + 7, *(volatile uint64_t *)(base + i));
    }
    /* A doubleword that straddles a 4 KiB page boundary in RAM. */
    static uint8_t pages[8192] __attribute__((aligned(4096)));
    uint64_t edge = (uint64_t)pages + 4096 - 3;
    __asm__ volatile ("sd %0, 0(%1)" :: "r"(0x8877665544332211UL), "r"(edge) : "memory");
    __asm__ volatile ("ld %0, 0(%1)" : "=r"(v) : "r"(edge));
    gprintf("  across a page boundary: ld = %016lx, bytes %02x %02x | %02x %02x\n", v,
            pages[4093], pages[4095], pages[4096], pages[4100]);
}

static void round_trips(void)
{
    gprintf("CSR round trips:\n");
    static const uint64_t values[] = { 0, 1, 0x8000000000000000UL, 0xffffffffffffffffUL, 0x0123456789abcdefUL,
                                       0x80000002UL, 0x80000003UL };
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        csr_write(mscratch, values[i]);
        uint64_t s = csr_read(mscratch);
        csr_write(mepc, values[i]);
        uint64_t e = csr_read(mepc);
        gprintf("  write %016lx: mscratch=%016lx mepc=%016lx\n", values[i], s, e);
    }
    uint64_t old;
    uint64_t vectored = (uint64_t)trap_entry | 1;
    __asm__ volatile ("csrrw %0, mtvec, %1" : "=r"(old) : "r"(vectored));
    uint64_t now = csr_read(mtvec);
    csr_write(mtvec, old);
    gprintf("  mtvec: handler=%016lx, written handler|1 reads %016lx (mode %lx), restored %016lx\n",
            old, now, now & 3, csr_read(mtvec));
}

int main(void)
{
    gprintf("traps: machine-mode trap handler test\n");
    csr_write(mtvec, (uint64_t)trap_entry);
    gprintf("mtvec = %016lx (trap_entry)\n", csr_read(mtvec));

    gprintf("ecall:\n");
    expect("ecall_at", ecall_at);
    uint64_t r = do_ecall();
    gprintf("  a0 after ecall = %lx\n", r);

    gprintf("ebreak:\n");
    expect("ebreak_at", ebreak_at);
    do_ebreak();

    gprintf("illegal instructions:\n");
    expect("illegal_zero_at", illegal_zero_at);
    do_illegal_zero();
    expect("illegal_ones_at", illegal_ones_at);
    do_illegal_ones();
    expect("illegal_csr_write_ro_at", illegal_csr_write_ro_at);
    do_illegal_csr_write_ro();
    expect("illegal_csr_unknown_at", illegal_csr_unknown_at);
    do_illegal_csr_unknown();
    expect("illegal_op32_at", illegal_op32_at);
    do_illegal_op32();

    gprintf("misaligned instruction fetch:\n");
    expect("misaligned_jal_at", misaligned_jal_at);
    hide_tval = 1;
    gprintf("  jal returns %lx\n", do_misaligned_jal());
    expect("misaligned_jalr_at", misaligned_jalr_at);
    gprintf("  jalr returns %lx\n", do_misaligned_jalr());
    expect("misaligned_branch_at", misaligned_branch_at);
    hide_tval = 1;
    gprintf("  beq returns %lx\n", do_misaligned_branch());
    expect("(no trap)", 0);
    hide_tval = 0;
    gprintf("  jalr clearing bit 0 returns %lx\n", do_jalr_clears_bit0());
    gprintf("  branch to +2 not taken returns %lx\n", do_misaligned_branch_not_taken());

    gprintf("access faults:\n");
    expect("the target", (void *)0x0);
    do_fetch_fault(0x0);
    expect("load_fault_at", load_fault_at);
    gprintf("  register after the faulting load = %lx\n", do_load_fault(0x0));
    expect("load_fault_at", load_fault_at);
    gprintf("  register after the faulting load = %lx\n", do_load_fault(0x88000000UL));
    expect("store_fault_at", store_fault_at);
    do_store_fault(0x88000000UL);
    expect("store_fault_at", store_fault_at);
    do_store_fault(0x7ffffffcUL + 0x10000004UL); /* 0x90000000 */

    misaligned();
    round_trips();
    csr_write(mtvec, (uint64_t)trap_entry);

    gprintf("traps taken: %u\n", traps_taken);
    gprintf("ending with exit status 3\n");
    return 3;
}
