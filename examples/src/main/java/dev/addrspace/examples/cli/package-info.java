/**
 * The {@code addrspace} command-line tool. {@link dev.addrspace.examples.cli.Main} dispatches to one
 * small class per command ({@code demo}, {@code mtree}, {@code map}, {@code import}, {@code boards},
 * {@code slots}, {@code help}), each implementing the package-private {@code Command} interface; a new
 * command is one class and one more element of {@code Main.COMMANDS}. A {@code CommandException} carries
 * the exit status: 0 ok, 1 input or runtime failure, 2 usage.
 *
 * <p>Imports: every other room of the examples ({@code boards}, {@code devices}, {@code map}), the
 * targets, and the runtime ({@code memory}, {@code cpu}, {@code mtree}). Nothing imports it.
 */
package dev.addrspace.examples.cli;
