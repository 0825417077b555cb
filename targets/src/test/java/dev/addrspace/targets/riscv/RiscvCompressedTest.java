package dev.addrspace.targets.riscv;

import static dev.addrspace.targets.riscv.Rv.A0;
import static dev.addrspace.targets.riscv.Rv.A1;
import static dev.addrspace.targets.riscv.Rv.A2;
import static dev.addrspace.targets.riscv.Rv.RA;
import static dev.addrspace.targets.riscv.Rv.SP;
import static dev.addrspace.targets.riscv.Rv.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The C extension: expansions of 16-bit words as GNU objdump disassembles them, and a hart with C running
 * mixed 16- and 32-bit code, including a 32-bit instruction that straddles a page boundary.
 */
class RiscvCompressedTest {

    private static final int S0 = 8;
    private static final int A5 = 15;

    @Test
    void expandsAsObjdumpDisassembles() {
        assertEquals(Rv.addi(A0, ZERO, 1), RiscvCompressed.expand(0x4505));          // c.li a0,1
        assertEquals(Rv.jalr(ZERO, RA, 0), RiscvCompressed.expand(0x8082));          // c.jr ra (ret)
        assertEquals(Rv.addi(SP, SP, -16), RiscvCompressed.expand(0x1141));         // c.addi sp,-16
        assertEquals(Rv.addi(SP, SP, 16), RiscvCompressed.expand(0x0141));          // c.addi sp,16
        assertEquals(Rv.addi(SP, SP, -32), RiscvCompressed.expand(0x1101));         // c.addi sp,-32
        assertEquals(Rv.addi(SP, SP, 32), RiscvCompressed.expand(0x6105));          // c.addi16sp sp,32
        assertEquals(Rv.store(3, RA, SP, 8), RiscvCompressed.expand(0xe406));       // c.sdsp ra,8(sp)
        assertEquals(Rv.load(3, RA, SP, 8), RiscvCompressed.expand(0x60a2));        // c.ldsp ra,8(sp)
        assertEquals(Rv.op(0, 0, A0, ZERO, A5), RiscvCompressed.expand(0x853e));    // c.mv a0,a5
        assertEquals(Rv.op(0, 0, S0, ZERO, A0), RiscvCompressed.expand(0x842a));    // c.mv s0,a0
        assertEquals(Rv.addi(A5, ZERO, 0), RiscvCompressed.expand(0x4781));         // c.li a5,0
        assertEquals(Rv.op(0, 0, A5, A5, A0), RiscvCompressed.expand(0x97aa));      // c.add a5,a0
        assertEquals(Rv.op(0x20, 0, A0, A0, A5), RiscvCompressed.expand(0x8d1d));   // c.sub a0,a5
        assertEquals(Rv.jalr(RA, A5, 0), RiscvCompressed.expand(0x9782));           // c.jalr a5
        assertEquals(Rv.EBREAK, RiscvCompressed.expand(0x9002));                    // c.ebreak
        assertEquals(Rv.j(0, ZERO), RiscvCompressed.expand(0xa001));                // c.j .
        assertEquals(Rv.addi(A0, A0, 1), RiscvCompressed.expand(0x0505));           // c.addi a0,1
        assertEquals(Rv.addi(A0, A0, -1), RiscvCompressed.expand(0x157d));          // c.addi a0,-1
        assertEquals(Rv.load(2, A0, A0, 0), RiscvCompressed.expand(0x4108));        // c.lw a0,0(a0)
        assertEquals(Rv.load(3, A0, A5, 0), RiscvCompressed.expand(0x6388));        // c.ld a0,0(a5)
        assertEquals(Rv.store(3, A0, A5, 0), RiscvCompressed.expand(0xe388));       // c.sd a0,0(a5)
        assertEquals(Rv.addi(A0, SP, 8), RiscvCompressed.expand(0x0028));           // c.addi4spn a0,sp,8
        assertEquals(Rv.slli(A0, A0, 3), RiscvCompressed.expand(0x050e));           // c.slli a0,3
        assertEquals(Rv.i(3, A0, 5, A0, 0x13), RiscvCompressed.expand(0x810d));     // c.srli a0,3
        assertEquals(Rv.b(6, ZERO, A0, 0), RiscvCompressed.expand(0xc119));         // c.beqz a0,.+6
        assertEquals("c: addi a0, zero, 1", RiscvDisassembler.disassemble(0x4505, 0));
    }

