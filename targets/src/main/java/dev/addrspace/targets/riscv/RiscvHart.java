package dev.addrspace.targets.riscv;

import dev.addrspace.memory.MemTxResult;

/**
 * A RISC-V hart in machine mode: an interpreter of RV64I with the M, A, Zicsr and Zifencei extensions
 * (and C when created with it: {@code RiscvCompressed} expands the 16-bit forms),
 * its integer registers, its pc and the machine-mode CSRs a bare-metal program and its trap handler use.
 * {@code docs/riscv-hart.md} lists every instruction and CSR and every difference from QEMU.
 *
 * <p><b>One interpreter, two memories.</b> The loop ({@link #run(long)}, {@link #step()}) is written once,
 * here; it reaches memory only through the abstract port methods ({@code fetch32}, {@code load8} ...
 * {@code store64}), which the two final subclasses implement: {@link RiscvCpuStateHart} sends every fetch,
 * load and store through a {@link dev.addrspace.cpu.CpuState} (the CPU's slot, page cache and MMIO
 * dispatch, as every target), and {@link RiscvFlatRamHart} reads one flat {@code byte[]} (the limit the
 * benchmark compares with). The JIT compiles the loop with the profile of the calls it sees: in a JVM that
 * runs only one kind of hart the port calls are monomorphic and inline; in one JVM that runs both, the two
 * kinds share the loop's call sites (bimorphic, still inlined behind a type check), which is why the
 * benchmark runs each in its own JMH fork.
 *
 * <p><b>The step.</b> One step executes one instruction or takes one synchronous trap; the loop counts
 * steps and the benchmarks count them. A step decodes the 32-bit instruction word with shifts and one
 * {@code switch} on the major opcode, allocates nothing, boxes nothing and throws nothing: a trap is state
 * ({@code mepc}, {@code mcause}, {@code mtval}, {@code mstatus}, the new pc), never a Java exception.
 * There is no decoded-instruction cache: every step fetches its word through the port, so self-modifying
 * code and {@code fence.i} are correct by construction.
 *
 * <p><b>Memory results.</b> A port method returns the value and records a non-{@link MemTxResult#OK}
 * result in {@link #fault}; the interpreter turns it into an access-fault trap (instruction 1, load 5,
 * store/AMO 7) with {@code mtval} = the address, and clears it. Misaligned loads and stores are passed to
 * the port as they are (QEMU's virt executes them too); only LR, SC and AMOs trap when misaligned (4 and
 * 6), as QEMU's atomics do.
 *
 * <p><b>Safe points.</b> {@link #safePoint()} is the one place the loop offers to the memory system:
 * after every {@link #SAFE_POINT_INTERVAL} steps, at every trap, and when {@link #run(long)} returns.
 * A hart over a {@code CpuState} calls {@code CpuState.safePoint()} there ({@link #atSafePoint()}): in the
 * CPU's default safe-point mode, other threads' commits take effect for the hart by then (QEMU's vCPU
 * takes its TLB flushes at the end of a block); the hart's own commits take effect at its next access.
 *
 * <p><b>Stopping.</b> A device (QEMU's test finisher, for example) calls {@link #requestStop()} from the
 * store that reaches it; the loop ends after that instruction. {@code wfi} with no enabled interrupt
 * pending ends the loop too ({@link #STOP_WFI}): the boards have no interrupt source, so nothing could
 * wake the hart (QEMU halts it the same way and waits forever).
 *
 * <p>Not thread safe: owned by one CPU thread. Allocation free after construction.
 */
public abstract class RiscvHart {

    /** {@link #run(long)} ended because it executed the number of steps it was given. */
    public static final int STOP_STEPS = 0;
    /** {@link #run(long)} ended because {@link #requestStop()} was called (a device asked). */
    public static final int STOP_REQUESTED = 1;
    /** {@link #run(long)} ended at a {@code wfi} with no enabled interrupt pending; the pc is past it. */
    public static final int STOP_WFI = 2;

    /** Steps between two safe points of the loop (a power of two). */
    public static final int SAFE_POINT_INTERVAL = 4096;

    /** Exception code: instruction address misaligned. */
    public static final int CAUSE_MISALIGNED_FETCH = 0;
    /** Exception code: instruction access fault. */
    public static final int CAUSE_FETCH_ACCESS = 1;
    /** Exception code: illegal instruction. */
    public static final int CAUSE_ILLEGAL_INSTRUCTION = 2;
    /** Exception code: breakpoint ({@code ebreak}). */
    public static final int CAUSE_BREAKPOINT = 3;
    /** Exception code: load address misaligned (LR only; plain loads may be misaligned). */
    public static final int CAUSE_MISALIGNED_LOAD = 4;
    /** Exception code: load access fault. */
    public static final int CAUSE_LOAD_ACCESS = 5;
    /** Exception code: store/AMO address misaligned (SC and AMOs only). */
    public static final int CAUSE_MISALIGNED_STORE = 6;
    /** Exception code: store/AMO access fault. */
    public static final int CAUSE_STORE_ACCESS = 7;
    /** Exception code: environment call from M-mode. */
    public static final int CAUSE_ECALL_M = 11;

