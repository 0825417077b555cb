/**
 * QEMU's memory model: the region tree ({@link dev.addrspace.memory.MemoryRegion}: containers, RAM, ROM,
 * ROM devices, MMIO, aliases, IOMMUs, reservations), the {@link dev.addrspace.memory.MemorySystem} that
 * owns transactions, address spaces and listeners, the immutable flat views
 * ({@link dev.addrspace.memory.FlatView}, {@link dev.addrspace.memory.FlatRange},
 * {@link dev.addrspace.memory.MemoryRegionSection}) with their dispatch tables, the
 * {@link dev.addrspace.memory.AddressSpace} access API, device callbacks
 * ({@link dev.addrspace.memory.MmioOps}, {@link dev.addrspace.memory.IommuOps}) and the attributes and
 * results of an access ({@link dev.addrspace.memory.MemTxAttrs}, {@link dev.addrspace.memory.MemTxResult}).
 *
 * <p>Imports: only the JDK. This package never imports {@code dev.addrspace.cpu} (the CPU side sits on
 * top of it) nor {@code dev.addrspace.mtree} (the text formats are a client of its public API). Types
 * and members used only by those two packages are marked as internal API in their Javadoc.
 */
package dev.addrspace.memory;
