package dev.addrspace.cpu;

import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;

/**
 * The memory side of one CPU: its index, its statically sized slot array of address spaces, the
 * convenience address space 0 and the target's attrs-to-index mapping, as the address-space part of
 * QEMU's {@code CPUState} after the "Enhance the Address Space API" series (v2).
 *
 * <p>A target calls {@link #cpuAddressSpaceInit(CpuState, int)} once, which allocates every slot, then
 * {@link #cpuAddressSpaceAdd(CpuState, int, String, MemoryRegion)} for each address space the CPU has,
 * AS 0 first. Generated code (the {@code Slots} class of an {@code @AddressSpace} enum) makes these
 * calls for the target, with indices the compiler has checked.
 *
 * <p>The CPU's accesses ({@code ldub} ... {@code ldqBe}, {@code stb} ... {@code stqBe}, {@link #load},
 * {@link #store}) pick the slot with the target's attrs-to-index mapping, then go through that slot's
 * {@link PageCache}: RAM and ROM pages it holds are read and written directly, everything else takes
 * the slot's {@link AddressSpace} path. Results are QEMU's, with one deliberate difference described
 * in {@link PageCache}: stores to read-only RAM and ROM are discarded with {@link MemTxResult#OK}, as
 * TCG does. Allocation free.
 *
 * <h2>Concurrency contract: when a commit takes effect for this CPU</h2>
 *
 * <p>The CPU's {@link Coherence} mode, chosen at construction (or by {@link #setCoherence} before the
 * CPU runs), decides when a commit made by {@link MemorySystem} (a topology change) changes what this
 * CPU's cached pages answer:
 *
 * <ul>
 *   <li>{@link Coherence#SAFE_POINT} (the default; QEMU's TCG contract). A commit made on <em>this CPU's
 *       thread</em> (its own device write that remaps memory, the target's own call to a region mutator,
 *       a board's set-up on the same thread) takes effect for the CPU's very next access. A commit made
 *       on <em>another thread</em> takes effect at the latest when this CPU passes its next
 *       {@link #safePoint()}: every access that starts after that call sees every commit that had returned
 *       before the call started. Between two safe points an access may still be served by a page, or a
 *       device, of a view that an other thread's commit has since replaced (as a QEMU vCPU keeps its TLB
 *       and {@code iotlb} until the end of its translation block); it may also see the commit earlier (a
 *       miss, for example, refreshes). The CPU loop calls {@code safePoint()} once per translated block or
 *       every N instructions (and before it waits for an interrupt).
 *   <li>{@link Coherence#STRICT}. Every access that starts after a commit returned (on any thread) sees
 *       it: each access reads the address space's published view (one volatile read) and compares it with
 *       the view its entries came from. {@code safePoint()} is then a no-op. For users that make a CPU
 *       thread and a committing thread agree without any call on the CPU side.
 * </ul>
 *
 * <p>In both modes: an access is served only by entries filled from a view of the address space its
 * attrs select (never from a view of another address space, whatever the timing); a page served from an
 * older view is a page of RAM or ROM that view mapped there, and since RAM pages never move, a store
 * through it lands in the bytes every later view maps for that RAM; a device served from an older view is
 * one that view mapped there, reached through its full dispatch; the hit path takes no lock, allocates
 * nothing and, in safe-point mode, reads nothing another thread writes except RAM bytes and (plainly) the
 * memory system's view generation. Commits never wait for CPUs and cost the same whatever their number: a
 * commit that changes a view bumps one per-machine generation ({@link MemorySystem#viewGeneration()},
 * a release store); a safe point is one acquire read of it and, when it moved, one view comparison per
 * slot.
 *
 * <p>Set up by one thread (the board's), then used by the CPU thread: the slot array is published by
 * the happens-before of starting that thread. Not thread safe: owned by one CPU thread (its accesses
 * and {@code safePoint()} use the slots' page caches); the address spaces behind it are safe for
 * concurrent readers, and writers serialize on the memory system.
 */
public final class CpuState {

    /** When commits of other threads take effect for a CPU; see the class documentation. */
    public enum Coherence {
        /**
         * QEMU's contract (the default): the CPU's own commits take effect for its next access, other
         * threads' commits at its next {@link CpuState#safePoint()} at the latest. No volatile read per access.
         */
        SAFE_POINT,
        /**
         * Every commit that returned (on any thread) is seen by every access that starts after it: one
         * volatile read of the address space's view per access. {@link CpuState#safePoint()} is a no-op.
         */
        STRICT
    }

