/**
 * The RISC-V target: {@link dev.addrspace.targets.riscv.RiscvAddressSpace} declares its one address
 * space and {@link dev.addrspace.targets.riscv.RiscvCpu} realizes a hart on it.
 *
 * <p>Imports: {@code dev.addrspace.annotations}, {@code dev.addrspace.memory}, {@code dev.addrspace.cpu}.
 */
package dev.addrspace.targets.riscv;
