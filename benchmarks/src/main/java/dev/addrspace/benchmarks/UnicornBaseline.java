package dev.addrspace.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import unicorn.Arm64Const;
import unicorn.ReadHook;
import unicorn.Unicorn;
import unicorn.UnicornConst;

/**
 * What a Java author uses today: Unicorn 1.x over JNI ({@code com.github.zhkl0228:unicorn:1.0.14}).
 * Host-side {@code mem_read}/{@code mem_write} of 4 bytes at the shared {@link Workload} offsets, and a
 * Java read hook fired by guest loads.
 *
 * <p>The engine runs in ARM64 mode: this build's x86 mode crashes the JVM in
 * {@code uc_set_tb_flush_on_finish} on creation (seen on linux-x86_64), while ARM64 works.
 */
@State(Scope.Thread)
public class UnicornBaseline {

    /** Guest loads per {@link #unicornHookedLoad()} invocation. */
    static final int HOOKED_LOADS = 1024;

    private static final long CODE = 0x1000L;
    private static final long DEVICE = 0x10_0000L;

    private Unicorn unicorn;
    private final int[] offsets = Workload.offsets();
    private final byte[] word = new byte[4];
    private long hookCalls;

    /** Creates the engine, maps the RAM, the loop code and the hooked device page. */
    @Setup(Level.Trial)
    public void setUp() {
        unicorn = new Unicorn(UnicornConst.UC_ARCH_ARM64, UnicornConst.UC_MODE_ARM);
        unicorn.mem_map(Workload.RAM_BASE, Workload.RAM_SIZE, UnicornConst.UC_PROT_ALL);
        unicorn.mem_map(CODE, 0x1000, UnicornConst.UC_PROT_ALL);
        unicorn.mem_map(DEVICE, 0x1000, UnicornConst.UC_PROT_ALL);
        // loop: ldr w2, [x1]; subs x0, x0, #1; b.ne loop
        ByteBuffer code = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        code.putInt(0xB9400022).putInt(0xF1000400).putInt(0x54FFFFC1);
        unicorn.mem_write(CODE, code.array());
        ReadHook hook = (uc, address, size, user) -> hookCalls++;
        unicorn.hook_add(hook, DEVICE, DEVICE + 0xfff, null);
    }

    /** Frees the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (unicorn != null) {
            unicorn.closeAll();
        }
    }

    /**
     * Reads 4 bytes at every offset from the host side ({@code mem_read}; it allocates the result).
     *
     * @return the sum of the first bytes read
     */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public int unicornMemRead() {
        int sum = 0;
        for (int off : offsets) {
            sum += unicorn.mem_read(Workload.RAM_BASE + off, 4)[0];
        }
        return sum;
    }

    /** Writes 4 bytes at every offset from the host side ({@code mem_write}). */
    @Benchmark
    @OperationsPerInvocation(Workload.ACCESSES)
    public void unicornMemWrite() {
        for (int off : offsets) {
            unicorn.mem_write(Workload.RAM_BASE + off, word);
        }
    }

    /**
     * Runs {@link #HOOKED_LOADS} guest loads from the hooked page: each calls the Java hook.
     *
     * @return the hook's call count
     */
    @Benchmark
    @OperationsPerInvocation(HOOKED_LOADS)
    public long unicornHookedLoad() {
        unicorn.reg_write(Arm64Const.UC_ARM64_REG_X0, (long) HOOKED_LOADS);
        unicorn.reg_write(Arm64Const.UC_ARM64_REG_X1, DEVICE);
        unicorn.emu_start(CODE, CODE + 12, 0, 0);
        return hookCalls;
    }
}
