package dev.addrspace.memory;

/** The value: bumped with release by the committer, read with acquire or plainly by CPUs. */
abstract class ViewGenerationValue extends ViewGenerationPad {

    int viewGeneration;
}
