package dev.addrspace.memory;

/** Padding before the value: 64 bytes. */
abstract class ViewGenerationPad {

    long p0, p1, p2, p3, p4, p5, p6, p7;
}
