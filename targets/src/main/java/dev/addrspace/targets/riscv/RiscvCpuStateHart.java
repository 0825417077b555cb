package dev.addrspace.targets.riscv;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.cpu.PageCache;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemorySystem;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
 * little-endian 32-bit loads through the page cache's code window ({@link PageCache#ldlLeCode}), with the C
 * extension two 16-bit loads at the last halfword of a page. The hart keeps a copy of the code window in
 * its own fields ({@link PageCache#codeWindowBytes()}), so that a fetch on the page (or preallocated RAM
 * range) the last fetch through the cache read is one compare, one acquire read of the view generation
 * compared with the one read before that fetch, and the array load. Any commit that changes a view moves
 * the generation, so the copy is dropped by the next fetch after it: a commit of the hart's own store, and
 * in {@link CpuState.Coherence#STRICT} mode a commit of any thread that returned before the fetch. The copy
 * is also dropped at every safe point, and is not made while the cache counts hits, so that its counters
 * see every fetch.
 *
 * <p>Not thread safe: owned by one CPU thread. Allocation free after construction.
 */
public final class RiscvCpuStateHart extends RiscvHart {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final CpuState cpu;
    private final MemorySystem system;
    private final MemTxAttrs attrs = MemTxAttrs.UNSPECIFIED;
    private final AccessResult result = new AccessResult();
    /** The page cache of the slot {@link #attrs} select, resolved at each safe point (the attrs never change). */
    private PageCache cache;

    // The hart's copy of the page cache's code window (PageCache#codeWindowBytes), so that a fetch on the
    // same page (or preallocated range) reads the hart's own fields: the window's start and the offset
    // past which a 4-byte fetch leaves it, both biased by Long.MIN_VALUE (one subtraction and one signed
    // compare, as the page cache's window), its array and the array index of its start; valid while the
    // view generation is codeGeneration. Closed: codeRead4 = MIN_VALUE.
    private long codeBiasedStart = Long.MIN_VALUE;
    private long codeRead4 = Long.MIN_VALUE;
    private byte[] codeBytes;
    private int codeBase;
    private int codeGeneration;

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
        this.system = cpu.system();
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
        codeRead4 = Long.MIN_VALUE;
    }

    /** @return the CPU the hart's accesses go through */
    public CpuState cpu() {
        return cpu;
    }

    /**
     * Fetches from the hart's copy of the code window while the pc is in it and no commit has changed a
     * view since it was made, else through the page cache ({@link #fetchThroughCache}). A 0 word, which
     * is no instruction, always takes the cache's path, where a failed fetch is told from a 0 in memory.
     */
    @Override
    protected int fetch32(long addr) {
        final long b = addr - codeBiasedStart;
        if (b < codeRead4 && system.viewGeneration() == codeGeneration) {
            final int v = (int) INT_LE.get(codeBytes, (int) b + codeBase);
            if (v != 0) {
                return v;
            }
        }
        return fetchThroughCache(addr);
    }

    /**
     * A fetch outside the hart's copy of the code window, or after a commit: through the page cache, whose
     * code window (the fetched page, or the preallocated range) the hart then copies, with the view
     * generation read before the fetch; not while the cache counts hits, so that its counters count every
     * fetch. A 0 word (no instruction) asks again, with the result holder, whether the fetch failed.
     */
    private int fetchThroughCache(long addr) {
        final PageCache c = cache;
        // the generation first: a commit between this read and the cache's view test marks the copy with
        // an older generation than its view, which only drops it one fetch early; read after, it could mark
        // a copy of the old view with the new generation
        final int generation = system.viewGeneration();
        final int v = c.ldlLeCode(addr, attrs, null);
        final byte[] bytes = c.codeWindowBytes();
        final long length = c.codeWindowLength();
        if (bytes != null && length >= 4 && !c.isHitCounting()) {
            codeBiasedStart = c.codeWindowStart() + Long.MIN_VALUE;
            codeRead4 = length - 3 + Long.MIN_VALUE;
            codeBytes = bytes;
            codeBase = c.codeWindowOffset();
            codeGeneration = generation;
        } else {
            codeRead4 = Long.MIN_VALUE;
        }
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
