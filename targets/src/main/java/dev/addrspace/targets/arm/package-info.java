/**
 * The ARM target: {@link dev.addrspace.targets.arm.ArmAddressSpace} declares QEMU's four address spaces
 * (non-secure, secure, tag non-secure, tag secure) for the processor, which generates
 * {@code ArmAddressSpaceSlots}; {@link dev.addrspace.targets.arm.ArmCpu} realizes a CPU as QEMU's
 * {@code arm_cpu_realizefn} does (secure space only with EL3 or M-profile security, tag spaces only with
 * tag memory, KVM's refusals) and maps attrs to an index as {@code arm_asidx_from_attrs}.
 *
 * <p>Imports: {@code dev.addrspace.annotations}, {@code dev.addrspace.memory}, {@code dev.addrspace.cpu}.
 */
package dev.addrspace.targets.arm;
