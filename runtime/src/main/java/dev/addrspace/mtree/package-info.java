/**
 * QEMU's {@code info mtree} text formats: {@link dev.addrspace.mtree.Mtree} prints the region tree, the
 * flat views ({@code -f}) and disabled regions ({@code -D}) in QEMU's exact format;
 * {@link dev.addrspace.mtree.MtreeDump} reads such a dump back (with {@code MtreeParser});
 * {@link dev.addrspace.mtree.MtreeImport} rebuilds a machine from a dump;
 * {@link dev.addrspace.mtree.QemuDispatchDump} prints a view's dispatch as QEMU's {@code -d} does;
 * {@link dev.addrspace.mtree.MtreeFormatException} names the line a malformed dump fails at.
 *
 * <p>Imports: {@code dev.addrspace.memory}, through its public API only, and the JDK. It is a client of
 * the model, never a part of it: nothing in {@code memory} or {@code cpu} imports this package.
 */
package dev.addrspace.mtree;
