/**
 * JMH benchmarks of the access paths and commits, each beside its baseline in the same run: raw
 * {@code byte[]} access through a VarHandle (the limit), a direct device call, a hand-written
 * {@code TreeMap}, and Unicorn over JNI. {@link dev.addrspace.benchmarks.BenchmarkReport} runs them all
 * and writes the ratios that {@code docs/benchmarks.md} reports.
 *
 * <p>Imports: the runtime, the targets, and the examples' riscv-virt board and bundled guest programs
 * (for {@link dev.addrspace.benchmarks.RiscvHartBench}); nothing imports it.
 */
package dev.addrspace.benchmarks;
