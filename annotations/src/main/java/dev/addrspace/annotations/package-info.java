/**
 * The annotations a CPU target writes: {@link dev.addrspace.annotations.AddressSpace} on each constant of
 * its address-space enum, and the optional type-level {@link dev.addrspace.annotations.AddressSpaces}.
 * Both have CLASS retention: they exist for the annotation processor and cost nothing at run time.
 *
 * <p>Imports: nothing but {@code java.lang.annotation}. Exported by the {@code dev.addrspace.annotations}
 * module.
 */
package dev.addrspace.annotations;
