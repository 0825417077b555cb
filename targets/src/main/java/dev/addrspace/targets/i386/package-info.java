/**
 * The x86 target: {@link dev.addrspace.targets.i386.X86AddressSpace} declares memory and SMM;
 * {@link dev.addrspace.targets.i386.X86Cpu} realizes a CPU as QEMU does under TCG (a per-CPU SMM root
 * with an alias of system memory and, once the machine is done, the SMRAM alias) and under KVM (the
 * shared {@code mem-container-smram}), and maps attrs to an index from {@code attrs.secure}.
 *
 * <p>Imports: {@code dev.addrspace.annotations}, {@code dev.addrspace.memory}, {@code dev.addrspace.cpu}.
 */
package dev.addrspace.targets.i386;
