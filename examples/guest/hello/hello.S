/*
 * hello: the smallest guest program, in assembly and self-contained (no shared runtime). Prints a
 * greeting over the 16550 UART at 0x10000000, polling LSR.THRE (bit 5 of offset 5) before each
 * write to THR (offset 0), then ends the run with exit status 0 by writing 0x5555 to QEMU virt's
 * test finisher at 0x100000. Entered in machine mode at 0x80000000; any hart but 0 parks.
 */
    .file   "hello.S"
    .section .text.start, "ax", @progbits
    .globl _start
_start:
    bnez    a0, park
    li      s0, 0x10000000          /* UART */
    la      s1, message
next:
    lbu     t0, 0(s1)
    beqz    t0, done
wait:
    lbu     t1, 5(s0)               /* LSR */
    andi    t1, t1, 0x20            /* THRE */
    beqz    t1, wait
    sb      t0, 0(s0)               /* THR */
    addi    s1, s1, 1
    j       next
done:
    li      t0, 0x100000            /* sifive_test finisher */
    li      t1, 0x5555              /* pass: exit status 0 */
    sw      t1, 0(t0)
1:  j       1b
park:
    wfi
    j       park

    .section .rodata
message:
    .string "Hello, world! This is RV64IM guest code talking through a 16550 UART.\n"
