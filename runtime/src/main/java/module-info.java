/**
 * The addrspace runtime: QEMU's memory-region model ({@code dev.addrspace.memory}), its {@code info mtree}
 * text formats ({@code dev.addrspace.mtree}) and the CPU slot arrays with the fast path
 * ({@code dev.addrspace.cpu}). No dependencies beyond {@code java.base}.
 */
module dev.addrspace.runtime {
    exports dev.addrspace.memory;
    exports dev.addrspace.mtree;
    exports dev.addrspace.cpu;
}
