/**
 * The {@code @AddressSpace} annotation processor. {@link dev.addrspace.processor.AddressSpaceProcessor}
 * is the only public type: a thin entry point over package-private roles, a model reader
 * ({@code ModelReader}), validators that return a {@code Report} of {@code Message} catalogue entries
 * ({@code Validator}, {@code RequiresValidator}) and JavaPoet generators ({@code SlotsGenerator},
 * {@code RootsGenerator}).
 */
package dev.addrspace.processor;
