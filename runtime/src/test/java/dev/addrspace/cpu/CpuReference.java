package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import java.util.function.Supplier;

/**
 * The comparison the CPU path's equivalence tests make: one access through a {@link CpuState} and the same
 * access through a plain {@link AddressSpace} over an identical machine, which must answer alike. Stores
 * the CPU discards (TCG's {@code TLB_DISCARD_WRITE}: ROM and read-only RAM without {@code attrs.debug})
 * are not made on the reference, and must answer OK through the CPU.
 */
final class CpuReference {

    private CpuReference() {
    }

    /**
     * Loads through both and asserts the same value and result.
     *
     * @param where the access, for the failure message
     */
    static void assertLoadAlike(CpuState cpu, AddressSpace ref, long addr, int size, boolean be, MemTxAttrs attrs,
            AccessResult ra, AccessResult rb, Supplier<String> where) {
        final long va = cpu.load(addr, size, be, attrs, ra);
        final long vb = ref.load(addr, size, be, attrs, rb);
        assertEquals(vb, va, where);
        assertEquals(rb.get(), ra.get(), where);
    }

    /**
     * Stores through both (the reference only when the CPU does not discard the store) and asserts the
     * same result.
     *
     * @param where the access, for the failure message
     * @return true when the CPU discards the store, so the reference did not make it
     */
    static boolean assertStoreAlike(CpuState cpu, AddressSpace ref, long addr, int size, long value, boolean be,
            MemTxAttrs attrs, Supplier<String> where) {
        final int resA = cpu.store(addr, size, value, be, attrs);
        final boolean discarded = !attrs.debug() && PageCache.isDiscarded(ref.flatView(), addr, size);
        final int resB = discarded ? 0 : ref.store(addr, size, value, be, attrs);
        assertEquals(resB, resA, where);
        return discarded;
    }
}
