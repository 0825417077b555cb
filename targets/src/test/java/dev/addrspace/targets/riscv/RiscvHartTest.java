package dev.addrspace.targets.riscv;

import static dev.addrspace.targets.riscv.Rv.A0;
import static dev.addrspace.targets.riscv.Rv.A1;
import static dev.addrspace.targets.riscv.Rv.A2;
import static dev.addrspace.targets.riscv.Rv.A3;
import static dev.addrspace.targets.riscv.Rv.RA;
import static dev.addrspace.targets.riscv.Rv.T0;
import static dev.addrspace.targets.riscv.Rv.T1;
import static dev.addrspace.targets.riscv.Rv.T2;
import static dev.addrspace.targets.riscv.Rv.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hart's instructions and traps, with hand-assembled words, on both memories: through a
 * {@link CpuState} and over a flat array. Every program starts with {@code mtvec} pointing at a
 * {@code wfi} (so a trap ends the run) and ends with its own {@code wfi}.
 */
class RiscvHartTest {

    static final long RAM = 0x8000_0000L;
    static final int RAM_SIZE = 0x1_0000;
    static final long HANDLER = RAM + 0x1000;
    static final long DATA = RAM + 0x8000;
    static final long HOLE = 0x4000_0000L;
    static final long STOPPER = 0x1000_0000L;

    enum Kind { CPU_STATE, FLAT }

    /** A hart with 64 KiB of RAM at 0x80000000, nothing at {@link #HOLE}, a stop device at {@link #STOPPER}. */
    static final class Machine {
        final RiscvHart hart;
        final byte[] flat;
        final CpuState cpu;

        Machine(Kind kind) {
            this(kind, false);
        }

        Machine(Kind kind, boolean compressed) {
            if (kind == Kind.FLAT) {
                flat = new byte[RAM_SIZE];
                cpu = null;
                final RiscvHart[] self = new RiscvHart[1];
                hart = new RiscvFlatRamHart(0, RAM, flat, new RiscvFlatRamHart.Io() {
                    @Override
                    public long load(long addr, int size, AccessResult result) {
                        result.set(MemTxResult.DECODE_ERROR);
                        return 0;
                    }

                    @Override
                    public int store(long addr, int size, long value) {
                        if (addr == STOPPER) {
                            self[0].requestStop();
                            return MemTxResult.OK;
                        }
                        return MemTxResult.DECODE_ERROR;
                    }
                }, compressed);
                self[0] = hart;
            } else {
                flat = null;
                MemorySystem system = new MemorySystem();
                MemoryRegion sysmem = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
                final RiscvHart[] self = new RiscvHart[1];
                system.transaction(() -> {
                    sysmem.addSubregion(RAM, MemoryRegion.ram(system, "ram", RAM_SIZE));
                    sysmem.addSubregion(STOPPER, MemoryRegion.io(system, "stopper", 0x1000, new MmioOps() {
                        @Override
                        public void write(long addr, long value, int size) {
                            self[0].requestStop();
                        }
                    }));
                });
                cpu = RiscvCpu.realize(system, 0, sysmem);
                hart = new RiscvCpuStateHart(cpu, compressed);
                self[0] = hart;
            }
        }

        void write32(long addr, int v) {
            if (flat != null) {
                for (int k = 0; k < 4; k++) {
                    flat[(int) (addr - RAM) + k] = (byte) (v >>> (8 * k));
                }
            } else {
                assertEquals(MemTxResult.OK, cpu.as().stlLe(addr, v, MemTxAttrs.UNSPECIFIED));
            }
        }

        void write16(long addr, int v) {
            if (flat != null) {
                flat[(int) (addr - RAM)] = (byte) v;
                flat[(int) (addr - RAM) + 1] = (byte) (v >>> 8);
            } else {
                assertEquals(MemTxResult.OK, cpu.as().stwLe(addr, v, MemTxAttrs.UNSPECIFIED));
            }
        }

