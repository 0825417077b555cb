/**
 * The examples module: runnable boards built on the targets, and the {@code addrspace} command-line tool
 * that the README's run command starts. It has one room per job, and this package holds no code:
 * <ul>
 *   <li>{@link dev.addrspace.examples.boards}: the boards, with QEMU's region names and addresses;</li>
 *   <li>{@link dev.addrspace.examples.devices}: the devices the boards and {@code import} put in them;</li>
 *   <li>{@link dev.addrspace.examples.map}: the memory-map pictures (SVG and HTML);</li>
 *   <li>{@link dev.addrspace.examples.cli}: the commands, the only room that imports all the others.</li>
 * </ul>
 * Nothing outside this module imports it.
 */
package dev.addrspace.examples;
