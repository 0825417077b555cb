package dev.addrspace.targets.riscv;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.cpu.PageCache;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;

/**
 * A {@link RiscvHart} whose every fetch, load and store goes through a {@link CpuState}: the attrs of the
 * access pick the slot ({@code cpu_asidx_from_attrs}), the slot's page cache serves RAM and ROM pages, and
 * everything else (MMIO, ROM devices out of romd mode, holes, page-crossing accesses) takes the address
 * space's path, as for every target. A commit made by the hart's own MMIO store (a flash leaving romd
 * mode, say) publishes a new view before the store returns, so the next fetch or load already sees it (in
 * both {@link CpuState.Coherence} modes: it is the CPU thread's own commit); a commit of another thread is
 * taken at the hart's next safe point at the latest, in the default safe-point mode.
 *
 * <p>Every access carries {@link MemTxAttrs#UNSPECIFIED}, the attrs QEMU's RISC-V TLB fill gives a page
 * in machine mode without PMP; fetches are accesses with the same attrs. Instruction fetches are
 * little-endian 32-bit loads through the page cache's code window ({@link PageCache#ldlLeCode}: one compare
 * while the pc stays on the page, or in the preallocated RAM range, that the last fetch read), with the C
 * extension two 16-bit loads at the last halfword of a page.
 *
 * <p>Not thread safe: owned by one CPU thread. Allocation free after construction.
 */
public final class RiscvCpuStateHart extends RiscvHart {

    private final CpuState cpu;
    private final MemTxAttrs attrs = MemTxAttrs.UNSPECIFIED;
    private final AccessResult result = new AccessResult();
    /** The page cache of the slot {@link #attrs} select, resolved at each safe point (the attrs never change). */
    private PageCache cache;

    /**
     * Creates the hart of {@code cpu}; {@code mhartid} is the CPU's index. Allocates.
     *
     * @param cpu the CPU whose address spaces the hart uses, realized (for example by
     *     {@link RiscvCpu#realize})
     * @throws NullPointerException if {@code cpu} is null
     * @throws IllegalStateException if the CPU has no address space 0
     */
    public RiscvCpuStateHart(CpuState cpu) {
        this(cpu, false);
    }

    /**
     * Creates the hart of {@code cpu}, with or without the C extension; {@code mhartid} is the CPU's index.
     * Allocates.
     *
     * @param cpu the CPU whose address spaces the hart uses, realized
     * @param compressed true for RV64IMAC (see {@link RiscvHart#RiscvHart(long, boolean)})
     * @throws NullPointerException if {@code cpu} is null
     * @throws IllegalStateException if the CPU has no address space 0
     */
    public RiscvCpuStateHart(CpuState cpu, boolean compressed) {
        super(cpu.cpuIndex(), compressed);
        if (cpu.as() == null) {
            throw new IllegalStateException(cpu + " has no address space 0");
        }
        this.cpu = cpu;
        this.cache = cpu.pageCacheFor(attrs);
    }

    /**
     * The CPU's safe point ({@link CpuState#safePoint()}: commits of other threads take effect here in the
     * default safe-point mode), then resolves the slot again: {@code cpu_asidx_from_attrs} for the hart's
     * attrs, then the slot's page cache. The hart's attrs are the same for every access, so the slot choice
     * is made here, once per safe point, rather than once per access; a target whose slot depends on
     * per-access attrs would keep calling {@link CpuState#pageCacheFor} per access.
     */
    @Override
    protected void atSafePoint() {
        cpu.safePoint();
        cache = cpu.pageCacheFor(attrs);
    }

    /** @return the CPU the hart's accesses go through */
    public CpuState cpu() {
        return cpu;
    }

    /**
     * Fetches without a result holder: a failed access returns 0, which is no instruction, so only a 0
     * word asks again, with the holder, whether the fetch failed (the cold path of an illegal word).
     */
    @Override
    protected int fetch32(long addr) {
        final int v = cache.ldlLeCode(addr, attrs, null);
        if (v == 0) {
            return fetchZeroSlowPath(addr);
        }
        return v;
    }

    private int fetchZeroSlowPath(long addr) {
        final AccessResult r = result;
        final int v = cache.ldlLe(addr, attrs, r);
        check(r);
        return v;
    }

    @Override
    protected int load8(long addr) {
        final AccessResult r = result;
        final int v = cache.ldub(addr, attrs, r);
        check(r);
        return v;
    }

    @Override
    protected int load16(long addr) {
        final AccessResult r = result;
        final int v = cache.lduwLe(addr, attrs, r);
        check(r);
        return v;
    }

    @Override
    protected int load32(long addr) {
        final AccessResult r = result;
        final int v = cache.ldlLe(addr, attrs, r);
        check(r);
        return v;
    }

    @Override
    protected long load64(long addr) {
        final AccessResult r = result;
        final long v = cache.ldqLe(addr, attrs, r);
        check(r);
        return v;
    }

    @Override
    protected void store8(long addr, int value) {
        check(cache.stb(addr, value, attrs));
    }

    @Override
    protected void store16(long addr, int value) {
        check(cache.stwLe(addr, value, attrs));
    }

    @Override
    protected void store32(long addr, int value) {
        check(cache.stlLe(addr, value, attrs));
    }

    @Override
    protected void store64(long addr, long value) {
        check(cache.stqLe(addr, value, attrs));
    }

    private void check(AccessResult r) {
        final int v = r.get();
        if (v != MemTxResult.OK) {
            fault = v;
        }
    }

    private void check(int r) {
        if (r != MemTxResult.OK) {
            fault = r;
        }
    }
}