        void write64(long addr, long v) {
            write32(addr, (int) v);
            write32(addr + 4, (int) (v >>> 32));
        }

        long read64(long addr) {
            if (flat != null) {
                long v = 0;
                for (int k = 7; k >= 0; k--) {
                    v = (v << 8) | (flat[(int) (addr - RAM) + k] & 0xff);
                }
                return v;
            }
            return cpu.as().ldqLe(addr, MemTxAttrs.UNSPECIFIED);
        }

        /** Loads the prologue ({@code mtvec} = {@link #HANDLER}), {@code words} and a final wfi; resets. */
        void load(int... words) {
            write32(RAM, Rv.auipc(Rv.T6, 1));
            write32(RAM + 4, Rv.csr(1, ZERO, RiscvHart.CSR_MTVEC, Rv.T6));
            for (int k = 0; k < words.length; k++) {
                write32(RAM + 8 + 4L * k, words[k]);
            }
            write32(RAM + 8 + 4L * words.length, Rv.WFI);
            write32(HANDLER, Rv.WFI);
            hart.reset(RAM);
        }

        /** Runs to the first wfi (the program's or the handler's); fails after 10,000 steps. */
        RiscvHart run() {
            hart.run(10_000);
            assertEquals(RiscvHart.STOP_WFI, hart.stopReason(), "the program did not reach a wfi");
            return hart;
        }

        long x(int r) {
            return hart.register(r);
        }
    }

    static final long PROGRAM = RAM + 8;