    private static final CpuAddressSpace[] NOT_INITIALIZED = new CpuAddressSpace[0];

    private final MemorySystem system;
    private final int cpuIndex;
    private CpuAddressSpace[] slots = NOT_INITIALIZED;
    private AddressSpace as;
    private AsIndexMapper asIndexMapper = AsIndexMapper.ALWAYS_ZERO;
    private Coherence coherence;
    private boolean hitCounting;
    /** The view generation the slots' caches were last brought up to at a safe point. */
    private int seenGeneration;

    /**
     * Creates a CPU with no address spaces yet, in {@link Coherence#SAFE_POINT} mode.
     *
     * @param system the memory system whose regions the CPU's address spaces use
     * @param cpuIndex QEMU's {@code cpu_index}: the suffix of each address-space name
     * @throws NullPointerException if {@code system} is null
     * @throws IllegalArgumentException if {@code cpuIndex} is negative
     */
    public CpuState(MemorySystem system, int cpuIndex) {
        this(system, cpuIndex, Coherence.SAFE_POINT);
    }

    /**
     * Creates a CPU with no address spaces yet, in the given mode.
     *
     * @param system the memory system whose regions the CPU's address spaces use
     * @param cpuIndex QEMU's {@code cpu_index}: the suffix of each address-space name
     * @param coherence when other threads' commits take effect for this CPU
     * @throws NullPointerException if {@code system} or {@code coherence} is null
     * @throws IllegalArgumentException if {@code cpuIndex} is negative
     */
    public CpuState(MemorySystem system, int cpuIndex, Coherence coherence) {
        if (system == null) {
            throw new NullPointerException("system");
        }
        if (coherence == null) {
            throw new NullPointerException("coherence");
        }
        if (cpuIndex < 0) {
            throw new IllegalArgumentException("cpuIndex=" + cpuIndex + " is negative");
        }
        this.system = system;
        this.cpuIndex = cpuIndex;
        this.coherence = coherence;
        this.seenGeneration = system.viewGeneration();
    }

    /** @return when other threads' commits take effect for this CPU */
    public Coherence coherence() {
        return coherence;
    }

    /**
     * Sets the CPU's mode for every slot, present and future. Meant for set-up (targets create CPUs in
     * the default mode); called later, it must be called by the CPU's own thread, and takes effect for the
     * next access. Allocation free.
     *
     * @param coherence the mode
     * @throws NullPointerException if {@code coherence} is null
     */
    public void setCoherence(Coherence coherence) {
        if (coherence == null) {
            throw new NullPointerException("coherence");
        }
        this.coherence = coherence;
        for (CpuAddressSpace slot : slots) {
            if (slot != null) {
                slot.pageCache.setStrict(coherence == Coherence.STRICT);
            }
        }
    }

    /**
     * Turns the counting of page-cache hits on or off for every slot, present and future (off by
     * default; see {@link PageCache#setHitCounting(boolean)}). Allocation free.
     *
     * @param on true to count hits
     */
    public void setHitCounting(boolean on) {
        this.hitCounting = on;
        for (CpuAddressSpace slot : slots) {
            if (slot != null) {
                slot.pageCache.setHitCounting(on);
            }
        }
    }

    /** @return whether new and present slots count page-cache hits */
    public boolean isHitCounting() {
        return hitCounting;
    }

    /**
     * The CPU's safe point (QEMU's end of a translation block, where a vCPU runs the TLB flushes other
     * threads queued for it): after this call, every access sees every commit that returned, on any thread,
     * before the call started. The CPU loop calls it once per block or every N instructions, on the CPU's
     * own thread. Cheap: one acquire read of the memory system's view generation and a compare; only when
     * a commit changed some view since the last safe point, one view comparison per slot and a flush of
     * the slots whose view changed. In {@link Coherence#STRICT} mode there is nothing to do (the read and
     * compare still run). Allocation free; takes no lock.
     */
    public void safePoint() {
        final int g = system.viewGeneration();
        if (g != seenGeneration) {
            applyCommits(g);
        }
    }

    private void applyCommits(int g) {
        seenGeneration = g;
        for (CpuAddressSpace slot : slots) {
            if (slot != null) {
                slot.pageCache.safePoint(g);
            }
        }
    }

