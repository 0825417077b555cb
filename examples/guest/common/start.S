/*
 * Entry point of every C guest program. QEMU's reset code (and addrspace's `run`) enters here in
 * machine mode with a0 = hart id; a1 (the device tree on QEMU) is not used. Hart 0 sets up gp and
 * the stack, clears .bss, installs the default trap handler, calls main() and ends the run through
 * the test finisher with main's return value as the exit status. Any other hart parks.
 */
    .file   "start.S"
    .section .text.start, "ax", @progbits
    .globl _start
_start:
    bnez    a0, 9f
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  la      t0, default_trap_entry
    csrw    mtvec, t0
    call    main
    call    guest_exit
9:  wfi
    j       9b

/*
 * Default trap handler: an unexpected trap prints its cause, mepc and mtval and ends the run with
 * exit status 99. Programs that test traps install their own handler.
 */
    .text
    .balign 4
    .globl default_trap_entry
default_trap_entry:
    la      sp, __stack_top
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    call    guest_unexpected_trap
    li      a0, 99
    call    guest_exit
1:  j       1b
