package dev.addrspace.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cell through which address spaces read their published view: an {@link AddressSpace} points at one
 * cell, and the address spaces that show the same view point at the same cell, so that a commit publishes
 * a changed view with one store per cell instead of one per address space (1,000 x86 CPUs: two stores,
 * system memory and the shared SMM view, instead of 2,000).
 *
 * <p>Which address spaces share a cell, and the rule that keeps sharing safe, are the memory system's
 * (writer side, under its lock): a shared cell belongs to one rendered view node and to the fixed set of
 * root groups using it; when one of those groups leaves the node (its root now shows another view, or its
 * last address space is destroyed), the cell is <em>retired</em> (never written again) and the groups
 * that stay are moved to a fresh cell. A reader that loaded the retired cell before it was moved then
 * sees the view its address space had, never a later view of another root. An address space that is the
 * only reader of its view, one with listeners (QEMU's per-address-space publication, with the listener
 * calls before the store), and one whose first view was rendered privately inside an open transaction
 * read no cell: their view is published into the address space itself. The empty cell of a memory
 * system is never written.
 *
 * <p>The view is written with release semantics by the committer and read with a volatile read (acquire):
 * a reader that sees a view sees it whole, dispatch included.
 */
final class ViewCell {

    /** {@link #view}: written with release under the memory system's lock, read with acquire. */
    private static final VarHandle VIEW;

    static {
        try {
            VIEW = MethodHandles.lookup().findVarHandle(ViewCell.class, "view", FlatView.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The published view; never null. Read directly (a volatile read) by {@link AddressSpace}'s access path. */
    volatile FlatView view;

    /**
     * Creates a cell showing {@code view}, its dispatch built: the cell is published by the release store
     * that points an address space at it, so a reader finds the view whole.
     *
     * @param view the view; not null
     */
    ViewCell(FlatView view) {
        view.dispatch();
        VIEW.set(this, view);
    }

    /**
     * Publishes {@code next} to every address space pointing at this cell: builds its dispatch (at commit
     * time, so that no access pays for it), then one release store. Caller holds the memory system's lock
     * and has checked that this cell is not retired.
     *
     * @param next the new view; not null
     */
    void publish(FlatView next) {
        next.dispatch();
        VIEW.setRelease(this, next);
    }

    @Override
    public String toString() {
        return "ViewCell[" + view + "]";
    }
}
