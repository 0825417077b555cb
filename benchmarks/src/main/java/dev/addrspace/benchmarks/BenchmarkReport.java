package dev.addrspace.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this module in one JMH run and writes {@code docs/benchmarks.md}: each
 * figure, and each goal of {@code performance.md} as a ratio against its baseline measured in the same
 * run, met or not.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests -pl benchmarks -am
 * java -cp benchmarks/target/benchmarks.jar dev.addrspace.benchmarks.BenchmarkReport [--quick] [DIR]
 * </pre>
 *
 * <p>JMH forks the JVM that runs this class, so the {@code java} of another JDK measures that JDK; the
 * report names the JVM and quotes the command with its path ({@code docs/jdk25/} holds a run on JDK 25).
 *
 * <p>{@code DIR} (default {@code docs}) receives {@code benchmarks.md} and JMH's {@code benchmarks.json};
 * the commit benchmarks ({@link CommitBench}, {@link SmmCpusBench}) run second, with a longer warmup and
 * two forks (a commit of 10,000 regions takes milliseconds, so C2 compiles the renderer late), into
 * {@code benchmarks-commit.json}; {@link RiscvHartBench} runs third, with a longer warmup of its own and two
 * forks, into {@code benchmarks-hart.json}.
 * {@code --quick} runs one short iteration of each, to check the harness, not to quote.
 */
public final class BenchmarkReport {

    private static final String BUILD = "./mvnw -q -B package -DskipTests -pl benchmarks -am";

    private BenchmarkReport() {
    }

    /**
     * Runs the benchmarks and writes the report.
     *
     * @param args {@code [--quick] [DIR]}
     * @throws RunnerException if JMH fails as a whole
     * @throws IOException if the report cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        Path dir = Paths.get("docs");
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("-")) {
                System.err.println("usage: BenchmarkReport [--quick] [DIR]");
                System.exit(2);
                return;
            } else {
                dir = Paths.get(arg);
            }
        }
        Files.createDirectories(dir);
        Path json = dir.resolve("benchmarks.json");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BenchmarkReport.class.getPackageName() + ".*")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .forks(1)
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        } else {
            options.warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        options.exclude(RiscvHartBench.class.getName());
        options.exclude(CommitBench.class.getName());
        options.exclude(SmmCpusBench.class.getName());
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Result<?>> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            scores.put(key(r), r.getPrimaryResult());
        }
        // Commits: ten warm-up seconds and two forks, so that every measured iteration runs C2's renderer.
        ChainedOptionsBuilder commit = new OptionsBuilder()
                .include(CommitBench.class.getName())
                .include(SmmCpusBench.class.getName())
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("benchmarks-commit.json").toString());
        if (quick) {
            commit.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        } else {
            commit.forks(2).warmupIterations(10).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        for (RunResult r : new Runner(commit.build()).run()) {
            scores.put(key(r), r.getPrimaryResult());
        }
        // The hart's loop is recompiled each time memkern reaches a new phase (new instructions, new
        // paths): it gets a longer warmup of its own, in a second run written to its own JSON file, and
        // two forks: its long iterations catch the machine's slow episodes (runs of unchanged code measured
        // 7.3 to 12.2 ns per instruction on sparse RAM on one day; docs/benchmarks-analysis.md).
        ChainedOptionsBuilder hart = new OptionsBuilder()
                .include(RiscvHartBench.class.getName())
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .forks(quick ? 1 : 2)
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("benchmarks-hart.json").toString());
        if (quick) {
            hart.warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        } else {
            hart.warmupIterations(5).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        for (RunResult r : new Runner(hart.build()).run()) {
            scores.put(key(r), r.getPrimaryResult());
        }
        String report = render(scores, quick, command(args), analysisLink(dir));
        Files.write(dir.resolve("benchmarks.md"), report.getBytes(StandardCharsets.UTF_8));
        System.out.print(report);
    }

    /**
     * The command that made this run, as the report quotes it: the build, then this JVM's own
     * {@code java} (so that a run on another JDK names it) with the arguments given.
     */
    private static String command(String[] args) {
        StringBuilder sb = new StringBuilder(BUILD).append(" && ")
                .append(Paths.get(System.getProperty("java.home"), "bin", "java"))
                .append(" -cp benchmarks/target/benchmarks.jar ").append(BenchmarkReport.class.getName());
        for (String arg : args) {
            sb.append(' ').append(arg);
        }
        return sb.toString();
    }

