package dev.addrspace.examples.map;

import dev.addrspace.memory.MemoryRegion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Finds which aliases a flat range was reached through. A {@code FlatRange} names only its terminal
 * region, so this walks the region tree from the view's root to one address the way QEMU's
 * {@code render_memory_region} does: disabled regions are skipped, subregions are tried in list order
 * (the first that answers wins), an alias continues in its target with the target's position cancelled
 * and its window as the clip, and a terminating region answers for whatever its children left open.
 *
 * <p>Signed 128-bit arithmetic is done with {@link BigInteger}: an alias offset can push the base below
 * zero. Not thread safe: it reads the region tree, which belongs to the writer's thread. Allocates.
 */
final class AliasTrace {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private AliasTrace() {
    }

    /** What answers at one address: the terminal region, its offset there, and the aliases crossed. */
    record Hit(MemoryRegion region, long offset, List<AliasHop> hops) {
    }

    /**
     * @param root the view's root (rendered from base 0 plus its own address)
     * @param addr the address, unsigned
     * @return the hit, or null for a hole
     */
    static Hit at(MemoryRegion root, long addr) {
        if (root == null) {
            return null;
        }
        return find(root, BigInteger.ZERO, Hex.unsigned(addr), BigInteger.ZERO, TWO_64, new ArrayList<>(), 0);
    }

    /**
     * Every address where some enabled region seen from {@code root} starts or ends, clipped as the
     * render clips it: the only places where the aliases crossed to reach an address can change. Stops
     * after {@code MAX_VISITS} regions (alias chains can fan out); the points found so far are kept.
     *
     * @param root the view's root, or null
     * @return the addresses, unsigned, sorted; 2^64 is left out
     */
    static NavigableSet<Long> boundaries(MemoryRegion root) {
        TreeSet<Long> out = new TreeSet<>(Long::compareUnsigned);
        if (root != null) {
            collect(root, BigInteger.ZERO, BigInteger.ZERO, TWO_64, out, new int[] {MAX_VISITS}, 0);
        }
        return out;
    }

    private static final int MAX_VISITS = 100_000;

    private static void collect(MemoryRegion mr, BigInteger base, BigInteger clipStart, BigInteger clipEnd,
            TreeSet<Long> out, int[] budget, int depth) {
        if (!mr.isEnabled() || depth > 256 || --budget[0] < 0) {
            return;
        }
        BigInteger start = base.add(Hex.unsigned(mr.addr()));
        BigInteger size = mr.size() == MemoryRegion.SIZE_2_64 ? TWO_64 : Hex.unsigned(mr.size());
        BigInteger cs = start.max(clipStart);
        BigInteger ce = start.add(size).min(clipEnd);
        if (cs.compareTo(ce) >= 0) {
            return;
        }
        out.add(cs.longValue());
        if (ce.compareTo(TWO_64) < 0) {
            out.add(ce.longValue());
        }
        MemoryRegion target = mr.aliasTarget();
        if (target != null) {
            BigInteger targetBase = start.subtract(Hex.unsigned(target.addr())).subtract(Hex.unsigned(mr.aliasOffset()));
            collect(target, targetBase, cs, ce, out, budget, depth + 1);
            return;
        }
        for (MemoryRegion child : mr.subregions()) {
            collect(child, start, cs, ce, out, budget, depth + 1);
        }
    }

    private static Hit find(MemoryRegion mr, BigInteger base, BigInteger addr, BigInteger clipStart,
            BigInteger clipEnd, List<AliasHop> hops, int depth) {
        if (!mr.isEnabled() || depth > 256) {
            return null;
        }
        BigInteger start = base.add(Hex.unsigned(mr.addr()));
        BigInteger size = mr.size() == MemoryRegion.SIZE_2_64 ? TWO_64 : Hex.unsigned(mr.size());
        BigInteger end = start.add(size);
        BigInteger cs = start.max(clipStart);
        BigInteger ce = end.min(clipEnd);
        if (addr.compareTo(cs) < 0 || addr.compareTo(ce) >= 0) {
            return null;
        }
        MemoryRegion target = mr.aliasTarget();
        if (target != null) {
            BigInteger offsetInTarget = addr.subtract(start).add(Hex.unsigned(mr.aliasOffset()));
            hops.add(new AliasHop(mr.name(), target.name(), offsetInTarget.longValue()));
            BigInteger targetBase = start.subtract(Hex.unsigned(target.addr())).subtract(Hex.unsigned(mr.aliasOffset()));
            Hit hit = find(target, targetBase, addr, cs, ce, hops, depth + 1);
            if (hit == null) {
                hops.remove(hops.size() - 1);
            }
            return hit;
        }
        for (MemoryRegion child : mr.subregions()) {
            Hit hit = find(child, start, addr, cs, ce, hops, depth + 1);
            if (hit != null) {
                return hit;
            }
        }
        if (!mr.terminates()) {
            return null;
        }
        return new Hit(mr, addr.subtract(start).longValue(), List.copyOf(hops));
    }
}
