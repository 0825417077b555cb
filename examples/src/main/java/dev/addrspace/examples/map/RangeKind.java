package dev.addrspace.examples.map;

import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.MemoryRegion;

/**
 * What a flat range is, for colouring a memory map: the kind of its terminal region, with RAM seen
 * read-only (a {@code readonly} flag on the region or on a container or alias above it) counted as ROM,
 * as {@code info mtree -f} prints it.
 */
public enum RangeKind {
    /** Writable RAM. */
    RAM("ram", "RAM", "#9ad4a5", "#3d8b4f"),
    /** ROM, or RAM seen read-only. */
    ROM("rom", "ROM", "#f3d37a", "#a8862a"),
    /** A ROM device: reads from its backing in romd mode, device callbacks otherwise. */
    ROM_DEVICE("romd", "ROM device", "#f2a65a", "#a4601c"),
    /** MMIO: device callbacks. */
    MMIO("mmio", "MMIO", "#8ab8e8", "#2f6aa6"),
    /** An IOMMU region: accesses are translated into another address space. */
    IOMMU("iommu", "IOMMU", "#c7a3dc", "#7a4b98"),
    /** A reservation: claims its range and answers every access with a decode error. */
    RESERVATION("reservation", "reservation", "#cfcfcf", "#7a7a7a");

    private final String cssClass;
    private final String label;
    private final String fill;
    private final String stroke;

    RangeKind(String cssClass, String label, String fill, String stroke) {
        this.cssClass = cssClass;
        this.label = label;
        this.fill = fill;
        this.stroke = stroke;
    }

    /**
     * Classifies a flat range by its terminal region.
     *
     * @param range a range of a rendered view
     * @return the range's kind
     */
    public static RangeKind of(FlatRange range) {
        return of(range.region().kind(), range.readonly());
    }

    /**
     * Classifies a terminal region kind.
     *
     * @param kind the terminal region's kind (never a container or an alias in a rendered view)
     * @param readonly whether the range is seen read-only
     * @return the kind to draw; a container or alias (never terminal) counts as MMIO
     */
    public static RangeKind of(MemoryRegion.Kind kind, boolean readonly) {
        switch (kind) {
            case RAM:
            case ROM:
                return readonly ? ROM : RAM;
            case ROM_DEVICE:
                return ROM_DEVICE;
            case IOMMU:
                return IOMMU;
            case RESERVATION:
                return RESERVATION;
            default:
                return MMIO;
        }
    }

    /** @return the CSS class suffix of this kind's elements ({@code kind-ram}, {@code kind-mmio}, ...) */
    public String cssClass() {
        return cssClass;
    }

    /** @return the legend's name of this kind */
    public String label() {
        return label;
    }

    /** @return the fill colour, {@code #rrggbb} */
    public String fill() {
        return fill;
    }

    /** @return the outline colour, {@code #rrggbb} */
    public String stroke() {
        return stroke;
    }
}
