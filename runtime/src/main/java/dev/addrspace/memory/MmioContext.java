package dev.addrspace.memory;

import java.util.Arrays;

/**
 * Per-thread state of MMIO dispatch: the regions whose callbacks are running on this thread (the
 * re-entrancy guard), one {@link AccessResult} per callback nesting depth for
 * {@link MmioOps#readWithAttrs}, and a scratch {@link IommuTlbEntry}.
 *
 * <p>QEMU keeps the guard per device and relies on its big lock; this runtime has no big lock, so two
 * CPU threads may be inside one device at once. A guard shared between threads would then block the
 * second thread's ordinary access; the guard is therefore per thread, which is exactly the re-entrancy
 * (a callback reaching its own registers, for example by DMA) that it is meant to catch.
 *
 * <p>Not thread safe: owned by its thread. Allocation free after warm-up (arrays grow only when the
 * nesting gets deeper than ever before on this thread).
 */
final class MmioContext {

    private static final ThreadLocal<MmioContext> CURRENT = ThreadLocal.withInitial(MmioContext::new);

    private Object[] engaged = new Object[4];
    private int engagedDepth;
    private AccessResult[] results = new AccessResult[4];
    private int callDepth;
    /** A scratch entry for {@link IommuOps#translate}; read right after the callback returns. */
    final IommuTlbEntry iotlb = new IommuTlbEntry();
    /** A scratch result for bulk accesses; read right after the dispatch that set it returns. */
    final AccessResult scratch = new AccessResult();

    /** QEMU's 512-byte fill buffer of {@code address_space_set}, and whether a fill is using it. */
    final byte[] fillBuffer = new byte[FlatViewAccess.FILL_CHUNK];
    boolean filling;

    // The outcome of an IOMMU resolution (FlatViewAccess.resolveIommu), read right after it returns.
    /** The range the access lands in, or null for unassigned. */
    AccessRange resolvedRange;
    /** The dispatch of the address space the access lands in. */
    ViewDispatch resolvedDispatch;
    /** The address space the access lands in, or null when it stayed in the caller's view. */
    AddressSpace resolvedAs;
    /** The view of {@link #resolvedAs}, or null. */
    FlatView resolvedView;
    /** The address in {@link #resolvedDispatch}. */
    long resolvedAddr;
    /** The length the translation is valid for (clipped to IOMMU pages). */
    long resolvedPlen;

    private MmioContext() {
    }

    /** @return this thread's context; allocates it on the thread's first MMIO access */
    static MmioContext current() {
        return CURRENT.get();
    }

    /** @return true when a callback of {@code key}'s region is already running on this thread */
    boolean isEngaged(Object key) {
        for (int i = engagedDepth - 1; i >= 0; i--) {
            if (engaged[i] == key) {
                return true;
            }
        }
        return false;
    }

    void engage(Object key) {
        if (engagedDepth == engaged.length) {
            engaged = Arrays.copyOf(engaged, engaged.length * 2);
        }
        engaged[engagedDepth++] = key;
    }

    void disengage() {
        engaged[--engagedDepth] = null;
    }

    /** Enters a callback: @return the cleared result holder of the new depth */
    AccessResult enterCall() {
        if (callDepth == results.length) {
            results = Arrays.copyOf(results, results.length * 2);
        }
        AccessResult r = results[callDepth];
        if (r == null) {
            r = new AccessResult();
            results[callDepth] = r;
        }
        callDepth++;
        r.clear();
        return r;
    }

    void exitCall() {
        callDepth--;
    }
}
