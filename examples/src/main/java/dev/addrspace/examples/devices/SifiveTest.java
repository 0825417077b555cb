package dev.addrspace.examples.devices;

import dev.addrspace.memory.AccessConstraints;
import dev.addrspace.memory.MmioOps;

/**
 * QEMU's test finisher ({@code riscv.sifive.test}, 4 KiB at 0x100000 on {@code virt}): a guest ends the
 * run by writing one 32-bit (or 16-bit) value to offset 0. The low 16 bits say what to do, the high 16
 * bits carry an exit code:
 *
 * <ul>
 *   <li>{@code 0x5555} ({@link #PASS}): the run ends with exit status 0;</li>
 *   <li>{@code (code << 16) | 0x3333} ({@link #FAIL}): the run ends with exit status {@code code};</li>
 *   <li>{@code 0x7777} ({@link #RESET}): the machine resets (QEMU reloads its ROM images, the
 *       {@code -kernel} file among them, and restarts the harts).</li>
 * </ul>
 *
 * Any other value, or a write elsewhere in the region, changes nothing; reads return 0. As in QEMU the
 * valid access sizes are 2 and 4 bytes: a byte or doubleword access fails with an error result (a store
 * access fault on a hart).
 *
 * <p>The device records what the guest asked for ({@link #state()}, {@link #exitStatus()}) and calls the
 * listener given to {@link #setListener(Runnable)} from the guest's store, so the CPU loop can stop after
 * that instruction. Not thread safe: owned by the thread that runs the guest.
 */
public final class SifiveTest implements MmioOps {

    /** Size of QEMU's {@code riscv.sifive.test} region. */
    public static final long SIZE = 0x1000;
    /** Low half of a value that ends the run with status 0. */
    public static final int PASS = 0x5555;
    /** Low half of a value that ends the run with the status in the high half. */
    public static final int FAIL = 0x3333;
    /** Value that resets the machine. */
    public static final int RESET = 0x7777;

    /** What the guest has asked for. */
    public enum State {
        /** Nothing yet. */
        RUNNING,
        /** The run is over; {@link #exitStatus()} says with which status. */
        EXITED,
        /** The machine must reset. */
        RESET_REQUESTED
    }

    private static final AccessConstraints VALID = AccessConstraints.of(2, 4);

    private State state = State.RUNNING;
    private int exitStatus;
    private Runnable listener = () -> { };

    /**
     * Sets what runs, on the guest's thread, when a write ends the run or asks for a reset.
     *
     * @param listener the listener; it must not change the memory topology
     * @throws NullPointerException if {@code listener} is null
     */
    public void setListener(Runnable listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        this.listener = listener;
    }

    /** @return what the guest has asked for so far */
    public State state() {
        return state;
    }

    /** @return the exit status once {@link #state()} is {@link State#EXITED}: 0 for a pass, the code for a fail */
    public int exitStatus() {
        return exitStatus;
    }

    /** Forgets a request, after the machine has acted on a reset. */
    public void clear() {
        state = State.RUNNING;
        exitStatus = 0;
    }

    @Override
    public long read(long addr, int size) {
        return 0;
    }

    @Override
    public void write(long addr, long value, int size) {
        if (addr != 0 || state != State.RUNNING) {
            return;
        }
        final int v = (int) value;
        switch (v & 0xffff) {
            case PASS:
                state = State.EXITED;
                exitStatus = 0;
                break;
            case FAIL:
                state = State.EXITED;
                exitStatus = (v >>> 16) & 0xffff;
                break;
            case RESET:
                state = State.RESET_REQUESTED;
                break;
            default:
                return;
        }
        listener.run();
    }

    @Override
    public AccessConstraints valid() {
        return VALID;
    }

    @Override
    public String toString() {
        return "SifiveTest[" + state + (state == State.EXITED ? " " + exitStatus : "") + "]";
    }
}
