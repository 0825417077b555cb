/*
 * traps: the trap entry and the instructions that trap, each at a global label (name_at) so the C
 * side can compare mepc with it. Each test function returns normally after the handler resumed it.
 */
    .file   "traps_asm.S"
    .text
    .balign 4
    .globl trap_entry
/* Saves x1..x31 in a frame on the stack, calls trap_handler(frame) and mret's to the pc it returns. */
trap_entry:
    addi    sp, sp, -256
    sd      x1, 8(sp)
    sd      x3, 24(sp)
    sd      x4, 32(sp)
    sd      x5, 40(sp)
    sd      x6, 48(sp)
    sd      x7, 56(sp)
    sd      x8, 64(sp)
    sd      x9, 72(sp)
    sd      x10, 80(sp)
    sd      x11, 88(sp)
    sd      x12, 96(sp)
    sd      x13, 104(sp)
    sd      x14, 112(sp)
    sd      x15, 120(sp)
    sd      x16, 128(sp)
    sd      x17, 136(sp)
    sd      x18, 144(sp)
    sd      x19, 152(sp)
    sd      x20, 160(sp)
    sd      x21, 168(sp)
    sd      x22, 176(sp)
    sd      x23, 184(sp)
    sd      x24, 192(sp)
    sd      x25, 200(sp)
    sd      x26, 208(sp)
    sd      x27, 216(sp)
    sd      x28, 224(sp)
    sd      x29, 232(sp)
    sd      x30, 240(sp)
    sd      x31, 248(sp)
    addi    t0, sp, 256
    sd      t0, 16(sp)              /* the interrupted sp */
    mv      a0, sp
    call    trap_handler
    csrw    mepc, a0
    ld      x1, 8(sp)
    ld      x3, 24(sp)
    ld      x4, 32(sp)
    ld      x5, 40(sp)
    ld      x6, 48(sp)
    ld      x7, 56(sp)
    ld      x8, 64(sp)
    ld      x9, 72(sp)
    ld      x10, 80(sp)
    ld      x11, 88(sp)
    ld      x12, 96(sp)
    ld      x13, 104(sp)
    ld      x14, 112(sp)
    ld      x15, 120(sp)
    ld      x16, 128(sp)
    ld      x17, 136(sp)
    ld      x18, 144(sp)
    ld      x19, 152(sp)
    ld      x20, 160(sp)
    ld      x21, 168(sp)
    ld      x22, 176(sp)
    ld      x23, 184(sp)
    ld      x24, 192(sp)
    ld      x25, 200(sp)
    ld      x26, 208(sp)
    ld      x27, 216(sp)
    ld      x28, 224(sp)
    ld      x29, 232(sp)
    ld      x30, 240(sp)
    ld      x31, 248(sp)
    addi    sp, sp, 256
    mret

/*
 * The target of the misaligned jumps: label + 2 holds two compressed instructions, c.li a0, 1 and
 * c.jr ra. A hart without C traps before reaching them; a hart with C (QEMU's default rv64 CPU)
 * runs them and returns 1 instead of trapping, so the program still ends there.
 */
#define TARGET_PLUS_2 .half 0x0001; .half 0x4505; .half 0x8082; .half 0x0001

#define TEST(name) .globl name; .balign 4; name:
#define AT(name) .globl name##_at; name##_at:

/* ecall from M-mode: mcause 11, returns a0 as the handler left it. */
TEST(do_ecall)
    li      a0, 0x1234
AT(ecall)
    ecall
    ret

TEST(do_ebreak)
AT(ebreak)
    ebreak
    ret

/* Illegal instructions: the all-zero word, the all-ones word, a write to a read-only CSR, an
 * unimplemented CSR, mret/sret/uret-like system encodings with bad fields. */
TEST(do_illegal_zero)
AT(illegal_zero)
    .word   0x00000000
    ret

TEST(do_illegal_ones)
AT(illegal_ones)
    .word   0xffffffff
    ret

TEST(do_illegal_csr_write_ro)
    li      a0, 5
AT(illegal_csr_write_ro)
    csrw    mhartid, a0
    ret

TEST(do_illegal_csr_unknown)
AT(illegal_csr_unknown)
    csrr    a0, 0x7ff
    ret

/* A 32-bit opcode that RV64IM does not define: OP-32 (0x3b) with funct7 = 0x7f. */
TEST(do_illegal_op32)
AT(illegal_op32)
    .word   0xfe00003b
    ret

/* jal to an address that is 2 mod 4: traps with mcause 0 on a hart without C. */
TEST(do_misaligned_jal)
    li      a0, 0
AT(misaligned_jal)
    jal     zero, 1f + 2
    ret
    .balign 4
1:  TARGET_PLUS_2

/* jalr to rs1 + imm = target + 2 (after clearing bit 0): mcause 0. */
TEST(do_misaligned_jalr)
    la      t0, 1f
    addi    t0, t0, 3               /* (target + 3) & ~1 = target + 2 */
    li      a0, 0
AT(misaligned_jalr)
    jalr    zero, 0(t0)
    ret
    .balign 4
1:  TARGET_PLUS_2

/* jalr whose rs1 + imm is odd but clears to an aligned target: no trap, returns 7. */
TEST(do_jalr_clears_bit0)
    la      t0, 1f
    addi    t0, t0, -1
    li      a0, 0
    jalr    zero, 2(t0)             /* (target - 1 + 2) & ~1 = target */
    ret
    .balign 4
1:  li      a0, 7
    ret

/* A taken branch to target + 2: mcause 0. */
TEST(do_misaligned_branch)
    li      a0, 0
AT(misaligned_branch)
    beq     zero, zero, 1f + 2
    ret
    .balign 4
1:  TARGET_PLUS_2

/* A branch to target + 2 that is not taken: no trap, returns 5. */
TEST(do_misaligned_branch_not_taken)
    li      a0, 5
    bne     zero, zero, 1f + 2
    ret
    .balign 4
1:  TARGET_PLUS_2

/* Fetch from an unmapped address (a0): instruction access fault, mcause 1, mepc = mtval = a0. The
 * handler resumes at ra, the instruction after the jalr. */
TEST(do_fetch_fault)
    mv      t0, a0
    mv      t2, ra
AT(fetch_fault)
    jalr    ra, 0(t0)
    jr      t2

/* Load from an unmapped address: mcause 5, mtval = address. a0 = address; returns the loaded value
 * register, which the handler leaves untouched (0x5a). */
TEST(do_load_fault)
    li      t1, 0x5a
AT(load_fault)
    ld      t1, 0(a0)
    mv      a0, t1
    ret

/* Store to an unmapped address: mcause 7, mtval = address. */
TEST(do_store_fault)
    li      t1, 0x77
AT(store_fault)
    sw      t1, 0(a0)
    ret
