package dev.addrspace.examples.map;

/**
 * One alias crossed on the way from an address-space root to a flat range's terminal region: the alias
 * {@code alias} maps a window of {@code target}, and the range's first address lands at
 * {@code offsetInTarget} in it (what {@code info mtree} prints after the {@code @}).
 *
 * @param alias the alias region's name
 * @param target the aliased region's name (a container when the alias maps a whole sub-tree)
 * @param offsetInTarget where the range's first address lands inside {@code target}, unsigned
 */
public record AliasHop(String alias, String target, long offsetInTarget) {

    /**
     * Checks the names.
     *
     * @param alias the alias region's name
     * @param target the aliased region's name
     * @param offsetInTarget where the range's first address lands inside {@code target}, unsigned
     * @throws NullPointerException if a name is null
     */
    public AliasHop {
        if (alias == null || target == null) {
            throw new NullPointerException(alias == null ? "alias" : "target");
        }
    }

    /** @return {@code alias NAME → TARGET @0x...}, the label drawn beside the range */
    public String label() {
        return "alias " + alias + " \u2192 " + target + " @" + Hex.compact(offsetInTarget);
    }
}