    /**
     * Allocates the CPU's slot array with {@code numAses} empty slots. Generated code passes the
     * enum's {@code MAX}. Allocates.
     *
     * @param cpu the CPU
     * @param numAses the slot count, one past the highest index, {@code > 0}
     * @throws IllegalArgumentException if {@code numAses <= 0}
     * @throws IllegalStateException if the CPU's slots were already initialized
     */
    public static void cpuAddressSpaceInit(CpuState cpu, int numAses) {
        if (numAses <= 0) {
            throw new IllegalArgumentException("CPU " + cpu.cpuIndex + ": numAses=" + numAses
                    + " must be > 0 (cpuAddressSpaceInit)");
        }
        if (cpu.slots != NOT_INITIALIZED) {
            throw new IllegalStateException("CPU " + cpu.cpuIndex + ": address spaces already initialized with numAses="
                    + cpu.slots.length + " (cpuAddressSpaceInit runs once per CPU)");
        }
        cpu.slots = new CpuAddressSpace[numAses];
    }

    /**
     * Creates the address space {@code prefix-<cpuIndex>} over {@code root} and puts it in slot
     * {@code asidx}. Slot 0 also becomes the convenience {@link #as()}. Allocates.
     *
     * @param cpu the CPU
     * @param asidx the slot, {@code 0 <= asidx < numAses}
     * @param prefix the name prefix, for example {@code "cpu-memory"}
     * @param root the address space's root region, of the CPU's memory system
     * @return the new address space
     * @throws NullPointerException if {@code prefix} or {@code root} is null
     * @throws IllegalStateException if the slots are not initialized, the slot is taken, or slot 0 is
     *     still empty and {@code asidx != 0}
     * @throws IndexOutOfBoundsException if {@code asidx} is outside the slot array
     * @throws IllegalArgumentException if {@code root} belongs to another memory system
     */
    public static AddressSpace cpuAddressSpaceAdd(CpuState cpu, int asidx, String prefix, MemoryRegion root) {
        if (prefix == null) {
            throw new NullPointerException("CPU " + cpu.cpuIndex + ": prefix of address space " + asidx);
        }
        if (root == null) {
            throw new NullPointerException("CPU " + cpu.cpuIndex + ": root of address space " + asidx
                    + " (" + prefix + ")");
        }
        CpuAddressSpace[] s = cpu.slots;
        if (s == NOT_INITIALIZED) {
            throw new IllegalStateException("CPU " + cpu.cpuIndex + ": cpuAddressSpaceAdd(" + asidx + ", " + prefix
                    + ") before cpuAddressSpaceInit");
        }
        if (asidx < 0 || asidx >= s.length) {
            throw new IndexOutOfBoundsException("CPU " + cpu.cpuIndex + ": asidx=" + asidx + " (" + prefix
                    + ") outside 0.." + (s.length - 1) + " (numAses=" + s.length + ")");
        }
        if (s[asidx] != null) {
            throw new IllegalStateException("CPU " + cpu.cpuIndex + ": slot " + asidx + " already holds "
                    + s[asidx].addressSpace().name() + " (cannot add " + prefix + "-" + cpu.cpuIndex + ")");
        }
        if (asidx != 0 && s[0] == null) {
            throw new IllegalStateException("CPU " + cpu.cpuIndex + ": slot 0 must be added before slot " + asidx
                    + " (" + prefix + ")");
        }
        AddressSpace created = cpu.system.newAddressSpace(root, prefix + "-" + cpu.cpuIndex);
        s[asidx] = new CpuAddressSpace(cpu, asidx, created);
        if (asidx == 0) {
            cpu.as = created;
        }
        return created;
    }

    /** The prefix of the default address space, as QEMU's {@code qemu_init_vcpu} names it. */
    public static final String DEFAULT_PREFIX = "cpu-memory";

    /**
     * QEMU's {@code qemu_init_vcpu} default: a CPU whose target set up no address space gets
     * {@code cpu-memory-<cpuIndex>} on {@code memory} in slot 0 (after a one-slot
     * {@link #cpuAddressSpaceInit(CpuState, int)} when its slots were never initialized). A CPU that
     * already has slot 0 is left as it is. Allocates when it adds.
     *
     * @param cpu the CPU
     * @param memory the CPU's memory (QEMU's {@code cpu->memory}, system memory by default)
     * @return the CPU's address space 0, the existing one or the new one
     * @throws NullPointerException if {@code memory} is null and slot 0 is empty
     */
    public static AddressSpace ensureDefaultAddressSpace(CpuState cpu, MemoryRegion memory) {
        if (cpu.as != null) {
            return cpu.as;
        }
        if (!cpu.isInitialized()) {
            cpuAddressSpaceInit(cpu, 1);
        }
        return cpuAddressSpaceAdd(cpu, 0, DEFAULT_PREFIX, memory);
    }

