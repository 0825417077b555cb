/**
 * The CPU side: {@link dev.addrspace.cpu.CpuState} holds a CPU's statically sized slot array of
 * {@link dev.addrspace.cpu.CpuAddressSpace} (created by {@code cpuAddressSpaceInit} and filled by
 * {@code cpuAddressSpaceAdd}, the calls the processor generates), the attrs-to-index hook
 * ({@link dev.addrspace.cpu.AsIndexMapper}) and the fast path: the per-CPU page cache
 * ({@code PageCache}) and direct-memory windows ({@link dev.addrspace.cpu.DirectWindow}).
 *
 * <p>Imports: {@code dev.addrspace.memory} and the JDK; never {@code dev.addrspace.mtree}.
 */
package dev.addrspace.cpu;
