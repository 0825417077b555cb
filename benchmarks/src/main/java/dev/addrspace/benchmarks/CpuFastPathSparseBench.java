package dev.addrspace.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link CpuFastPathBench}'s loads and stores on sparse RAM ({@code MemoryRegion.ram}: 4 KiB pages
 * allocated on first write), the default RAM of a region: every hit goes through the page cache's
 * entries (tag compare, then the entry's page), as there is no one array for a window. In a class of
 * its own so that JMH runs it in its own JVM, whose profile has seen only sparse hits.
 */
@State(Scope.Thread)
public class CpuFastPathSparseBench extends CpuFastPathBench {

    /** Builds the CPU on sparse RAM. */
    public CpuFastPathSparseBench() {
        super(false);
    }
}