    /** @return QEMU's {@code cpu_index} */
    public int cpuIndex() {
        return cpuIndex;
    }

    /** @return the memory system of this CPU's address spaces */
    public MemorySystem system() {
        return system;
    }

    /** @return the slot count, 0 before {@link #cpuAddressSpaceInit(CpuState, int)} */
    public int numAses() {
        return slots.length;
    }

    /** @return true once {@link #cpuAddressSpaceInit(CpuState, int)} has run */
    public boolean isInitialized() {
        return slots != NOT_INITIALIZED;
    }

    /** @return the convenience address space 0 ({@code cpu->as}), or null before slot 0 is added */
    public AddressSpace as() {
        return as;
    }

    /**
     * Returns the address space in slot {@code asidx}, as QEMU's {@code cpu_get_address_space}.
     *
     * @param asidx the slot
     * @return the address space, or null for a slot that was never added
     * @throws IndexOutOfBoundsException if {@code asidx} is outside the slot array
     */
    public AddressSpace addressSpace(int asidx) {
        CpuAddressSpace slot = slot(asidx);
        return slot == null ? null : slot.addressSpace();
    }

    /**
     * Returns slot {@code asidx}.
     *
     * @param asidx the slot
     * @return the slot, or null for a slot that was never added
     * @throws IndexOutOfBoundsException if {@code asidx} is outside the slot array
     */
    public CpuAddressSpace slot(int asidx) {
        CpuAddressSpace[] s = slots;
        if (asidx < 0 || asidx >= s.length) {
            throw new IndexOutOfBoundsException("CPU " + cpuIndex + ": asidx=" + asidx + " outside 0.."
                    + (s.length - 1) + " (numAses=" + s.length + ")");
        }
        return s[asidx];
    }

    /**
     * Sets the target's attrs-to-index mapping.
     *
     * @param mapper the mapping
     * @throws NullPointerException if {@code mapper} is null
     */
    public void setAsIndexMapper(AsIndexMapper mapper) {
        if (mapper == null) {
            throw new NullPointerException("mapper");
        }
        this.asIndexMapper = mapper;
    }

    /** @return the target's attrs-to-index mapping; {@link AsIndexMapper#ALWAYS_ZERO} by default */
    public AsIndexMapper asIndexMapper() {
        return asIndexMapper;
    }

    /**
     * Picks the slot for an access, QEMU's {@code cpu_asidx_from_attrs}.
     *
     * @param attrs the access's attributes
     * @return the slot index the target's mapping gives
     * @throws IllegalStateException if the mapping returns an index outside the slot array
     */
    public int asIndexFromAttrs(MemTxAttrs attrs) {
        int idx = asIndexMapper.asIndex(attrs);
        if (idx < 0 || idx >= slots.length) {
            throw new IllegalStateException("CPU " + cpuIndex + ": attrs-to-index gave " + idx + " for " + attrs
                    + ", outside 0.." + (slots.length - 1));
        }
        return idx;
    }

