/**
 * The {@code @AddressSpace} annotations a CPU target writes on its address-space enum. CLASS retention:
 * a target's module needs them only at compile time ({@code requires static dev.addrspace.annotations}).
 */
module dev.addrspace.annotations {
    exports dev.addrspace.annotations;
}
