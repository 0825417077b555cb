package dev.addrspace.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The re-entrancy guard of one device region (QEMU's {@code mem_reentrancy_guard.engaged_in_io}), made
 * per thread without a thread-local lookup in the common case: the guard is biased to a <em>home</em>
 * thread.
 *
 * <p>The first thread that needs the guard claims it by compare-and-set of {@link #home}; from then on
 * the home never changes. The home thread records "my callback of this region is running" in the plain
 * {@code boolean} {@link #homeEngaged}, which only the home thread writes, so that the home thread's whole
 * test is {@code home == Thread.currentThread() && !homeEngaged} (two loads of one object, no fence), and
 * engaging and releasing the guard are two plain stores of a {@code boolean}. Every other thread records
 * it in its per-thread {@link MmioContext} (a {@code ThreadLocal} lookup, the slower path). A thread is
 * inside this region's callback if and only if it is the home and {@code homeEngaged} is set, or its
 * context has this guard engaged.
 *
 * <p><b>Why a {@code boolean} and not a reference.</b> An earlier version kept the idle home thread
 * itself in a field (null while its callback ran), one compare instead of two. But every store of a
 * non-null reference carries the collector's write barrier (with G1, the JVM's default collector on a
 * server-class machine: a cross-region filter and a card-table check) on each access here; a
 * {@code boolean} store has none. Measured (docs/benchmarks-analysis.md, "MMIO dispatch"): in a
 * stripped-down loop the reference stores cost about 0.8 ns per access more than the flag.
 *
 * <p><b>Memory ordering.</b> Each thread decides by its own writes only, so no fence is needed on the
 * access path:
 * <ul>
 * <li>{@link #home} goes from null to one thread once, by compare-and-set, and never changes again. A
 *     thread reads it plainly: it sees either null (then it tries the compare-and-set, which is the
 *     authoritative check, and re-reads with acquire semantics when it fails) or the final value. A
 *     thread can see itself as the home only if its own compare-and-set won, so each thread takes the same
 *     side (home or context) for this region on every access, before and while its callback runs.</li>
 * <li>{@link #homeEngaged} is written by the home thread only, so program order is all the home thread
 *     needs (it always sees its own last write); other threads never act on it (their home test fails
 *     first) and take their context.</li>
 * <li>Two CPUs in one device at once: the home thread uses {@code homeEngaged}, the other its own
 *     context; neither reads the other's state, so neither is refused, and each one's re-entry is seen by
 *     itself. Two non-home threads use two different contexts. This is exactly the per-thread guard of the
 *     runtime's documented deliberate difference from QEMU (no big lock, so the guard is per thread).</li>
 * </ul>
 *
 * <p>The home thread also owns {@link #homeResult}, the result holder handed to
 * {@link MmioOps#readWithAttrs}: while the home thread's callback of this region runs, a re-entry by the
 * home thread is refused before the holder is touched, and other threads use their contexts' holders,
 * so the holder has at most one user at a time.
 *
 * <p>Allocation free after construction. Safe for concurrent threads as described above.
 */
final class ReentrancyGuard {

    private static final VarHandle HOME;

    static {
        try {
            HOME = MethodHandles.lookup().findVarHandle(ReentrancyGuard.class, "home", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The thread this guard is biased to; null until claimed, then final. Written only by the claiming
     * compare-and-set; plain reads are benign (see the class comment).
     */
    Thread home;
    /**
     * Set while the home thread's callback of this region runs. Written by the home thread only (see the
     * class comment); meaningless for other threads.
     */
    boolean homeEngaged;
    /** The home thread's holder for {@link MmioOps#readWithAttrs}. Home thread only, while engaged. */
    final AccessResult homeResult = new AccessResult();

    /**
     * Whether {@code me} is the home thread, claiming the guard for {@code me} if no thread has yet.
     * Allocation free.
     *
     * @param me the current thread
     * @return true when {@code me} is (now) the home thread
     */
    boolean isHome(Thread me) {
        final Thread h = home;
        if (h != null) {
            return h == me;
        }
        return isHomeSlowPath(me);
    }

    private boolean isHomeSlowPath(Thread me) {
        // compare-and-set: the first thread wins the bias for good; a loser re-reads the winner
        if (HOME.compareAndSet(this, null, me)) {
            return true;
        }
        return HOME.getAcquire(this) == me;
    }

    /**
     * Whether {@code me} is the home thread and its callback of this region is not running: the straight
     * path's whole guard test (false before the guard is claimed; the full dispatch claims it).
     *
     * @param me the current thread
     * @return true when {@code me} may engage the guard in place
     */
    boolean idleHome(Thread me) {
        return home == me && !homeEngaged;
    }

    @Override
    public String toString() {
        return "ReentrancyGuard[home=" + home + " engaged=" + (home != null && homeEngaged) + "]";
    }
}