    /** CSR numbers this hart implements. */
    public static final int CSR_MSTATUS = 0x300;
    /** {@code misa}. */
    public static final int CSR_MISA = 0x301;
    /** {@code medeleg}: reads 0, writes ignored (no lower privilege to delegate to). */
    public static final int CSR_MEDELEG = 0x302;
    /** {@code mideleg}: reads 0, writes ignored. */
    public static final int CSR_MIDELEG = 0x303;
    /** {@code mie}. */
    public static final int CSR_MIE = 0x304;
    /** {@code mtvec}. */
    public static final int CSR_MTVEC = 0x305;
    /** {@code mscratch}. */
    public static final int CSR_MSCRATCH = 0x340;
    /** {@code mepc}. */
    public static final int CSR_MEPC = 0x341;
    /** {@code mcause}. */
    public static final int CSR_MCAUSE = 0x342;
    /** {@code mtval}. */
    public static final int CSR_MTVAL = 0x343;
    /** {@code mip}. */
    public static final int CSR_MIP = 0x344;
    /** {@code mcycle}. */
    public static final int CSR_MCYCLE = 0xb00;
    /** {@code minstret}. */
    public static final int CSR_MINSTRET = 0xb02;
    /** {@code cycle}: read-only alias of {@code mcycle}. */
    public static final int CSR_CYCLE = 0xc00;
    /** {@code instret}: read-only alias of {@code minstret}. */
    public static final int CSR_INSTRET = 0xc02;
    /** {@code mvendorid}. */
    public static final int CSR_MVENDORID = 0xf11;
    /** {@code marchid}. */
    public static final int CSR_MARCHID = 0xf12;
    /** {@code mimpid}. */
    public static final int CSR_MIMPID = 0xf13;
    /** {@code mhartid}. */
    public static final int CSR_MHARTID = 0xf14;
    /** {@code mconfigptr}. */
    public static final int CSR_MCONFIGPTR = 0xf15;

    /** {@code misa}: MXL = 2 (RV64), extensions A, I, M. */
    public static final long MISA = (2L << 62) | (1L << ('A' - 'A')) | (1L << ('I' - 'A')) | (1L << ('M' - 'A'));

    /** The C bit of {@code misa}, set on a hart created with the C extension. */
    public static final long MISA_C = 1L << ('C' - 'A');

    /** {@code mstatus.MIE}. */
    public static final long MSTATUS_MIE = 1L << 3;
    /** {@code mstatus.MPIE}. */
    public static final long MSTATUS_MPIE = 1L << 7;
    /** {@code mstatus.MPP}: hard-wired to 3 (M), the only privilege level. */
    public static final long MSTATUS_MPP = 3L << 11;
    /** The interrupt-enable bits of {@code mie} that exist: MSIE, MTIE, MEIE. */
    public static final long MIE_MASK = (1L << 3) | (1L << 7) | (1L << 11);

    private static final long NO_RESERVATION = -1L;
    /** The in-page offset of a page's last halfword. */
    private static final long PAGE_END = 0xffe;

    /** The integer registers; {@code x[0]} is kept 0. */
    protected final long[] x = new long[32];
    /** The pc of the next instruction. */
    protected long pc;
    /**
     * The port's result of the last access, {@link MemTxResult#OK} (0) unless a port method recorded a
     * failure; the interpreter reads and clears it after each access.
     */
    protected int fault;

    private final long hartId;
    /** True with the C extension. */
    private final boolean compressed;
    /** The pc bits that must be 0: 3 without C (IALIGN = 32), 1 with it (IALIGN = 16). */
    private final long alignMask;
    private final long misa;
    private long mstatus = MSTATUS_MPP;
    private long mie;
    private long mtvec;
    private long mscratch;
    private long mepc;
    private long mcause;
    private long mtval;
    /** Instructions retired since reset; {@code mcycle} and {@code minstret} are offsets from it. */
    private long retired;
    private long cycleOffset;
    private long instretOffset;
    private long reservation = NO_RESERVATION;
    /** With C, the address the last page-end fetch read last: the pc, or the second half's address. */
    private long fetchFaultAddress;
    private boolean stopRequested;
    private int stopReason;
    private long steps;

    /**
     * Creates a hart in its reset state: registers 0, pc 0, {@code mstatus.MPP} = M.
     *
     * @param hartId the value of {@code mhartid}
     */
    protected RiscvHart(long hartId) {
        this(hartId, false);
    }

