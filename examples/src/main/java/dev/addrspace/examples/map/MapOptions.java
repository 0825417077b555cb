package dev.addrspace.examples.map;

/**
 * How a memory map is laid out on its piecewise address axis. The axis is cut at every boundary of every
 * range of every column; each piece gets {@code rowHeight} pixels plus {@code pixelsPerDoubling} for each
 * doubling of its size above 4 KiB, so a one-byte port and a 4 KiB UART are one text line tall and 4 GiB
 * of RAM is a few lines taller, never a million times taller. A piece that is unmapped in every column and
 * at least {@code gapThreshold} bytes long is collapsed to a break marker {@code gapHeight} pixels tall
 * that prints the skipped size.
 *
 * @param rowHeight the least height of a piece of the axis, in pixels (at least one text line)
 * @param pixelsPerDoubling the extra height for each doubling of a piece's size above 4 KiB
 * @param gapThreshold the least size, in bytes (unsigned), of an unmapped piece that is collapsed
 * @param gapHeight the height of a collapsed gap's break marker, in pixels
 */
public record MapOptions(int rowHeight, int pixelsPerDoubling, long gapThreshold, int gapHeight) {

    /** The defaults: 18-pixel rows, 5 pixels per doubling, gaps of 1 MiB or more collapsed to 30 pixels. */
    public static final MapOptions DEFAULTS = new MapOptions(18, 5, 1L << 20, 30);

    /**
     * Checks the values.
     *
     * @param rowHeight the least height of a piece of the axis, in pixels
     * @param pixelsPerDoubling the extra height for each doubling of a piece's size above 4 KiB
     * @param gapThreshold the least size, in bytes (unsigned), of an unmapped piece that is collapsed
     * @param gapHeight the height of a collapsed gap's break marker, in pixels
     * @throws IllegalArgumentException if a height is below 12 pixels, the doubling step is negative, or
     *     the threshold is 0
     */
    public MapOptions {
        if (rowHeight < 12 || gapHeight < 12 || pixelsPerDoubling < 0 || gapThreshold == 0) {
            throw new IllegalArgumentException("rowHeight=" + rowHeight + " gapHeight=" + gapHeight
                    + " pixelsPerDoubling=" + pixelsPerDoubling + " gapThreshold=" + Long.toUnsignedString(gapThreshold)
                    + ": heights must be at least 12, the step at least 0, the threshold at least 1");
        }
    }

    /**
     * @param threshold the new gap threshold in bytes, unsigned, not 0
     * @return these options with another gap threshold
     */
    public MapOptions withGapThreshold(long threshold) {
        return new MapOptions(rowHeight, pixelsPerDoubling, threshold, gapHeight);
    }
}
