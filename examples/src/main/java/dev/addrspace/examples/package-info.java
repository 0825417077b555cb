/**
 * Example boards built from the targets through their generated slot code, and the {@code addrspace}
 * command-line tool that the README's run command starts.
 *
 * <p><b>Boards</b>, each with QEMU's region names, addresses and sizes and compared with real QEMU 7.2
 * dumps by the tests: {@link dev.addrspace.examples.ArmVirtBoard} (QEMU's {@code virt} with
 * {@code secure=on,mte=on}), {@link dev.addrspace.examples.X86PcBoard} ({@code pc}: SMRAM, PAM, the SMM
 * address space) and {@link dev.addrspace.examples.RiscvVirtBoard} (one hart, one address space). Their
 * devices are {@link dev.addrspace.examples.Pl011}, {@link dev.addrspace.examples.Ns16550} and
 * {@link dev.addrspace.examples.StubDevice}.
 *
 * <p><b>Commands</b>: {@link dev.addrspace.examples.Main} dispatches to one small class per command
 * ({@code demo}, {@code mtree}, {@code import}, {@code boards}, {@code slots}, {@code help}), each
 * implementing the package-private {@code Command} interface; a new command is one class and one more
 * element of {@code Main.COMMANDS}. {@code Boards.create(name)} builds a board by name and
 * {@code ImportCommand.rebuild(dump, flat)} rebuilds a machine from QEMU dumps, for commands that draw or
 * probe them.
 */
package dev.addrspace.examples;
