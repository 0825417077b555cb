package dev.addrspace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A second opinion for a busy machine, not a replacement for JMH: runs a group of benchmark methods
 * round-robin in one JVM and times each round by the thread's CPU time (so time the thread spends
 * descheduled by other jobs does not count), keeping the best round of each. Ratios against
 * {@code rawLoad}, {@code directCall} and {@code mmioOpsCall} are printed side by side.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.addrspace.benchmarks.CpuTimeRatios ram|ramsparse|cpu|cpusparse|mmio|mega|commit
 * </pre>
 *
 * <p>Run each group in its own JVM, as JMH forks each benchmark: code the groups share (the access path)
 * is compiled for what its group runs. {@code ram}: the RAM loads and stores of {@link AddressSpaceBench}
 * beside {@link RawBaseline} ({@code ramsparse}: of {@link AddressSpaceSparseBench}); {@code cpu} and
 * {@code cpusparse}: {@link CpuFastPathBench} and {@link CpuFastPathSparseBench}; {@code mmio}: its device
 * loads (the dispatch's device call sees one class per call site, as in JMH's fork), big-endian loads,
 * and the stripped-down loops of {@link MmioFloorBaseline}; {@code mega}: {@link MmioMegamorphicBench}
 * (the device call has seen every class); {@code commit}: {@link SmmCpusBench#commit()} with 1 and with
 * 1,000 CPUs beside {@link CommitBench#commit()} on 100 regions, printed in microseconds per commit with
 * the 1,000-CPU to one-CPU ratio (the baselines do not run in this group). The baselines run in every
 * other group.
 */
public final class CpuTimeRatios {

    private static final int ROUNDS = 40;
    private static final int WARM_ROUNDS = 10;
    private static final int INVOCATIONS = 2000;
    private static final int COMMIT_ROUNDS = 40;
    private static final int COMMIT_INVOCATIONS = 2000;

    private CpuTimeRatios() {
    }

    /**
     * Runs the rounds of one group and prints the best time per access of each benchmark and its ratios.
     *
     * @param args the group: {@code ram}, {@code ramsparse}, {@code cpu}, {@code cpusparse}, {@code mmio},
     *     {@code mega} or {@code commit}
     */
    public static void main(String[] args) {
        final String group = args.length == 1 ? args[0] : "";
        if (group.equals("commit")) {
            commits();
            return;
        }
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final RawBaseline raw = new RawBaseline();
        final DirectCallBaseline direct = new DirectCallBaseline();
        final Map<String, LongSupplier> benches = new LinkedHashMap<>();
        benches.put("RawBaseline.rawLoad", raw::rawLoad);
        benches.put("DirectCallBaseline.directCall", direct::directCall);
        benches.put("DirectCallBaseline.mmioOpsCall", direct::mmioOpsCall);
        switch (group) {
            case "ram": {
                final AddressSpaceBench as = new AddressSpaceBench();
                benches.put("AddressSpaceBench.addressSpaceLoad", as::addressSpaceLoad);
                benches.put("AddressSpaceBench.addressSpaceStore", () -> as.addressSpaceStore());
                break;
            }
            case "mmio": {
                final AddressSpaceBench as = new AddressSpaceBench();
                benches.put("AddressSpaceBench.mmioDispatch", as::mmioDispatch);
                benches.put("AddressSpaceBench.mmioDispatchLockless", as::mmioDispatchLockless);
                benches.put("AddressSpaceBench.mmioDispatchBigEndian", as::mmioDispatchBigEndian);
                final MmioFloorBaseline floor = new MmioFloorBaseline();
                benches.put("MmioFloorBaseline.volatileViewHintCall", floor::volatileViewHintCall);
                benches.put("MmioFloorBaseline.volatileViewHintGuardCall", floor::volatileViewHintGuardCall);
                benches.put("MmioFloorBaseline.plainViewHintCall", floor::plainViewHintCall);
                break;
            }
            case "mega": {
                final MmioMegamorphicBench mega = new MmioMegamorphicBench();
                benches.put("MmioMegamorphicBench.mmioDispatch", mega::mmioDispatch);
                break;
            }
            case "ramsparse": {
                final AddressSpaceSparseBench as = new AddressSpaceSparseBench();
                benches.put("AddressSpaceSparseBench.addressSpaceLoadSparse", as::addressSpaceLoadSparse);
                benches.put("AddressSpaceSparseBench.addressSpaceStoreSparse", () -> as.addressSpaceStoreSparse());
                break;
            }
            case "cpu":
            case "cpusparse": {
                final CpuFastPathBench cpu = group.equals("cpu") ? new CpuFastPathBench() : new CpuFastPathSparseBench();
                benches.put("CpuFastPathBench.cpuLoad" + (group.equals("cpu") ? "" : " (sparse)"), cpu::cpuLoad);
                benches.put("CpuFastPathBench.cpuStore" + (group.equals("cpu") ? "" : " (sparse)"), () -> cpu.cpuStore());
                break;
            }
            default:
                System.err.println("usage: CpuTimeRatios ram|ramsparse|cpu|cpusparse|mmio|mega|commit");
                System.exit(2);
                return;
        }
        final Map<String, Double> best = new LinkedHashMap<>();
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, LongSupplier> e : benches.entrySet()) {
                final LongSupplier s = e.getValue();
                final long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < INVOCATIONS; i++) {
                    sink += s.getAsLong();
                }
                final double ns = (mx.getCurrentThreadCpuTime() - t0) / (double) INVOCATIONS / Workload.ACCESSES;
                if (round >= WARM_ROUNDS) {
                    best.merge(e.getKey(), ns, Math::min);
                }
            }
        }
        final double rawNs = best.get("RawBaseline.rawLoad");
        final double directNs = best.get("DirectCallBaseline.directCall");
        final double opsNs = best.get("DirectCallBaseline.mmioOpsCall");
        System.out.printf(Locale.ROOT, "%-40s %9s %9s %9s %9s%n", "benchmark", "ns/access", "x raw", "x direct",
                "x mmioOps");
        for (Map.Entry<String, Double> e : best.entrySet()) {
            final double ns = e.getValue();
            System.out.printf(Locale.ROOT, "%-40s %9.3f %9.2f %9.2f %9.2f%n", e.getKey(), ns, ns / rawNs, ns / directNs,
                    ns / opsNs);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    /** The {@code commit} group: best round per commit, by thread CPU time, of the three commit benchmarks. */
    private static void commits() {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final Map<String, LongSupplier> benches = new LinkedHashMap<>();
        final SmmCpusBench one = new SmmCpusBench();
        one.cpus = 1;
        one.setUp();
        final SmmCpusBench many = new SmmCpusBench();
        many.cpus = 1000;
        many.setUp();
        final CommitBench regions = new CommitBench();
        regions.regions = 100;
        regions.setUp();
        benches.put("SmmCpusBench.commit cpus=1", one::commit);
        benches.put("SmmCpusBench.commit cpus=1000", many::commit);
        benches.put("CommitBench.commit regions=100", regions::commit);
        final Map<String, Double> best = new LinkedHashMap<>();
        long sink = 0;
        for (int round = 0; round < COMMIT_ROUNDS; round++) {
            for (Map.Entry<String, LongSupplier> e : benches.entrySet()) {
                final LongSupplier s = e.getValue();
                final long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < COMMIT_INVOCATIONS; i++) {
                    sink += s.getAsLong();
                }
                final double us = (mx.getCurrentThreadCpuTime() - t0) / (double) COMMIT_INVOCATIONS / 1000.0;
                if (round >= WARM_ROUNDS) {
                    best.merge(e.getKey(), us, Math::min);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-40s %12s%n", "benchmark", "us/commit");
        for (Map.Entry<String, Double> e : best.entrySet()) {
            System.out.printf(Locale.ROOT, "%-40s %12.2f%n", e.getKey(), e.getValue());
        }
        System.out.printf(Locale.ROOT, "%-40s %12.2f%n", "ratio cpus=1000 / cpus=1",
                best.get("SmmCpusBench.commit cpus=1000") / best.get("SmmCpusBench.commit cpus=1"));
        if (sink == 42) {
            System.out.println();
        }
    }
}