    /**
     * Creates a hart in its reset state, with or without the C extension.
     *
     * @param hartId the value of {@code mhartid}
     * @param compressed true for RV64IMAC: 16-bit instructions (expanded by {@code RiscvCompressed}), 2-byte instruction
     *     alignment, {@code misa.C} set; false for RV64IMA, where a jump to an address that is not 4-aligned
     *     traps
     */
    protected RiscvHart(long hartId, boolean compressed) {
        this.hartId = hartId;
        this.compressed = compressed;
        this.alignMask = compressed ? 1 : 3;
        this.misa = compressed ? MISA | MISA_C : MISA;
    }

    // ------------------------------------------------------------------------------------ memory port

    /**
     * Fetches the 32-bit instruction word at {@code addr} (4-aligned). Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @return the word, little-endian; anything when the fetch failed
     */
    protected abstract int fetch32(long addr);

    /**
     * Loads a byte. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @return the byte, zero-extended
     */
    protected abstract int load8(long addr);

    /**
     * Loads a little-endian 16-bit value at any alignment. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @return the value, zero-extended
     */
    protected abstract int load16(long addr);

    /**
     * Loads a little-endian 32-bit value at any alignment. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @return the value
     */
    protected abstract int load32(long addr);

    /**
     * Loads a little-endian 64-bit value at any alignment. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @return the value
     */
    protected abstract long load64(long addr);

    /**
     * Stores a byte. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @param value the byte, in the low 8 bits
     */
    protected abstract void store8(long addr, int value);

    /**
     * Stores a little-endian 16-bit value at any alignment. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @param value the value, in the low 16 bits
     */
    protected abstract void store16(long addr, int value);

    /**
     * Stores a little-endian 32-bit value at any alignment. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @param value the value
     */
    protected abstract void store32(long addr, int value);

    /**
     * Stores a little-endian 64-bit value at any alignment. Records a failure in {@link #fault}.
     *
     * @param addr the address
     * @param value the value
     */
    protected abstract void store64(long addr, long value);

    // ------------------------------------------------------------------------------------ state

    /**
     * Resets the hart as QEMU's reset with {@code -kernel}: registers 0, {@code a0} = the hart id,
     * {@code a1} = 0, the pc at {@code entry}, machine mode with interrupts off, counters 0, no reservation,
     * trap CSRs 0.
     *
     * @param entry the first instruction's address
     */
    public final void reset(long entry) {
        java.util.Arrays.fill(x, 0);
        x[10] = hartId;
        pc = entry;
        fault = MemTxResult.OK;
        mstatus = MSTATUS_MPP;
        mie = 0;
        mtvec = 0;
        mscratch = 0;
        mepc = 0;
        mcause = 0;
        mtval = 0;
        retired = 0;
        cycleOffset = 0;
        instretOffset = 0;
        reservation = NO_RESERVATION;
        stopRequested = false;
        stopReason = STOP_STEPS;
        steps = 0;
    }

    /** @return the hart id ({@code mhartid}) */
    public final long hartId() {
        return hartId;
    }

    /** @return the pc of the next instruction */
    public final long pc() {
        return pc;
    }

    /**
     * Sets the pc of the next instruction.
     *
     * @param pc the address; a pc that is not 4-aligned makes the next step take an instruction address
     *     misaligned trap
     */
    public final void setPc(long pc) {
        this.pc = pc;
    }

    /**
     * Reads an integer register.
     *
     * @param i the register number, 0 to 31
     * @return its value; 0 for {@code x0}
     * @throws ArrayIndexOutOfBoundsException if {@code i} is outside 0..31
     */
    public final long register(int i) {
        return x[i];
    }

    /**
     * Writes an integer register; writing {@code x0} changes nothing.
     *
     * @param i the register number, 0 to 31
     * @param value the value
     * @throws ArrayIndexOutOfBoundsException if {@code i} is outside 0..31
     */
    public final void setRegister(int i, long value) {
        x[i] = value;
        x[0] = 0;
    }

    /** @return instructions retired since reset (what {@code minstret} counts before any write to it) */
    public final long retired() {
        return retired;
    }

    /**
     * @return steps run by {@link #run(long)} and {@link #runTraced(long, Tracer)} since reset: retired
     *     instructions plus steps that took a trap (a direct {@link #step()} is not counted)
     */
    public final long steps() {
        return steps;
    }

    /** @return why the last {@link #run(long)} ended: {@link #STOP_STEPS}, {@link #STOP_REQUESTED} or {@link #STOP_WFI} */
    public final int stopReason() {
        return stopReason;
    }

    /**
     * Asks the running loop to stop after the current instruction: a device calls this from the access
     * that reaches it (QEMU's test finisher does). Allocation free.
     */
    public final void requestStop() {
        stopRequested = true;
    }

    /**
     * Reads a CSR as the guest would (for tests and debuggers; no side effect).
     *
     * @param csr the CSR number
     * @return its value
     * @throws IllegalArgumentException if the hart has no such CSR
     */
    public final long csr(int csr) {
        if (!csrExists(csr)) {
            throw new IllegalArgumentException("no CSR 0x" + Integer.toHexString(csr) + " on this hart");
        }
        return csrRead(csr);
    }

    // ------------------------------------------------------------------------------------ the loop