    /**
     * Destroys every address space of this CPU and empties its slots; the slot array keeps its size, so
     * the CPU can be given address spaces again with {@code cpuAddressSpaceAdd} only.
     */
    public void destroyAddressSpaces() {
        CpuAddressSpace[] s = slots;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != null) {
                s[i].addressSpace().destroy();
                s[i] = null;
            }
        }
        as = null;
    }

    // ------------------------------------------------------------------------------------------------
    // The CPU access path: attrs pick the slot, the slot's page cache serves RAM and ROM pages.

    /**
     * The page cache of the slot the target's mapping picks for {@code attrs}. Allocation free.
     *
     * @param attrs the access's attrs
     * @return the slot's page cache
     * @throws IllegalStateException if the mapping gives an index outside the slots or an empty slot
     */
    public PageCache pageCacheFor(MemTxAttrs attrs) {
        final int idx = asIndexMapper.asIndex(attrs);
        final CpuAddressSpace slot;
        try {
            // The array's own bounds check, not a compare of ours: C2 hoists that check, and the loads it
            // guards (slot, cache, the cache's window), out of a loop of accesses with one slot choice. An
            // explicit "idx < s.length" branch to a method that throws kept all of them inside the loop on
            // JDK 25 (1.85 against 0.62 ns per window load there; JDK 17 hoisted both shapes;
            // docs/benchmarks-analysis.md, "JDK 25").
            slot = slots[idx];
        } catch (ArrayIndexOutOfBoundsException e) {
            throw noSlot(idx, attrs);
        }
        if (slot == null) {
            throw noSlot(idx, attrs);
        }
        return slot.pageCache;
    }

    private IllegalStateException noSlot(int idx, MemTxAttrs attrs) {
        if (idx < 0 || idx >= slots.length) {
            return new IllegalStateException("CPU " + cpuIndex + ": attrs-to-index gave " + idx + " for " + attrs
                    + ", outside 0.." + (slots.length - 1));
        }
        return new IllegalStateException("CPU " + cpuIndex + ": attrs-to-index gave slot " + idx + " for " + attrs
                + ", which holds no address space");
    }

    /**
     * Loads a byte through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the byte, zero-extended; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public int ldub(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).ldub(addr, attrs, result);
    }

    /**
     * Loads a little-endian 16-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public int lduwLe(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).lduwLe(addr, attrs, result);
    }

    /**
     * Loads a big-endian 16-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public int lduwBe(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).lduwBe(addr, attrs, result);
    }

    /**
     * Loads a little-endian 32-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public int ldlLe(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).ldlLe(addr, attrs, result);
    }

    /**
     * Fetches a little-endian 32-bit instruction word through the slot {@code attrs} select (QEMU's
     * {@code cpu_ldl_code}): the value and result of {@link #ldlLe}, served first from the slot's code
     * window ({@link PageCache#ldlLeCode}). Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public int ldlLeCode(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).ldlLeCode(addr, attrs, result);
    }

    /**
     * Loads a big-endian 32-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public int ldlBe(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).ldlBe(addr, attrs, result);
    }

    /**
     * Loads a little-endian 64-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public long ldqLe(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).ldqLe(addr, attrs, result);
    }

    /**
     * Loads a big-endian 64-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value; 0 when the access failed
     * @throws IllegalStateException if the attrs select no address space
     */
    public long ldqBe(long addr, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).ldqBe(addr, attrs, result);
    }

    /**
     * Loads {@code size} bytes as one value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of the value
     * @param attrs the access's attrs
     * @param result set to the access's {@link MemTxResult}; may be null
     * @return the value, zero-extended; 0 when the access failed
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     * @throws IllegalStateException if the attrs select no address space
     */
    public long load(long addr, int size, boolean bigEndian, MemTxAttrs attrs, AccessResult result) {
        return pageCacheFor(attrs).load(addr, size, bigEndian, attrs, result);
    }

    /**
     * Stores a byte through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned
     * @param value the byte, in the low 8 bits
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stb(long addr, int value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stb(addr, value, attrs);
    }

    /**
     * Stores a little-endian 16-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value, in the low 16 bits
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stwLe(long addr, int value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stwLe(addr, value, attrs);
    }

    /**
     * Stores a big-endian 16-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value, in the low 16 bits
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stwBe(long addr, int value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stwBe(addr, value, attrs);
    }

    /**
     * Stores a little-endian 32-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stlLe(long addr, int value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stlLe(addr, value, attrs);
    }

    /**
     * Stores a big-endian 32-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stlBe(long addr, int value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stlBe(addr, value, attrs);
    }

    /**
     * Stores a little-endian 64-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stqLe(long addr, long value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stqLe(addr, value, attrs);
    }

    /**
     * Stores a big-endian 64-bit value through the slot {@code attrs} select. Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param value the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalStateException if the attrs select no address space
     */
    public int stqBe(long addr, long value, MemTxAttrs attrs) {
        return pageCacheFor(attrs).stqBe(addr, value, attrs);
    }

    /**
     * Stores the low {@code size} bytes of {@code value} through the slot {@code attrs} select.
     * Allocation free.
     *
     * @param addr the address, unsigned; any alignment
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @param bigEndian the byte order of the value
     * @param attrs the access's attrs
     * @return the access's {@link MemTxResult}
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     * @throws IllegalStateException if the attrs select no address space
     */
    public int store(long addr, int size, long value, boolean bigEndian, MemTxAttrs attrs) {
        return pageCacheFor(attrs).store(addr, size, value, bigEndian, attrs);
    }

    /** Flushes the page caches of every slot (QEMU's {@code tlb_flush}); never needed for correctness. */
    public void flushPageCaches() {
        for (CpuAddressSpace slot : slots) {
            if (slot != null) {
                slot.pageCache.flush();
            }
        }
    }

    @Override
    public String toString() {
        return "CpuState[" + cpuIndex + ", numAses=" + slots.length + "]";
    }
}
