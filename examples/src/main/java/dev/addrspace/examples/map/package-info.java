/**
 * Memory-map pictures: {@link dev.addrspace.examples.map.MemoryMap} takes a snapshot of a machine's
 * address spaces (one column per rendered flat view, ranges by kind, the aliases each range was reached
 * through) and {@link dev.addrspace.examples.map.MapRenderer} draws it as SVG or as an HTML page on one
 * address axis, with holes hatched and large unmapped gaps collapsed.
 *
 * <p>Imports: {@code dev.addrspace.memory} (public API) and the JDK; never the boards or the commands.
 */
package dev.addrspace.examples.map;
