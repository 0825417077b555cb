/**
 * The real targets, ARM, x86 and RISC-V, declared with {@code @AddressSpace} and realized as QEMU does.
 * The annotations are needed only to compile, and {@code java.compiler} only for the {@code @Generated}
 * (SOURCE retention) on the processor's output; the runtime is part of the API (the targets take and
 * return its types), so it is required transitively.
 */
module dev.addrspace.targets {
    requires transitive dev.addrspace.runtime;
    requires static dev.addrspace.annotations;
    requires static java.compiler;

    exports dev.addrspace.targets.arm;
    exports dev.addrspace.targets.i386;
    exports dev.addrspace.targets.riscv;
}