    /**
     * Runs up to {@code maxSteps} steps. Ends early when a device calls {@link #requestStop()} (after the
     * instruction that reached it) or at a {@code wfi} that nothing can wake. Allocation free.
     *
     * @param maxSteps the most steps to run; 0 or less runs none
     * @return the steps run; {@link #stopReason()} says why the loop ended
     */
    public final long run(long maxSteps) {
        stopRequested = false;
        stopReason = STOP_STEPS;
        long done = 0;
        while (done < maxSteps) {
            final int chunk = (int) Math.min(maxSteps - done, SAFE_POINT_INTERVAL);
            int i = 0;
            while (i < chunk) {
                i++;
                if (!step()) {
                    break;
                }
            }
            done += i;
            safePoint();
            if (stopReason != STOP_STEPS) {
                break;
            }
        }
        steps += done;
        return done;
    }

    /**
     * Runs up to {@code maxSteps} steps as {@link #run(long)} does, and first reports each step to
     * {@code tracer} with the pc and the word about to execute (fetched through the port once more, so a
     * read of an MMIO register there would have its side effect twice). For {@code --trace}; allocates
     * only what the tracer does.
     *
     * @param maxSteps the most steps to run
     * @param tracer told each step's pc and word; a word whose fetch fails is reported with ok = false
     * @return the steps run
     * @throws NullPointerException if {@code tracer} is null
     */
    public final long runTraced(long maxSteps, Tracer tracer) {
        if (tracer == null) {
            throw new NullPointerException("tracer");
        }
        stopRequested = false;
        stopReason = STOP_STEPS;
        long done = 0;
        while (done < maxSteps) {
            final long at = pc;
            int word = 0;
            boolean ok = (at & alignMask) == 0;
            if (ok) {
                word = compressed && (at & PAGE_END) == PAGE_END ? fetchAtPageEnd(at) : fetch32(at);
                ok = fault == MemTxResult.OK;
                fault = MemTxResult.OK;
                if (compressed && (word & 3) != 3) {
                    word &= 0xffff;
                }
            }
            tracer.step(at, word, ok);
            done++;
            final boolean go = step();
            if ((done & (SAFE_POINT_INTERVAL - 1)) == 0) {
                safePoint();
            }
            if (!go) {
                safePoint();
                break;
            }
        }
        steps += done;
        return done;
    }

    /** Told each step by {@link #runTraced(long, Tracer)} before it executes. */
    @FunctionalInterface
    public interface Tracer {
        /**
         * One step.
         *
         * @param pc the pc
         * @param word the instruction word, when {@code ok}
         * @param ok false when the pc is misaligned or the fetch failed (the step will trap)
         */
        void step(long pc, int word, boolean ok);
    }

    /**
     * The loop's one safe point: after every {@link #SAFE_POINT_INTERVAL} steps, at every trap, and when
     * the loop ends. The memory port takes the commits other threads made since the last one here
     * ({@link #atSafePoint()}), as QEMU's TCG takes TLB flushes at the end of a block.
     */
    private void safePoint() {
        atSafePoint();
    }

    /**
     * What the memory port does at each safe point of the loop; nothing by default (a flat {@code byte[]}
     * has no view to take); a port over a {@code CpuState} calls its {@code safePoint()}. Called only from
     * the loop's one safe point.
     */
    protected void atSafePoint() {
    }

