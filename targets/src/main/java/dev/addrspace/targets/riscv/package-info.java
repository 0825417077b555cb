/**
 * The RISC-V target: {@link dev.addrspace.targets.riscv.RiscvAddressSpace} declares its one address
 * space and {@link dev.addrspace.targets.riscv.RiscvCpu} realizes a CPU on it;
 * {@link dev.addrspace.targets.riscv.RiscvHart} executes RV64IMA(C) + Zicsr + Zifencei machine-mode code over
 * that CPU ({@link dev.addrspace.targets.riscv.RiscvCpuStateHart}) or over one flat array
 * ({@link dev.addrspace.targets.riscv.RiscvFlatRamHart}), {@link dev.addrspace.targets.riscv.RiscvElf}
 * checks and loads executables, and {@link dev.addrspace.targets.riscv.RiscvDisassembler} prints
 * instructions for traces.
 *
 * <p>Imports: {@code dev.addrspace.annotations}, {@code dev.addrspace.memory}, {@code dev.addrspace.cpu}.
 */
package dev.addrspace.targets.riscv;
