/**
 * The devices of the example boards, written against {@link dev.addrspace.memory.MmioOps} as a target
 * author writes them: the UARTs {@link dev.addrspace.examples.devices.Pl011} and
 * {@link dev.addrspace.examples.devices.Ns16550} (sharing one
 * {@link dev.addrspace.examples.devices.UartTransmitter}), QEMU's CFI parallel flash
 * {@link dev.addrspace.examples.devices.CfiPflash01} (a ROM device that switches its romd mode on
 * commands), and
 * {@link dev.addrspace.examples.devices.StubDevice}, which stands in for any device and records its
 * accesses in an {@link dev.addrspace.examples.devices.AccessLog}.
 *
 * <p>Imports: {@code dev.addrspace.memory} and the JDK only.
 */
package dev.addrspace.examples.devices;