    private static long word(int index) {
        return PROGRAM + 4L * index;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void resetGivesA0TheHartIdAndTheEntry(Kind kind) {
        Machine m = new Machine(kind);
        m.load();
        assertEquals(0, m.x(A0));
        assertEquals(RAM, m.hart.pc());
        assertEquals(RiscvHart.MSTATUS_MPP, m.hart.csr(RiscvHart.CSR_MSTATUS));
        assertEquals(RiscvHart.MISA, m.hart.csr(RiscvHart.CSR_MISA));
        assertEquals(0x8000_0000_0000_1101L, RiscvHart.MISA);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void integerArithmeticAndSignExtension(Kind kind) {
        Machine m = new Machine(kind);
        m.load(
                Rv.addi(A0, ZERO, -1),                 // a0 = -1
                Rv.lui(A1, 0x80000),                   // a1 = 0xffffffff80000000 (lui sign-extends)
                Rv.addiw(A2, A1, -1),                  // a2 = 0x7fffffff (addiw wraps to 32 bits)
                Rv.op32(0, 0, A3, A2, A2),             // addw: 0x7fffffff * 2 = -2 sign-extended
                Rv.slli(T0, A0, 63),                   // t0 = 0x8000000000000000
                Rv.srai(T1, T0, 63),                   // t1 = -1
                Rv.op(0, 5, T2, T0, A0));              // srl by a0 & 63 = 63 -> 1
        m.run();
        assertEquals(-1L, m.x(A0));
        assertEquals(0xffff_ffff_8000_0000L, m.x(A1));
        assertEquals(0x7fff_ffffL, m.x(A2));
        assertEquals(-2L, m.x(A3));
        assertEquals(Long.MIN_VALUE, m.x(T0));
        assertEquals(-1L, m.x(T1));
        assertEquals(1L, m.x(T2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void x0StaysZero(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.addi(ZERO, ZERO, 5), Rv.addi(A0, ZERO, 1), Rv.op(0, 0, A0, A0, ZERO));
        m.run();
        assertEquals(0, m.x(ZERO));
        assertEquals(1, m.x(A0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void multiplyAndDivideEdgeOperands(Kind kind) {
        Machine m = new Machine(kind);
        m.load(
                Rv.op(1, 4, A2, A0, ZERO),             // div by zero -> -1
                Rv.op(1, 6, A3, A0, ZERO),             // rem by zero -> dividend
                Rv.op(1, 4, T0, A1, T2),               // MIN / -1 -> MIN
                Rv.op(1, 6, T1, A1, T2),               // MIN % -1 -> 0
                Rv.op(1, 3, RA, T2, T2));              // mulhu(-1, -1) = 0xffff...fffe
        m.hart.reset(RAM);
        m.hart.setRegister(A0, 7);
        m.hart.setRegister(A1, Long.MIN_VALUE);
        m.hart.setRegister(T2, -1);
        m.run();
        assertEquals(-1L, m.x(A2));
        assertEquals(7L, m.x(A3));
        assertEquals(Long.MIN_VALUE, m.x(T0));
        assertEquals(0L, m.x(T1));
        assertEquals(-2L, m.x(RA));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mulhVariantsAgainstBigInteger(Kind kind) {
        long[] values = {0, 1, -1, 3, Long.MIN_VALUE, Long.MAX_VALUE, 0x1234_5678_9abc_def0L, -0x7654_3210_fedc_ba98L};
        java.math.BigInteger two64 = java.math.BigInteger.ONE.shiftLeft(64);
        for (long a : values) {
            for (long b : values) {
                Machine m = new Machine(kind);
                m.load(Rv.op(1, 1, A2, A0, A1), Rv.op(1, 2, A3, A0, A1), Rv.op(1, 3, T0, A0, A1),
                        Rv.op32(1, 4, T1, A0, A1), Rv.op32(1, 7, T2, A0, A1));
                m.hart.setRegister(A0, a);
                m.hart.setRegister(A1, b);
                m.run();
                java.math.BigInteger sa = java.math.BigInteger.valueOf(a);
                java.math.BigInteger sb = java.math.BigInteger.valueOf(b);
                java.math.BigInteger ua = sa.signum() < 0 ? sa.add(two64) : sa;
                java.math.BigInteger ub = sb.signum() < 0 ? sb.add(two64) : sb;
                String ops = "a=" + a + " b=" + b;
                assertEquals(sa.multiply(sb).shiftRight(64).longValue(), m.x(A2), "mulh " + ops);
                assertEquals(sa.multiply(ub).shiftRight(64).longValue(), m.x(A3), "mulhsu " + ops);
                assertEquals(ua.multiply(ub).shiftRight(64).longValue(), m.x(T0), "mulhu " + ops);
                int wa = (int) a;
                int wb = (int) b;
                assertEquals(wb == 0 ? -1L : (long) (wa / wb), m.x(T1), "divw " + ops);
                assertEquals(wb == 0 ? (long) wa : (long) Integer.remainderUnsigned(wa, wb), m.x(T2), "remuw " + ops);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void loadsAndStoresSignExtendAndMayBeMisaligned(Kind kind) {
        Machine m = new Machine(kind);
        m.load(
                Rv.store(3, A0, A3, 0),                // sd a0, 0(a3)
                Rv.load(0, A1, A3, 0),                 // lb: 0xf0 -> -16
                Rv.load(4, A2, A3, 0),                 // lbu: 0xf0
                Rv.load(1, T0, A3, 1),                 // lh at +1 (misaligned): 0xdede -> sign-extended
                Rv.load(6, T1, A3, 3),                 // lwu at +3 (misaligned)
                Rv.store(2, A0, A3, 13),               // sw misaligned at +13
                Rv.load(3, T2, A3, 8),                 // ld 8..15
                Rv.store(3, A0, 8, -4),                 // sd across a page boundary (DATA + 0xffc..0x1003)
                Rv.load(3, RA, 8, -4));
        m.hart.setRegister(A0, 0x0123_4567_89ab_def0L);
        m.hart.setRegister(A3, DATA);
        m.hart.setRegister(8, DATA + 0x1000); // s0
        m.run();
        assertEquals(-16L, m.x(A1));
        assertEquals(0xf0L, m.x(A2));
        assertEquals((long) (short) 0xabde, m.x(T0));
        assertEquals(0x2345_6789L, m.x(T1));
        assertEquals(0xab_def0L << 40, m.x(T2));
        assertEquals(0x0123_4567_89ab_def0L, m.x(RA));
        assertEquals(0x0123_4567_89ab_def0L, m.read64(DATA + 0xffc));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void branchesJumpsAndLinks(Kind kind) {
        Machine m = new Machine(kind);
        m.load(
                Rv.addi(A0, ZERO, 3),                  // 0: a0 = 3
                Rv.addi(A1, A1, 1),                    // 1: loop: a1++
                Rv.addi(A0, A0, -1),                   // 2: a0--
                Rv.b(-8, ZERO, A0, 1),                 // 3: bne a0, zero, loop
                Rv.j(8, RA),                           // 4: jal ra, +8 (skips 5)
                Rv.addi(A2, ZERO, 99),                 // 5: skipped
                Rv.b(8, A0, ZERO, 6),                  // 6: bltu zero, a0 (0 < 0 false): not taken
                Rv.addi(A3, ZERO, 1),                  // 7
                Rv.auipc(T0, 0),                       // 8: t0 = pc
                Rv.jalr(T1, T0, 8));                   // 9: jalr t1, 8(t0) -> word 10 (the final wfi)
        m.run();
        assertEquals(3, m.x(A1));
        assertEquals(0, m.x(A2));
        assertEquals(word(5), m.x(RA));
        assertEquals(1, m.x(A3));
        assertEquals(word(10), m.x(T1));
        assertEquals(word(11), m.hart.pc());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void misalignedJumpTrapsWithTheTargetInMtvalAndNoLink(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.addi(A0, ZERO, 0), Rv.jalr(RA, A1, 2));
        m.hart.setRegister(A1, DATA);
        m.run();
        assertEquals(RiscvHart.CAUSE_MISALIGNED_FETCH, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(DATA + 2, m.hart.csr(RiscvHart.CSR_MTVAL));
        assertEquals(word(1), m.hart.csr(RiscvHart.CSR_MEPC));
        assertEquals(0, m.x(RA));
        assertEquals(HANDLER + 4, m.hart.pc());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void ecallEbreakIllegalAndMret(Kind kind) {
        Machine m = new Machine(kind);
        // handler: a2 += 1; mepc += 4; mret
        int[] handler = {
            Rv.addi(A2, A2, 1),
            Rv.csr(2, T0, RiscvHart.CSR_MEPC, ZERO),
            Rv.addi(T0, T0, 4),
            Rv.csr(1, ZERO, RiscvHart.CSR_MEPC, T0),
            Rv.csr(2, A3, RiscvHart.CSR_MCAUSE, ZERO),
            Rv.csr(2, T1, RiscvHart.CSR_MTVAL, ZERO),
            Rv.MRET
        };
        m.load(Rv.csr(6, ZERO, RiscvHart.CSR_MSTATUS, 8), // csrrsi mstatus, MIE
                Rv.ECALL, Rv.op(0, 0, A0, A3, ZERO),
                Rv.EBREAK, Rv.op(0, 0, A1, A3, ZERO),
                0xffff_ffff, Rv.op(0, 0, RA, T1, ZERO),
                Rv.csr(2, T2, RiscvHart.CSR_MSTATUS, ZERO));
        for (int k = 0; k < handler.length; k++) {
            m.write32(HANDLER + 4L * k, handler[k]);
        }
        m.run();
        assertEquals(3, m.x(A2));
        assertEquals(RiscvHart.CAUSE_ECALL_M, m.x(A0));
        assertEquals(RiscvHart.CAUSE_BREAKPOINT, m.x(A1));
        assertEquals(RiscvHart.CAUSE_ILLEGAL_INSTRUCTION, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(0xffff_ffffL, m.x(RA));
        // mret restored MIE from MPIE and set MPIE
        assertEquals(RiscvHart.MSTATUS_MPP | RiscvHart.MSTATUS_MIE | RiscvHart.MSTATUS_MPIE, m.x(T2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mepcKeepsItsLowBitsAndMretToAMisalignedPcTrapsAtTheMret(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.csr(1, ZERO, RiscvHart.CSR_MEPC, A0), Rv.csr(2, A1, RiscvHart.CSR_MEPC, ZERO), Rv.MRET);
        m.hart.setRegister(A0, DATA + 3);
        m.run();
        assertEquals(DATA + 3, m.x(A1));
        assertEquals(RiscvHart.CAUSE_MISALIGNED_FETCH, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(word(2), m.hart.csr(RiscvHart.CSR_MEPC));
        assertEquals(DATA + 3, m.hart.csr(RiscvHart.CSR_MTVAL));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void trapSavesMieInMpieAndClearsIt(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.csr(6, ZERO, RiscvHart.CSR_MSTATUS, 8), Rv.ECALL);
        m.run();
        assertEquals(RiscvHart.MSTATUS_MPP | RiscvHart.MSTATUS_MPIE, m.hart.csr(RiscvHart.CSR_MSTATUS));
        assertEquals(word(1), m.hart.csr(RiscvHart.CSR_MEPC));
        assertEquals(0, m.hart.csr(RiscvHart.CSR_MTVAL));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void illegalEncodingsTrapWithTheirBits(Kind kind) {
        int[] illegal = {
            0x0000_0000,                                   // all zeros
            Rv.i(0, 0, 7, A0, 0x03),                       // load funct3 7
            Rv.s(0, 0, 0, 4),                              // store funct3 4
            Rv.i(0x40 << 5, A0, 1, A0, 0x13),              // slli with funct6 != 0
            Rv.op(0x20, 1, A0, A0, A0),                    // sub-form funct7 on sll
            Rv.op32(1, 1, A0, A0, A0),                     // no mulhw
            Rv.i(0, 0, 1, 0, 0x67),                        // jalr funct3 1
            Rv.csr(1, A0, 0x7c0, A0),                      // unknown CSR
            Rv.csr(2, A0, 0xc01, ZERO),                    // time: no timer on the boards
            Rv.csr(1, ZERO, RiscvHart.CSR_MHARTID, A0),    // write to a read-only CSR
            Rv.csr(2, ZERO, RiscvHart.CSR_CYCLE, A0),      // csrrs with rs1 != 0 writes: illegal on cycle
            0x1200_0073,                                   // sfence.vma: no S mode
            Rv.amo(0x02, true, A0, A1, A2)                 // lr.d with rs2 != 0
        };
        for (int insn : illegal) {
            Machine m = new Machine(kind);
            m.load(insn);
            m.hart.setRegister(A1, DATA);
            m.run();
            String what = "0x" + Integer.toHexString(insn);
            assertEquals(RiscvHart.CAUSE_ILLEGAL_INSTRUCTION, m.hart.csr(RiscvHart.CSR_MCAUSE), what);
            assertEquals(insn & 0xffff_ffffL, m.hart.csr(RiscvHart.CSR_MTVAL), what);
            assertEquals(word(0), m.hart.csr(RiscvHart.CSR_MEPC), what);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readOnlyCsrsReadWithX0Sources(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.csr(2, A0, RiscvHart.CSR_MHARTID, ZERO), Rv.csr(6, A1, RiscvHart.CSR_INSTRET, 0),
                Rv.csr(2, A2, RiscvHart.CSR_MVENDORID, ZERO), Rv.csr(2, A3, RiscvHart.CSR_MINSTRET, ZERO));
        m.hart.setRegister(A0, 55);
        m.run();
        assertEquals(0, m.x(A0));
        assertEquals(3, m.x(A1)); // two prologue words and the csrr of mhartid retired before it
        assertEquals(0, m.x(A2));
        assertEquals(5, m.x(A3));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void csrWritesKeepOnlyLegalValues(Kind kind) {
        Machine m = new Machine(kind);
        m.load(
                Rv.csr(1, ZERO, RiscvHart.CSR_MSTATUS, A0),   // all ones: only MIE, MPIE; MPP stays M
                Rv.csr(2, A1, RiscvHart.CSR_MSTATUS, ZERO),
                Rv.csr(1, ZERO, RiscvHart.CSR_MIE, A0),
                Rv.csr(2, A2, RiscvHart.CSR_MIE, ZERO),
                Rv.csr(2, T0, RiscvHart.CSR_MTVEC, ZERO),
                Rv.csr(1, ZERO, RiscvHart.CSR_MTVEC, A3),      // mode 2 (reserved): ignored
                Rv.csr(2, T1, RiscvHart.CSR_MTVEC, ZERO),
                Rv.csr(1, ZERO, RiscvHart.CSR_MISA, ZERO),     // misa: WARL, ignored
                Rv.csr(2, T2, RiscvHart.CSR_MISA, ZERO),
                Rv.csr(1, ZERO, RiscvHart.CSR_MINSTRET, A3),   // minstret := a3; next read is a3
                Rv.csr(2, RA, RiscvHart.CSR_MINSTRET, ZERO),
                Rv.csr(1, ZERO, RiscvHart.CSR_MSCRATCH, A3),
                Rv.csr(3, A3, RiscvHart.CSR_MSCRATCH, A0));    // csrrc: returns old, clears all
        m.hart.setRegister(A0, -1);
        m.hart.setRegister(A3, 0x1000_0002L);
        m.run();
        assertEquals(RiscvHart.MSTATUS_MPP | RiscvHart.MSTATUS_MIE | RiscvHart.MSTATUS_MPIE, m.x(A1));
        assertEquals(RiscvHart.MIE_MASK, m.x(A2));
        assertEquals(HANDLER, m.x(T0));
        assertEquals(HANDLER, m.x(T1));
        assertEquals(RiscvHart.MISA, m.x(T2));
        assertEquals(0x1000_0002L, m.x(RA));
        assertEquals(0x1000_0002L, m.x(A3));
        assertEquals(0, m.hart.csr(RiscvHart.CSR_MSCRATCH));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void vectoredMtvecSendsExceptionsToTheBase(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.csr(6, ZERO, RiscvHart.CSR_MTVEC, 1), Rv.ECALL);
        m.run();
        assertEquals(HANDLER | 1, m.hart.csr(RiscvHart.CSR_MTVEC));
        assertEquals(HANDLER + 4, m.hart.pc());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void accessFaultsCarryTheAddress(Kind kind) {
        for (int f3 : new int[] {0, 3}) {
            Machine m = new Machine(kind);
            m.load(Rv.load(f3, A0, A1, 8));
            m.hart.setRegister(A1, HOLE);
            m.hart.setRegister(A0, 77);
            m.run();
            assertEquals(RiscvHart.CAUSE_LOAD_ACCESS, m.hart.csr(RiscvHart.CSR_MCAUSE));
            assertEquals(HOLE + 8, m.hart.csr(RiscvHart.CSR_MTVAL));
            assertEquals(77, m.x(A0), "a faulting load writes no register");
        }
        Machine m = new Machine(kind);
        m.load(Rv.store(2, A0, A1, -4));
        m.hart.setRegister(A1, HOLE);
        m.run();
        assertEquals(RiscvHart.CAUSE_STORE_ACCESS, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(HOLE - 4, m.hart.csr(RiscvHart.CSR_MTVAL));

        Machine f = new Machine(kind);
        f.load(Rv.jalr(ZERO, A1, 0));
        f.hart.setRegister(A1, HOLE);
        f.run();
        assertEquals(RiscvHart.CAUSE_FETCH_ACCESS, f.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(HOLE, f.hart.csr(RiscvHart.CSR_MTVAL));
        assertEquals(HOLE, f.hart.csr(RiscvHart.CSR_MEPC));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void selfModifyingCodeRunsTheNewWord(Kind kind) {
        Machine m = new Machine(kind);
        // word 2 starts as "addi a0, zero, 1"; word 0..1 overwrite it with "addi a0, zero, 2" first
        m.load(Rv.store(2, A1, A2, 0), Rv.FENCE_I, Rv.addi(A0, ZERO, 1));
        m.hart.setRegister(A1, Rv.addi(A0, ZERO, 2));
        m.hart.setRegister(A2, word(2));
        m.run();
        assertEquals(2, m.x(A0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void atomics(Kind kind) {
        Machine m = new Machine(kind);
        m.load(
                Rv.amo(0x02, true, A0, A3, ZERO),          // lr.d a0, (a3)
                Rv.amo(0x03, true, A1, A3, T0),            // sc.d a1, t0, (a3): succeeds -> 0
                Rv.amo(0x03, true, A2, A3, T0),            // sc.d again: no reservation -> 1
                Rv.amo(0x00, false, T1, A3, T0),           // amoadd.w t1, t0, (a3)
                Rv.amo(0x18, false, T2, A3, RA),           // amominu.w t2, ra, (a3)
                Rv.amo(0x01, true, A0, A3, A1));           // amoswap.d a0, a1, (a3): a0 = old
        m.hart.setRegister(A3, DATA);
        m.hart.setRegister(T0, 0x7fff_ffffL);
        m.hart.setRegister(RA, -1); // as a word: 0xffffffff, the largest unsigned
        m.write64(DATA, 41);
        m.run();
        assertEquals(0, m.x(A1));
        assertEquals(1, m.x(A2));
        assertEquals(0x7fff_ffffL, m.x(T1));
        assertEquals((long) (int) 0xffff_fffe, m.x(T2));       // old word: 0x7fffffff + 0x7fffffff
        assertEquals(0xffff_fffeL, m.x(A0));                   // amominu.w left 0xfffffffe, high word 0
        assertEquals(0, m.read64(DATA));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void misalignedAtomicsTrap(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.amo(0x00, false, A0, A3, ZERO));
        m.hart.setRegister(A3, DATA + 2);
        m.run();
        assertEquals(RiscvHart.CAUSE_MISALIGNED_STORE, m.hart.csr(RiscvHart.CSR_MCAUSE));
        assertEquals(DATA + 2, m.hart.csr(RiscvHart.CSR_MTVAL));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeviceStopsTheLoopAfterItsStore(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.store(2, A0, A1, 0), Rv.addi(A2, ZERO, 1));
        m.hart.setRegister(A1, STOPPER);
        long steps = m.hart.run(1000);
        assertEquals(RiscvHart.STOP_REQUESTED, m.hart.stopReason());
        assertEquals(3, steps);
        assertEquals(word(1), m.hart.pc());
        assertEquals(0, m.x(A2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void maxStepsStopsARunawayLoop(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.j(0, ZERO));
        long steps = m.hart.run(100_000);
        assertEquals(100_000, steps);
        assertEquals(RiscvHart.STOP_STEPS, m.hart.stopReason());
        assertEquals(word(0), m.hart.pc());
        assertEquals(100_000, m.hart.retired());
        assertEquals(0, m.hart.run(0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tracedRunReportsEachWord(Kind kind) {
        Machine m = new Machine(kind);
        m.load(Rv.addi(A0, ZERO, 5));
        StringBuilder trace = new StringBuilder();
        m.hart.runTraced(100, (pc, word, ok) -> trace.append(Long.toHexString(pc)).append(' ')
                .append(RiscvDisassembler.disassemble(word, pc)).append('\n'));
        assertEquals("80000000 auipc t6, 0x1\n80000004 csrrw zero, mtvec, t6\n80000008 addi a0, zero, 5\n"
                + "8000000c wfi\n", trace.toString());
        assertEquals(RiscvHart.STOP_WFI, m.hart.stopReason());
        assertThrows(IllegalArgumentException.class, () -> m.hart.csr(0x7c0));
    }
}