    @Test
    void reservedAndFloatingPointFormsAreIllegal() {
        assertEquals(0, RiscvCompressed.expand(0x0000)); // c.unimp
        assertEquals(0, RiscvCompressed.expand(0x2000)); // c.fld
        assertEquals(0, RiscvCompressed.expand(0x3002)); // c.fldsp
        assertEquals(0, RiscvCompressed.expand(0x6101)); // c.addi16sp with 0
        assertEquals(0, RiscvCompressed.expand(0x6081)); // c.lui ra, 0
        assertEquals(0, RiscvCompressed.expand(0x2001)); // c.addiw with rd = 0
        assertEquals(0, RiscvCompressed.expand(0x8002)); // c.jr x0
        assertEquals(0, RiscvCompressed.expand(0x4002)); // c.lwsp with rd = 0
        assertEquals(0, RiscvCompressed.expand(0x9c41)); // c.subw's reserved neighbour (funct 10, bit 12)
    }

    @ParameterizedTest
    @EnumSource(RiscvHartTest.Kind.class)
    void mixedCodeRunsAndLinksPastTwoByteInstructions(RiscvHartTest.Kind kind) {
        RiscvHartTest.Machine m = new RiscvHartTest.Machine(kind, true);
        m.load(); // prologue (mtvec) and a wfi at RAM + 8, replaced below
        long at = RAM_PLUS_8;
        m.write16(at, 0x4505);                  // c.li a0, 1
        m.write16(at + 2, 0x0505);              // c.addi a0, 1
        m.write32(at + 4, Rv.addi(A1, A0, 40)); // a 32-bit instruction at a 2 mod 4 address
        m.write16(at + 8, 0x9782);              // c.jalr a5: ra = at + 10
        m.write16(at + 10, 0x0001);             // c.nop (the return lands here)
        m.write32(at + 12, Rv.WFI);
        long target = RiscvHartTest.DATA;
        m.write16(target, 0x8082);              // ret
        m.hart.reset(RiscvHartTest.RAM);
        m.hart.setRegister(A5, target);
        m.run();
        assertEquals(2, m.x(A0));
        assertEquals(42, m.x(A1));
        assertEquals(at + 10, m.x(RA));
        assertEquals(at + 16, m.hart.pc());
        assertEquals(RiscvHart.MISA | RiscvHart.MISA_C, m.hart.csr(RiscvHart.CSR_MISA));
    }

    private static final long RAM_PLUS_8 = RiscvHartTest.RAM + 8;

    @ParameterizedTest
    @EnumSource(RiscvHartTest.Kind.class)
    void aThirtyTwoBitInstructionMayStraddleAPage(RiscvHartTest.Kind kind) {
        RiscvHartTest.Machine m = new RiscvHartTest.Machine(kind, true);
        m.load(Rv.jalr(ZERO, A2, 0));
        long page = RiscvHartTest.DATA + 0x1000;
        m.write16(page - 2, Rv.addi(A0, ZERO, 7) & 0xffff);
        m.write16(page, Rv.addi(A0, ZERO, 7) >>> 16);
        m.write32(page + 2, Rv.WFI);
        m.hart.setRegister(A2, page - 2);
        m.run();
        assertEquals(7, m.x(A0));
        assertEquals(page + 6, m.hart.pc());
    }

    @ParameterizedTest
    @EnumSource(RiscvHartTest.Kind.class)
    void jumpsToTwoModFourDoNotTrapButIllegalHalfwordsDo(RiscvHartTest.Kind kind) {
        RiscvHartTest.Machine m = new RiscvHartTest.Machine(kind, true);
        m.load(Rv.jalr(ZERO, A2, 2));
        m.write32(RiscvHartTest.DATA, 0x0000_0001 | (0x2000 << 16)); // c.nop, then c.fld: illegal
        m.hart.setRegister(A2, RiscvHartTest.DATA);
        m.run();
        assertEquals(RiscvHart.CAUSE_ILLEGAL_INSTRUCTION, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(0x2000, m.hart.csr(RiscvHart.CSR_MTVAL));
        assertEquals(RiscvHartTest.DATA + 2, m.hart.csr(RiscvHart.CSR_MEPC));
    }

    @ParameterizedTest
    @EnumSource(RiscvHartTest.Kind.class)
    void aSixteenBitInstructionAtTheEndOfRamDoesNotFault(RiscvHartTest.Kind kind) {
        RiscvHartTest.Machine m = new RiscvHartTest.Machine(kind, true);
        long last = RiscvHartTest.RAM + RiscvHartTest.RAM_SIZE - 2;
        m.load(Rv.jalr(ZERO, A2, 0));
        m.write16(last, 0x4505); // c.li a0, 1; the next fetch (past RAM) faults
        m.hart.setRegister(A2, last);
        m.run();
        assertEquals(1, m.x(A0));
        assertEquals(RiscvHart.CAUSE_FETCH_ACCESS, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(last + 2, m.hart.csr(RiscvHart.CSR_MEPC));
    }
}
