package dev.addrspace.targets.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two memory ports run the same random programs to the same state: seeded random streams of ALU, M,
 * load and store instructions (every width, misaligned, across a page boundary) and forward branches,
 * on a {@link RiscvCpuStateHart} and a {@link RiscvFlatRamHart}; every register, the pc, the trap CSRs
 * and the data bytes must agree. The seed is printed on failure; {@code -Driscv.port.seed=N} replays one.
 */
class RiscvPortEquivalenceTest {

    private static final int PROGRAMS = 200;
    private static final int LENGTH = 200;
    /** The data base register points 16 bytes below a page boundary, so some accesses cross it. */
    private static final long DATA_BASE = RiscvHartTest.DATA + 0x1000 - 16;
    private static final int BASE_REG = 20;

    @Test
    void bothPortsReachTheSameState() {
        String replay = System.getProperty("riscv.port.seed");
        long first = replay != null ? Long.parseLong(replay) : 0x5eed_0000L;
        int count = replay != null ? 1 : PROGRAMS;
        for (long seed = first; seed < first + count; seed++) {
            int[] program = program(new SplittableRandom(seed));
            RiscvHartTest.Machine bus = new RiscvHartTest.Machine(RiscvHartTest.Kind.CPU_STATE);
            RiscvHartTest.Machine flat = new RiscvHartTest.Machine(RiscvHartTest.Kind.FLAT);
            for (RiscvHartTest.Machine m : new RiscvHartTest.Machine[] {bus, flat}) {
                m.load(program);
                SplittableRandom values = new SplittableRandom(seed ^ 0x1234_5678L);
                for (int r = 1; r < 16; r++) {
                    m.hart.setRegister(r, values.nextLong());
                }
                m.hart.setRegister(BASE_REG, DATA_BASE);
                for (long a = DATA_BASE - 128; a < DATA_BASE + 128; a += 8) {
                    m.write64(a, values.nextLong());
                }
                m.run();
            }
            String why = "seed " + seed + " (replay with -Driscv.port.seed=" + seed + ")";
            for (int r = 0; r < 32; r++) {
                assertEquals(flat.x(r), bus.x(r), "x" + r + ", " + why);
            }
            assertEquals(flat.hart.pc(), bus.hart.pc(), "pc, " + why);
            assertEquals(flat.hart.retired(), bus.hart.retired(), "retired, " + why);
            assertEquals(flat.hart.csr(RiscvHart.CSR_MCAUSE), bus.hart.csr(RiscvHart.CSR_MCAUSE), "mcause, " + why);
            assertEquals(flat.hart.csr(RiscvHart.CSR_MTVAL), bus.hart.csr(RiscvHart.CSR_MTVAL), "mtval, " + why);
            for (long a = DATA_BASE - 128; a < DATA_BASE + 128; a += 8) {
                assertEquals(flat.read64(a), bus.read64(a), "data at 0x" + Long.toHexString(a) + ", " + why);
            }
        }
    }

    private static int[] program(SplittableRandom rnd) {
        int[] words = new int[LENGTH];
        for (int k = 0; k < LENGTH; k++) {
            int rd = 1 + rnd.nextInt(15);
            int rs1 = 1 + rnd.nextInt(15);
            int rs2 = 1 + rnd.nextInt(15);
            int f3 = rnd.nextInt(8);
            switch (rnd.nextInt(8)) {
                case 0:
                    words[k] = Rv.op(rnd.nextBoolean() ? 1 : (f3 == 0 || f3 == 5) && rnd.nextBoolean() ? 0x20 : 0,
                            f3, rd, rs1, rs2);
                    break;
                case 1:
                    words[k] = Rv.op32(rnd.nextBoolean() ? 1 : 0, new int[] {0, 1, 5, 4, 6, 7}[rnd.nextInt(6)], rd, rs1, rs2);
                    break;
                case 2:
                    words[k] = f3 == 1 ? Rv.slli(rd, rs1, rnd.nextInt(64))
                            : f3 == 5 ? Rv.srai(rd, rs1, rnd.nextInt(64))
                            : Rv.i(rnd.nextInt(4096), rs1, f3, rd, 0x13);
                    break;
                case 3:
                    words[k] = Rv.addiw(rd, rs1, rnd.nextInt(4096) - 2048);
                    break;
                case 4:
                case 5:
                    words[k] = Rv.load(rnd.nextInt(7), rd, BASE_REG, rnd.nextInt(64) - 32);
                    break;
                case 6:
                    words[k] = Rv.store(rnd.nextInt(4), rs2, BASE_REG, rnd.nextInt(64) - 32);
                    break;
                default: { // a forward branch over 1..3 words, staying inside the program
                    int skip = 1 + rnd.nextInt(3);
                    int[] kinds = {0, 1, 4, 5, 6, 7};
                    words[k] = k + skip < LENGTH ? Rv.b(4 * (skip + 1), rs2, rs1, kinds[rnd.nextInt(6)])
                            : Rv.addi(rd, rs1, 1);
                    break;
                }
            }
        }
        return words;
    }
}