    /**
     * Executes one instruction or takes one trap.
     *
     * @return false when the loop must stop after this step ({@link #stopReason} says why)
     */
    public final boolean step() {
        final long pc = this.pc;
        if ((pc & alignMask) != 0) {
            return exception(CAUSE_MISALIGNED_FETCH, pc, pc);
        }
        int insn;
        int len = 4;
        if (compressed && (pc & PAGE_END) == PAGE_END) {
            insn = fetchAtPageEnd(pc);
        } else {
            insn = fetch32(pc);
        }
        if (fault != MemTxResult.OK) {
            return accessFault(CAUSE_FETCH_ACCESS, fetchFaultAddress == pc + 2 ? pc + 2 : pc, pc);
        }
        if (compressed && (insn & 3) != 3) {
            final int c = insn & 0xffff;
            insn = RiscvCompressed.expand(c);
            if (insn == 0) {
                return illegal(c, pc);
            }
            len = 2;
        }
        final long[] x = this.x;
        final int rd = (insn >>> 7) & 31;
        final int rs1 = (insn >>> 15) & 31;
        final int rs2 = (insn >>> 20) & 31;
        final int f3 = (insn >>> 12) & 7;
        long next = pc + len;
        switch (insn & 0x7f) {
            case 0x37: // LUI
                x[rd] = insn & 0xfffff000;
                break;
            case 0x17: // AUIPC
                x[rd] = pc + (insn & 0xfffff000);
                break;
            case 0x6f: { // JAL
                final long target = pc + immJ(insn);
                if ((target & alignMask) != 0) {
                    return exception(CAUSE_MISALIGNED_FETCH, target, pc);
                }
                x[rd] = next;
                next = target;
                break;
            }
            case 0x67: { // JALR
                if (f3 != 0) {
                    return illegal(insn, pc);
                }
                final long target = (x[rs1] + (insn >> 20)) & ~1L;
                if ((target & alignMask) != 0) {
                    return exception(CAUSE_MISALIGNED_FETCH, target, pc);
                }
                x[rd] = next;
                next = target;
                break;
            }
            case 0x63: { // BRANCH
                final long a = x[rs1];
                final long b = x[rs2];
                final boolean taken;
                switch (f3) {
                    case 0: taken = a == b; break;
                    case 1: taken = a != b; break;
                    case 4: taken = a < b; break;
                    case 5: taken = a >= b; break;
                    case 6: taken = Long.compareUnsigned(a, b) < 0; break;
                    case 7: taken = Long.compareUnsigned(a, b) >= 0; break;
                    default: return illegal(insn, pc);
                }
                if (taken) {
                    final long target = pc + immB(insn);
                    if ((target & alignMask) != 0) {
                        return exception(CAUSE_MISALIGNED_FETCH, target, pc);
                    }
                    next = target;
                }
                break;
            }
            case 0x03: { // LOAD
                final long addr = x[rs1] + (insn >> 20);
                final long v;
                switch (f3) {
                    case 0: v = (byte) load8(addr); break;
                    case 1: v = (short) load16(addr); break;
                    case 2: v = load32(addr); break;
                    case 3: v = load64(addr); break;
                    case 4: v = load8(addr); break;
                    case 5: v = load16(addr); break;
                    case 6: v = load32(addr) & 0xffff_ffffL; break;
                    default: return illegal(insn, pc);
                }
                if (fault != MemTxResult.OK) {
                    return accessFault(CAUSE_LOAD_ACCESS, addr, pc);
                }
                x[rd] = v;
                break;
            }
            case 0x23: { // STORE
                final long addr = x[rs1] + immS(insn);
                final long v = x[rs2];
                switch (f3) {
                    case 0: store8(addr, (int) v); break;
                    case 1: store16(addr, (int) v); break;
                    case 2: store32(addr, (int) v); break;
                    case 3: store64(addr, v); break;
                    default: return illegal(insn, pc);
                }
                if (fault != MemTxResult.OK) {
                    return accessFault(CAUSE_STORE_ACCESS, addr, pc);
                }
                break;
            }
            case 0x13: { // OP-IMM
                final long a = x[rs1];
                final long imm = insn >> 20;
                switch (f3) {
                    case 0: x[rd] = a + imm; break;
                    case 2: x[rd] = a < imm ? 1 : 0; break;
                    case 3: x[rd] = Long.compareUnsigned(a, imm) < 0 ? 1 : 0; break;
                    case 4: x[rd] = a ^ imm; break;
                    case 6: x[rd] = a | imm; break;
                    case 7: x[rd] = a & imm; break;
                    case 1:
                        if ((insn >>> 26) != 0) {
                            return illegal(insn, pc);
                        }
                        x[rd] = a << (imm & 63);
                        break;
                    default: { // 5
                        final int f6 = insn >>> 26;
                        if (f6 == 0) {
                            x[rd] = a >>> (imm & 63);
                        } else if (f6 == 0x10) {
                            x[rd] = a >> (imm & 63);
                        } else {
                            return illegal(insn, pc);
                        }
                        break;
                    }
                }
                break;
            }
            case 0x33: { // OP
                final int f7 = insn >>> 25;
                final long a = x[rs1];
                final long b = x[rs2];
                if (f7 == 0) {
                    switch (f3) {
                        case 0: x[rd] = a + b; break;
                        case 1: x[rd] = a << b; break;
                        case 2: x[rd] = a < b ? 1 : 0; break;
                        case 3: x[rd] = Long.compareUnsigned(a, b) < 0 ? 1 : 0; break;
                        case 4: x[rd] = a ^ b; break;
                        case 5: x[rd] = a >>> b; break;
                        case 6: x[rd] = a | b; break;
                        default: x[rd] = a & b; break;
                    }
                } else if (f7 == 0x20 && f3 == 0) {
                    x[rd] = a - b;
                } else if (f7 == 0x20 && f3 == 5) {
                    x[rd] = a >> b;
                } else if (f7 == 1) {
                    x[rd] = mulDiv(f3, a, b);
                } else {
                    return illegal(insn, pc);
                }
                break;
            }
            case 0x1b: { // OP-IMM-32
                final int a = (int) x[rs1];
                final int shamt = rs2;
                final int f7 = insn >>> 25;
                if (f3 == 0) {
                    x[rd] = a + (insn >> 20);
                } else if (f3 == 1 && f7 == 0) {
                    x[rd] = a << shamt;
                } else if (f3 == 5 && f7 == 0) {
                    x[rd] = a >>> shamt;
                } else if (f3 == 5 && f7 == 0x20) {
                    x[rd] = a >> shamt;
                } else {
                    return illegal(insn, pc);
                }
                break;
            }
            case 0x3b: { // OP-32
                final int f7 = insn >>> 25;
                final int a = (int) x[rs1];
                final int b = (int) x[rs2];
                if (f7 == 0 && f3 == 0) {
                    x[rd] = a + b;
                } else if (f7 == 0 && f3 == 1) {
                    x[rd] = a << b;
                } else if (f7 == 0 && f3 == 5) {
                    x[rd] = a >>> b;
                } else if (f7 == 0x20 && f3 == 0) {
                    x[rd] = a - b;
                } else if (f7 == 0x20 && f3 == 5) {
                    x[rd] = a >> b;
                } else if (f7 == 1 && f3 != 1 && f3 != 2 && f3 != 3) {
                    x[rd] = mulDivW(f3, a, b);
                } else {
                    return illegal(insn, pc);
                }
                break;
            }
            case 0x0f: // MISC-MEM: fence (0) and fence.i (1). No instruction cache: both order nothing here.
                if (f3 > 1) {
                    return illegal(insn, pc);
                }
                break;
            case 0x73: // SYSTEM
                return system(insn, pc, rd, rs1, f3);
            case 0x2f: // AMO
                return atomic(insn, pc, rd, rs1, rs2, f3);
            default:
                return illegal(insn, pc);
        }
        x[0] = 0;
        this.pc = next;
        retired++;
        return !stopRequested || endRun();
    }

