/**
 * Example boards, each with QEMU's region names, addresses and sizes and compared with real QEMU 7.2
 * dumps by the tests: {@link dev.addrspace.examples.boards.ArmVirtBoard} (QEMU's {@code virt} with
 * {@code secure=on,mte=on}), {@link dev.addrspace.examples.boards.X86PcBoard} ({@code pc}: SMRAM, PAM,
 * the SMM address space) and {@link dev.addrspace.examples.boards.RiscvVirtBoard} (one hart, one address
 * space). {@link dev.addrspace.examples.boards.Boards} knows them by name.
 *
 * <p>Imports: the targets, {@code dev.addrspace.memory}, {@code dev.addrspace.cpu} and
 * {@link dev.addrspace.examples.devices}; never the commands or the pictures.
 */
package dev.addrspace.examples.boards;