    /** The analysis document ({@code docs/benchmarks-analysis.md}) as a link from a report in {@code dir}. */
    private static String analysisLink(Path dir) {
        Path analysis = Paths.get("docs", "benchmarks-analysis.md").toAbsolutePath();
        return dir.toAbsolutePath().normalize().relativize(analysis).toString().replace('\\', '/');
    }

    private static String key(RunResult r) {
        String name = r.getParams().getBenchmark();
        name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        StringBuilder sb = new StringBuilder(name);
        for (String p : r.getParams().getParamsKeys()) {
            sb.append(' ').append(p).append('=').append(r.getParams().getParam(p));
        }
        return sb.toString();
    }

    /** One goal: a ratio of two figures and its bound (NaN: a ratio reported beside a goal, with no bound). */
    private static final class Goal {
        final String path;
        final String numerator;
        final String denominator;
        final double bound;
        final boolean atMost;
        final String goalText;

        Goal(String path, String numerator, String denominator, double bound, boolean atMost, String goalText) {
            this.path = path;
            this.numerator = numerator;
            this.denominator = denominator;
            this.bound = bound;
            this.atMost = atMost;
            this.goalText = goalText;
        }
    }

    static String render(Map<String, Result<?>> scores, boolean quick, String command, String analysisLink) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Every figure below comes from one JMH run on one machine; the goals of\n")
                .append("`shared/spec/performance.md` are ratios between figures of that same run.\n\n");
        md.append("Command: `").append(command).append("`").append(quick ? " (with `--quick`: NOT for quoting)" : "")
                .append("\n\n");
        md.append("Run: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(", ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores. ")
                .append("Per-access figures are per single access (each invocation replays 1,024).\n\n");

        md.append("## Goals\n\n| path | figure | against | ratio | goal | met |\n|---|---|---|---|---|---|\n");
        List<Goal> goals = new ArrayList<>();
        goals.add(new Goal("CPU fast path, RAM hit, preallocated RAM (`MemoryRegion.ramPreallocated`: the window)",
                "CpuFastPathBench.cpuLoad", "RawBaseline.rawLoad", 2, true, "<= 2x raw (aim 1.3x)"));
        goals.add(new Goal("CPU fast path, RAM hit, sparse RAM (`MemoryRegion.ram`: the entries)",
                "CpuFastPathSparseBench.cpuLoad", "RawBaseline.rawLoad", 2, true, "<= 2x raw (aim 1.3x)"));
        goals.add(new Goal("CPU fast path, RAM hit, strict coherence (a volatile view read per access)",
                "CpuFastPathStrictBench.cpuLoadStrict", "RawBaseline.rawLoad", Double.NaN, true, "reported"));
        goals.add(new Goal("AddressSpace load, RAM, 1,024 ranges, preallocated RAM (the view's main RAM)",
                "AddressSpaceBench.addressSpaceLoad", "RawBaseline.rawLoad", 4, true, "<= 4x raw"));
        goals.add(new Goal("AddressSpace load, RAM, 1,024 ranges, sparse RAM",
                "AddressSpaceSparseBench.addressSpaceLoadSparse", "RawBaseline.rawLoad", 4, true, "<= 4x raw"));
        goals.add(new Goal("MMIO dispatch through the AddressSpace", "AddressSpaceBench.mmioDispatch",
                "DirectCallBaseline.directCall", 2, true, "<= 2x direct call"));
        goals.add(new Goal("MMIO dispatch vs a call through `MmioOps` from a call site that has seen every device class",
                "AddressSpaceBench.mmioDispatch", "DirectCallBaseline.mmioOpsCall", Double.NaN, true, "reported"));
        goals.add(new Goal("MMIO dispatch whose device call has seen every device class, vs the same call through `MmioOps`",
                "MmioMegamorphicBench.mmioDispatch", "DirectCallBaseline.mmioOpsCall", Double.NaN, true, "reported"));
        goals.add(new Goal("MMIO floor: volatile view read, hint, coverage test, call (not the runtime's code)",
                "MmioFloorBaseline.volatileViewHintCall", "DirectCallBaseline.directCall", Double.NaN, true,
                "reported"));
        goals.add(new Goal("MMIO floor with the re-entrancy guard", "MmioFloorBaseline.volatileViewHintGuardCall",
                "DirectCallBaseline.directCall", Double.NaN, true, "reported"));
        goals.add(new Goal("MMIO through a CPU (`CpuState.ldlLe`: the page cache's device entries) vs a direct call",
                "CpuMmioBench.cpuMmioLoad", "DirectCallBaseline.directCall", Double.NaN, true, "reported"));
        goals.add(new Goal("MMIO through a CPU vs the same load through the AddressSpace",
                "CpuMmioBench.cpuMmioLoad", "AddressSpaceBench.mmioDispatch", Double.NaN, true, "reported"));
        goals.add(new Goal("unicorn host-side read vs AddressSpace load", "UnicornBaseline.unicornMemRead",
                "AddressSpaceSparseBench.addressSpaceLoadSparse", 20, false, ">= 20x"));
        goals.add(new Goal("unicorn host-side read vs CPU fast path", "UnicornBaseline.unicornMemRead",
                "CpuFastPathSparseBench.cpuLoad", 20, false, ">= 20x"));
        double nlogn = (10000 * Math.log(10000)) / (100 * Math.log(100));
        goals.add(new Goal("commit, 10,000 vs 100 regions", "CommitBench.commit regions=10000",
                "CommitBench.commit regions=100", nlogn, true,
                String.format(Locale.ROOT, "<= %.0fx (n log n)", nlogn)));
        goals.add(new Goal("commit, 1,000 vs 1 SMM CPUs", "SmmCpusBench.commit cpus=1000", "SmmCpusBench.commit cpus=1",
                1.2, true, "<= 1.2x"));
        goals.add(new Goal("RISC-V hart on addrspace (sparse RAM, the boards' default) vs the same hart over one byte[] (memkern)",
                "RiscvHartBench.flatArray", "RiscvHartBench.addrspace", 0.8, false, ">= 0.8x flat"));
        goals.add(new Goal("RISC-V hart on addrspace, preallocated RAM (`run --mem-prealloc`), vs one byte[] (memkern)",
                "RiscvHartBench.flatArray", "RiscvHartBench.addrspacePreallocated", 0.8, false, ">= 0.8x flat"));
        for (Goal g : goals) {
            Result<?> n = scores.get(g.numerator);
            Result<?> d = scores.get(g.denominator);
            md.append("| ").append(g.path).append(" | `").append(g.numerator).append("` | `").append(g.denominator)
                    .append("` | ");
            if (n == null || d == null || !(d.getScore() > 0)) {
                md.append("not measured | ").append(g.goalText).append(" | - |\n");
                continue;
            }
            double ratio = n.getScore() / d.getScore();
            boolean met = g.atMost ? ratio <= g.bound : ratio >= g.bound;
            md.append(String.format(Locale.ROOT, "%.2fx", ratio)).append(" | ").append(g.goalText).append(" | ")
                    .append(Double.isNaN(g.bound) ? "-" : met ? "yes" : "**no**").append(" |\n");
        }

        Result<?> board = scores.get("RiscvHartBench.addrspace");
        Result<?> boardPrealloc = scores.get("RiscvHartBench.addrspacePreallocated");
        Result<?> array = scores.get("RiscvHartBench.flatArray");
        if (board != null && boardPrealloc != null && array != null && board.getScore() > 0
                && boardPrealloc.getScore() > 0 && array.getScore() > 0) {
            md.append(String.format(Locale.ROOT, "%nRISC-V hart, guest instructions per second (memkern): "
                    + "%.1f million on addrspace (riscv-virt through CpuState, sparse RAM), %.1f million with "
                    + "preallocated RAM, %.1f million over one flat byte[]; ratios %.2fx and %.2fx "
                    + "(a ratio of times is the inverse ratio of speeds).%n",
                    1e3 / board.getScore(), 1e3 / boardPrealloc.getScore(), 1e3 / array.getScore(),
                    array.getScore() / board.getScore(), array.getScore() / boardPrealloc.getScore()));
        }
        md.append("\nWhy each unmet goal is unmet, by how much, and what would close it: ")
                .append("[benchmarks-analysis.md](").append(analysisLink).append(").\n");
        md.append("\n## All figures\n\n| benchmark | score | error (99.9%) | unit |\n|---|---|---|---|\n");
        for (Map.Entry<String, Result<?>> e : scores.entrySet()) {
            Result<?> r = e.getValue();
            md.append("| `").append(e.getKey()).append("` | ")
                    .append(String.format(Locale.ROOT, "%,.3f", r.getScore())).append(" | ")
                    .append(Double.isNaN(r.getScoreError()) ? "-" : String.format(Locale.ROOT, "%,.3f", r.getScoreError()))
                    .append(" | ").append(r.getScoreUnit()).append(" |\n");
        }
        return md.toString();
    }
}