    /**
     * With C, a fetch at the last halfword of a page reads 16 bits, and the next 16 (on the next page) only
     * when they are the second half of a 32-bit instruction, so a 16-bit instruction at the end of mapped
     * memory does not fault. A failure of the second half reports its own address.
     */
    private int fetchAtPageEnd(long pc) {
        fetchFaultAddress = pc;
        final int lo = load16(pc);
        if (fault != MemTxResult.OK || (lo & 3) != 3) {
            return lo;
        }
        fetchFaultAddress = pc + 2;
        final int hi = load16(pc + 2);
        return lo | (hi << 16);
    }

    private boolean endRun() {
        stopReason = STOP_REQUESTED;
        return false;
    }

    private boolean checkStop() {
        return !stopRequested || endRun();
    }

    private static long mulDiv(int f3, long a, long b) {
        switch (f3) {
            case 0: return a * b;
            case 1: return Math.multiplyHigh(a, b);
            case 2: return Math.multiplyHigh(a, b) + ((b >> 63) & a); // mulhsu: b unsigned
            case 3: return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a); // mulhu
            case 4: return b == 0 ? -1L : a / b; // Long.MIN_VALUE / -1 == Long.MIN_VALUE, as RISC-V says
            case 5: return b == 0 ? -1L : Long.divideUnsigned(a, b);
            case 6: return b == 0 ? a : a % b;
            default: return b == 0 ? a : Long.remainderUnsigned(a, b);
        }
    }

    private static long mulDivW(int f3, int a, int b) {
        switch (f3) {
            case 0: return a * b;
            case 4: return b == 0 ? -1 : a / b;
            case 5: return b == 0 ? -1 : Integer.divideUnsigned(a, b);
            case 6: return b == 0 ? a : a % b;
            default: return b == 0 ? a : Integer.remainderUnsigned(a, b);
        }
    }

    private static long immJ(int insn) {
        return ((insn >> 31) << 20) // imm[20], sign
                | (insn & 0x000f_f000) // imm[19:12]
                | ((insn >>> 9) & 0x800) // imm[11] from bit 20
                | ((insn >>> 20) & 0x7fe); // imm[10:1] from bits 30:21
    }

    private static long immB(int insn) {
        return ((insn >> 31) << 12) // imm[12], sign
                | ((insn << 4) & 0x800) // imm[11] from bit 7
                | ((insn >>> 20) & 0x7e0) // imm[10:5] from bits 30:25
                | ((insn >>> 7) & 0x1e); // imm[4:1] from bits 11:8
    }

    private static long immS(int insn) {
        return ((insn >> 25) << 5) | ((insn >>> 7) & 31);
    }

    // ------------------------------------------------------------------------------------ SYSTEM

    private boolean system(int insn, long pc, int rd, int rs1, int f3) {
        if (f3 == 0) {
            switch (insn) {
                case 0x0000_0073: // ecall
                    return exception(CAUSE_ECALL_M, 0, pc);
                case 0x0010_0073: // ebreak: QEMU 7.2 leaves mtval 0 (no watchpoint hit)
                    return exception(CAUSE_BREAKPOINT, 0, pc);
                case 0x3020_0073: // mret
                    if ((mepc & alignMask) != 0) { // QEMU: the mret itself traps, as a jump to a misaligned target
                        return exception(CAUSE_MISALIGNED_FETCH, mepc, pc);
                    }
                    mret();
                    retired++;
                    return checkStop();
                case 0x1050_0073: // wfi
                    this.pc = pc + 4;
                    retired++;
                    if ((mie & mip()) != 0) {
                        return checkStop();
                    }
                    stopReason = STOP_WFI;
                    return false;
                default:
                    return illegal(insn, pc);
            }
        }
        if (f3 == 4) {
            return illegal(insn, pc);
        }
        final int csr = insn >>> 20;
        if (!csrExists(csr)) {
            return illegal(insn, pc);
        }
        final long src = f3 >= 5 ? rs1 : x[rs1]; // the *I forms take rs1's field as a 5-bit immediate
        final boolean writes = (f3 & 3) == 1 || rs1 != 0; // csrrw(i) always; csrrs/c(i) unless x0 / 0
        if (writes && (csr >>> 10) == 3) {
            return illegal(insn, pc);
        }
        final long old = csrRead(csr);
        if (writes) {
            switch (f3 & 3) {
                case 1: csrWrite(csr, src); break;
                case 2: csrWrite(csr, old | src); break;
                default: csrWrite(csr, old & ~src); break;
            }
        }
        x[rd] = old;
        x[0] = 0;
        this.pc = pc + 4;
        retired++;
        return checkStop();
    }

    private static boolean csrExists(int csr) {
        switch (csr) {
            case CSR_MSTATUS:
            case CSR_MISA:
            case CSR_MEDELEG:
            case CSR_MIDELEG:
            case CSR_MIE:
            case CSR_MTVEC:
            case CSR_MSCRATCH:
            case CSR_MEPC:
            case CSR_MCAUSE:
            case CSR_MTVAL:
            case CSR_MIP:
            case CSR_MCYCLE:
            case CSR_MINSTRET:
            case CSR_CYCLE:
            case CSR_INSTRET:
            case CSR_MVENDORID:
            case CSR_MARCHID:
            case CSR_MIMPID:
            case CSR_MHARTID:
            case CSR_MCONFIGPTR:
                return true;
            default:
                return false;
        }
    }

    private long csrRead(int csr) {
        switch (csr) {
            case CSR_MSTATUS: return mstatus;
            case CSR_MISA: return misa;
            case CSR_MIE: return mie;
            case CSR_MTVEC: return mtvec;
            case CSR_MSCRATCH: return mscratch;
            case CSR_MEPC: return mepc;
            case CSR_MCAUSE: return mcause;
            case CSR_MTVAL: return mtval;
            case CSR_MIP: return mip();
            case CSR_MCYCLE:
            case CSR_CYCLE:
                return retired + cycleOffset;
            case CSR_MINSTRET:
            case CSR_INSTRET:
                return retired + instretOffset;
            case CSR_MHARTID: return hartId;
            default: return 0; // medeleg, mideleg, mvendorid, marchid, mimpid, mconfigptr
        }
    }

    /** Writes a writable CSR; the value read back after this instruction retires is {@code v}'s legal part. */
    private void csrWrite(int csr, long v) {
        switch (csr) {
            case CSR_MSTATUS:
                mstatus = (v & (MSTATUS_MIE | MSTATUS_MPIE)) | MSTATUS_MPP;
                break;
            case CSR_MIE:
                mie = v & MIE_MASK;
                break;
            case CSR_MTVEC:
                if ((v & 3) < 2) { // modes 2 and 3 are reserved: QEMU ignores such a write
                    mtvec = v;
                }
                break;
            case CSR_MSCRATCH:
                mscratch = v;
                break;
            case CSR_MEPC: // QEMU keeps every bit; an mret to a misaligned mepc traps there
                mepc = v;
                break;
            case CSR_MCAUSE:
                mcause = v;
                break;
            case CSR_MTVAL:
                mtval = v;
                break;
            case CSR_MCYCLE:
                cycleOffset = v - retired - 1; // this instruction's retirement brings it to v
                break;
            case CSR_MINSTRET:
                instretOffset = v - retired - 1;
                break;
            default: // misa, medeleg, mideleg, mip: WARL, nothing writable
                break;
        }
    }

    /** {@code mip}: no device of the boards raises an interrupt line, so nothing is ever pending. */
    private static long mip() {
        return 0;
    }

    // ------------------------------------------------------------------------------------ A

    private boolean atomic(int insn, long pc, int rd, int rs1, int rs2, int f3) {
        if (f3 != 2 && f3 != 3) {
            return illegal(insn, pc);
        }
        final boolean dword = f3 == 3;
        final int f5 = insn >>> 27;
        final long addr = x[rs1];
        final long src = x[rs2];
        final int mask = dword ? 7 : 3;
        if (f5 == 2) { // LR
            if (rs2 != 0) {
                return illegal(insn, pc);
            }
            if ((addr & mask) != 0) {
                return exception(CAUSE_MISALIGNED_LOAD, addr, pc);
            }
            final long v = dword ? load64(addr) : load32(addr);
            if (fault != MemTxResult.OK) {
                return accessFault(CAUSE_LOAD_ACCESS, addr, pc);
            }
            reservation = addr;
            x[rd] = v;
        } else if (f5 == 3) { // SC
            if ((addr & mask) != 0) {
                return exception(CAUSE_MISALIGNED_STORE, addr, pc);
            }
            final boolean held = reservation == addr;
            reservation = NO_RESERVATION;
            if (held) {
                if (dword) {
                    store64(addr, src);
                } else {
                    store32(addr, (int) src);
                }
                if (fault != MemTxResult.OK) {
                    return accessFault(CAUSE_STORE_ACCESS, addr, pc);
                }
            }
            x[rd] = held ? 0 : 1;
        } else {
            if (!isAmo(f5)) {
                return illegal(insn, pc);
            }
            if ((addr & mask) != 0) {
                return exception(CAUSE_MISALIGNED_STORE, addr, pc);
            }
            final long old = dword ? load64(addr) : load32(addr);
            if (fault != MemTxResult.OK) {
                return accessFault(CAUSE_STORE_ACCESS, addr, pc);
            }
            final long b = dword ? src : (long) (int) src;
            final long v;
            switch (f5) {
                case 0x01: v = b; break; // amoswap
                case 0x00: v = old + b; break; // amoadd
                case 0x04: v = old ^ b; break; // amoxor
                case 0x0c: v = old & b; break; // amoand
                case 0x08: v = old | b; break; // amoor
                case 0x10: v = Math.min(old, b); break; // amomin
                case 0x14: v = Math.max(old, b); break; // amomax
                case 0x18: v = minUnsigned(old, b, dword); break; // amominu
                default: v = maxUnsigned(old, b, dword); break; // amomaxu
            }
            if (dword) {
                store64(addr, v);
            } else {
                store32(addr, (int) v);
            }
            if (fault != MemTxResult.OK) {
                return accessFault(CAUSE_STORE_ACCESS, addr, pc);
            }
            x[rd] = old;
        }
        x[0] = 0;
        this.pc = pc + 4;
        retired++;
        return checkStop();
    }

    private static boolean isAmo(int f5) {
        return f5 == 0x00 || f5 == 0x01 || f5 == 0x04 || f5 == 0x08 || f5 == 0x0c
                || f5 == 0x10 || f5 == 0x14 || f5 == 0x18 || f5 == 0x1c;
    }

    /** Both operands are sign-extended words for the W forms; unsigned order compares their low 32 bits. */
    private static long minUnsigned(long a, long b, boolean dword) {
        final long ua = dword ? a : a & 0xffff_ffffL;
        final long ub = dword ? b : b & 0xffff_ffffL;
        return Long.compareUnsigned(ua, ub) <= 0 ? a : b;
    }

    private static long maxUnsigned(long a, long b, boolean dword) {
        final long ua = dword ? a : a & 0xffff_ffffL;
        final long ub = dword ? b : b & 0xffff_ffffL;
        return Long.compareUnsigned(ua, ub) >= 0 ? a : b;
    }

    // ------------------------------------------------------------------------------------ traps

    private boolean illegal(int insn, long pc) {
        return exception(CAUSE_ILLEGAL_INSTRUCTION, insn & 0xffff_ffffL, pc);
    }

    /** Takes a synchronous exception ({@link #trap}) and ends the step: the step's return value. */
    private boolean exception(int cause, long tval, long pc) {
        trap(cause, tval, pc);
        return checkStop();
    }

    /** Clears the port's recorded failure and takes the access-fault exception {@code cause} at {@code addr}. */
    private boolean accessFault(int cause, long addr, long pc) {
        fault = MemTxResult.OK;
        return exception(cause, addr, pc);
    }

    /**
     * Takes a synchronous exception in M-mode: {@code mepc} = the faulting pc, {@code mcause}, {@code mtval},
     * {@code MPIE} = {@code MIE}, {@code MIE} = 0, {@code MPP} = M, the pc at {@code mtvec}'s base (vectored
     * mode sends exceptions to the base too), the reservation dropped. A safe point.
     */
    private void trap(int cause, long tval, long pc) {
        mepc = pc;
        mcause = cause;
        mtval = tval;
        final long mieBit = mstatus & MSTATUS_MIE;
        mstatus = (mstatus & ~(MSTATUS_MIE | MSTATUS_MPIE)) | (mieBit << 4) | MSTATUS_MPP;
        this.pc = mtvec & ~3L;
        reservation = NO_RESERVATION;
        safePoint();
    }

    /** {@code mret}: pc = {@code mepc}, {@code MIE} = {@code MPIE}, {@code MPIE} = 1, {@code MPP} stays M. */
    private void mret() {
        final long mpie = mstatus & MSTATUS_MPIE;
        mstatus = (mstatus & ~MSTATUS_MIE) | (mpie >>> 4) | MSTATUS_MPIE | MSTATUS_MPP;
        reservation = NO_RESERVATION;
        this.pc = mepc;
    }
}
