package dev.addrspace.memory;

/**
 * The memory system's view generation on a cache line of its own (JCTools-style padding through the
 * class hierarchy, whose fields the JVM lays out superclass first): CPUs read it on every access, the
 * committer writes the memory system's other fields on every transaction, and without the padding each
 * transaction would take the line away from every CPU. Only {@link MemorySystem} extends it.
 */
abstract class ViewGenerationCell extends ViewGenerationValue {

    // padding after the value: 64 bytes
    long q0, q1, q2, q3, q4, q5, q6, q7;
}
