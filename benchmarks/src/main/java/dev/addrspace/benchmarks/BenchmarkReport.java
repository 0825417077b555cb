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
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

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
 * <p>{@code DIR} (default {@code docs}) receives {@code benchmarks.md} and JMH's {@code benchmarks.json}.
 * Every benchmark runs in two forks (JVMs; the commit benchmarks in three, below), and the report gives
 * each fork's mean beside the run's figure, and each goal's ratio per fork: on a shared machine a slow
 * episode, or a loop that one JVM compiles differently from the next, shows as forks that disagree, not
 * as a figure between them.
 * The commit benchmarks ({@link CommitBench}, {@link SmmCpusBench}) run second, with a longer warmup (a
 * commit of 10,000 regions takes milliseconds, so C2 compiles the renderer late), in
 * {@value #COMMIT_ROUNDS} rounds of one fork of each, so that the two sides of each commit ratio are
 * measured in alternation rather than one after the other (a slow episode of the machine lasts tens of
 * seconds, about one fork), into {@code benchmarks-commit.json}; {@link RiscvHartBench} runs third, with a
 * longer warmup of its own, into {@code benchmarks-hart.json}.
 * {@code --quick} runs one short iteration of each in one fork, to check the harness, not to quote.
 */
public final class BenchmarkReport {

    private static final String BUILD = "./mvnw -q -B package -DskipTests -pl benchmarks -am";
    /** Rounds of the commit benchmarks: one fork of each per round, so each commit figure has this many forks. */
    static final int COMMIT_ROUNDS = 3;

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
        ChainedOptionsBuilder options = stage(quick, 2, json, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1))
                .include(BenchmarkReport.class.getPackageName() + ".*");
        options.exclude(RiscvHartBench.class.getName());
        options.exclude(CommitBench.class.getName());
        options.exclude(SmmCpusBench.class.getName());
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Figure> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            scores.put(key(r), Figure.of(r));
        }
        // Commits: ten warm-up seconds, so that every measured iteration runs C2's renderer; in rounds of one
        // fork of each commit benchmark, so that the two sides of a commit ratio are measured side by side in
        // time, not one pair of forks after the other (this machine's slow episodes last tens of seconds and
        // move either side of a ratio: docs/benchmarks-analysis.md, "Commits").
        Map<String, List<double[]>> commitForks = new LinkedHashMap<>();
        Map<String, String> commitUnits = new LinkedHashMap<>();
        List<String> commitJson = new ArrayList<>();
        for (int round = 0; round < (quick ? 1 : COMMIT_ROUNDS); round++) {
            Path part = Files.createTempFile("benchmarks-commit", ".json");
            try {
                ChainedOptionsBuilder commit = stage(quick, 1, part, 10, TimeValue.seconds(1), 5, TimeValue.seconds(1))
                        .include(CommitBench.class.getName())
                        .include(SmmCpusBench.class.getName());
                for (RunResult r : new Runner(commit.build()).run()) {
                    for (BenchmarkResult fork : r.getBenchmarkResults()) {
                        double[] iterations = fork.getIterationResults().stream()
                                .mapToDouble(i -> i.getPrimaryResult().getScore()).toArray();
                        if (iterations.length == 0) {
                            continue;
                        }
                        commitForks.computeIfAbsent(key(r), k -> new ArrayList<>()).add(iterations);
                        commitUnits.put(key(r), fork.getPrimaryResult().getScoreUnit());
                    }
                }
                commitJson.add(new String(Files.readAllBytes(part), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(part);
            }
        }
        for (Map.Entry<String, List<double[]>> e : commitForks.entrySet()) {
            scores.put(e.getKey(), Figure.ofForks(e.getValue(), commitUnits.get(e.getKey())));
        }
        Files.write(dir.resolve("benchmarks-commit.json"),
                joinJsonArrays(commitJson).getBytes(StandardCharsets.UTF_8));
        // The hart's loop is recompiled each time memkern reaches a new phase (new instructions, new
        // paths): it gets a longer warmup of its own, in a second run written to its own JSON file, and
        // two forks: its long iterations catch the machine's slow episodes (runs of unchanged code measured
        // 7.3 to 12.2 ns per instruction on sparse RAM on one day; docs/benchmarks-analysis.md).
        ChainedOptionsBuilder hart = stage(quick, 2, dir.resolve("benchmarks-hart.json"), 5, TimeValue.seconds(2), 5,
                TimeValue.seconds(2)).include(RiscvHartBench.class.getName());
        for (RunResult r : new Runner(hart.build()).run()) {
            scores.put(key(r), Figure.of(r));
        }
        String report = render(scores, quick, command(args), analysisLink(dir));
        Files.write(dir.resolve("benchmarks.md"), report.getBytes(StandardCharsets.UTF_8));
        System.out.print(report);
    }

    /**
     * The options every stage of the report shares, without its benchmarks: average time in nanoseconds,
     * JMH's JSON written to {@code result}, a benchmark that fails left out of the figures rather than
     * ending the run. With {@code quick}: one fork, one warm-up and one measured iteration of 300 ms each.
     *
     * @param quick whether the run is {@code --quick}
     * @param forks the forks of a full run
     * @param result where JMH writes its JSON
     * @param warmups warm-up iterations of a full run
     * @param warmupTime the length of each
     * @param iterations measured iterations of a full run
     * @param iterationTime the length of each
     * @return the options, to which the caller adds the benchmarks
     */
    private static ChainedOptionsBuilder stage(boolean quick, int forks, Path result, int warmups,
            TimeValue warmupTime, int iterations, TimeValue iterationTime) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
        if (quick) {
            return options.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        }
        return options.forks(forks).warmupIterations(warmups).warmupTime(warmupTime)
                .measurementIterations(iterations).measurementTime(iterationTime);
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

    /**
     * Joins JMH JSON result files, each an array of benchmark objects, into one array.
     *
     * @param arrays the files' contents
     * @return one JSON array holding every element, in order
     * @throws IllegalArgumentException if a content is not a JSON array
     */
    static String joinJsonArrays(List<String> arrays) {
        StringBuilder sb = new StringBuilder("[");
        for (String a : arrays) {
            String t = a.trim();
            if (!t.startsWith("[") || !t.endsWith("]")) {
                throw new IllegalArgumentException(
                        "not a JSON array: " + (t.length() > 40 ? t.substring(0, 40) + "..." : t));
            }
            String inner = t.substring(1, t.length() - 1).trim();
            if (!inner.isEmpty()) {
                sb.append(sb.length() > 1 ? ",\n" : "\n").append(inner);
            }
        }
        return sb.append("\n]\n").toString();
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

    /**
     * One benchmark's figure in a run: JMH's score over every measured iteration of every fork, its error,
     * its unit, and each fork's own mean, in fork order.
     */
    static final class Figure {
        final double score;
        final double error;
        final String unit;
        final double[] forks;

        /**
         * Creates a figure.
         *
         * @param score the score over all forks
         * @param error the 99.9% error, or NaN when JMH gives none (a single iteration)
         * @param unit the score's unit
         * @param forks each fork's mean; empty when unknown
         * @throws IllegalArgumentException if {@code score} is NaN or {@code unit} is null
         */
        Figure(double score, double error, String unit, double... forks) {
            if (Double.isNaN(score) || unit == null) {
                throw new IllegalArgumentException("a figure needs a score and a unit, not " + score + " " + unit);
            }
            this.score = score;
            this.error = error;
            this.unit = unit;
            this.forks = forks.clone();
        }

        /**
         * The figure of one benchmark measured in several JMH runs of one fork each: the score is the mean of
         * every measured iteration of every fork, as JMH's own score over forks is, and the error JMH's
         * 99.9% interval of that mean.
         *
         * @param forks each fork's measured iteration scores, in fork order
         * @param unit the scores' unit
         * @return the figure, with each fork's mean
         * @throws IllegalArgumentException if there is no fork, a fork has no iteration, or {@code unit} is null
         */
        static Figure ofForks(List<double[]> forks, String unit) {
            if (forks.isEmpty()) {
                throw new IllegalArgumentException("a figure needs at least one fork");
            }
            ListStatistics all = new ListStatistics();
            double[] means = new double[forks.size()];
            int f = 0;
            for (double[] iterations : forks) {
                if (iterations.length == 0) {
                    throw new IllegalArgumentException("fork " + f + " has no measured iteration");
                }
                ListStatistics one = new ListStatistics();
                for (double v : iterations) {
                    all.addValue(v);
                    one.addValue(v);
                }
                means[f++] = one.getMean();
            }
            return new Figure(all.getMean(), all.getN() > 1 ? all.getMeanErrorAt(0.999) : Double.NaN, unit, means);
        }

        /** The figure of one benchmark (with its parameters) of a JMH run: one fork per benchmark result. */
        static Figure of(RunResult r) {
            Result<?> all = r.getPrimaryResult();
            Collection<BenchmarkResult> runs = r.getBenchmarkResults();
            double[] forks = new double[runs.size()];
            int f = 0;
            for (BenchmarkResult fork : runs) {
                forks[f++] = fork.getPrimaryResult().getScore();
            }
            return new Figure(all.getScore(), all.getScoreError(), all.getScoreUnit(), forks);
        }
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

    /**
     * Renders the report: the goals, each as a ratio of two figures (and per fork of the figure), met or
     * not, then every figure. A goal whose figure or baseline is missing (a benchmark that failed, or
     * was left out) is rendered "not measured", never met.
     *
     * @param scores the figures by benchmark name (with its parameters, as {@link #key} writes them)
     * @param quick whether the run was {@code --quick} (then the report says it is not for quoting)
     * @param command the command quoted as the one that made the run
     * @param analysisLink the link to the analysis document, relative to the report
     * @return the Markdown report
     */
    static String render(Map<String, Figure> scores, boolean quick, String command, String analysisLink) {
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

        md.append("## Goals\n\n")
                .append("Each ratio is one score over another of the same run. \"Per fork\" takes, in place of the\n")
                .append("score of ours (the figure of an \"at most\" goal, the baseline column of an \"at least\" one), each\n")
                .append("fork's own mean, so that forks which disagree show; \"met\" is decided on the ratio.\n\n")
                .append("| path | figure | against | ratio | per fork | goal | met |\n|---|---|---|---|---|---|---|\n");
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
            Figure n = scores.get(g.numerator);
            Figure d = scores.get(g.denominator);
            md.append("| ").append(g.path).append(" | `").append(g.numerator).append("` | `").append(g.denominator)
                    .append("` | ");
            if (n == null || d == null || !(d.score > 0)) {
                md.append("not measured | - | ").append(g.goalText).append(" | - |\n");
                continue;
            }
            double ratio = n.score / d.score;
            boolean met = g.atMost ? ratio <= g.bound : ratio >= g.bound;
            md.append(String.format(Locale.ROOT, "%.2fx", ratio)).append(" | ");
            // per fork of the figure the goal judges: the numerator of an "at most" goal (ours over a
            // baseline), the denominator of an "at least" one (a baseline over ours)
            final double[] forks = g.atMost ? n.forks : d.forks;
            final double[] perFork = new double[forks.length];
            for (int f = 0; f < forks.length; f++) {
                perFork[f] = g.atMost ? forks[f] / d.score : n.score / forks[f];
            }
            appendList(md, perFork, "%.2fx");
            md.append(" | ").append(g.goalText).append(" | ")
                    .append(Double.isNaN(g.bound) ? "-" : met ? "yes" : "**no**").append(" |\n");
        }

        Figure board = scores.get("RiscvHartBench.addrspace");
        Figure boardPrealloc = scores.get("RiscvHartBench.addrspacePreallocated");
        Figure array = scores.get("RiscvHartBench.flatArray");
        if (board != null && boardPrealloc != null && array != null && board.score > 0
                && boardPrealloc.score > 0 && array.score > 0) {
            md.append(String.format(Locale.ROOT, "%nRISC-V hart, guest instructions per second (memkern): "
                    + "%.1f million on addrspace (riscv-virt through CpuState, sparse RAM), %.1f million with "
                    + "preallocated RAM, %.1f million over one flat byte[]; ratios %.2fx and %.2fx "
                    + "(a ratio of times is the inverse ratio of speeds).%n",
                    1e3 / board.score, 1e3 / boardPrealloc.score, 1e3 / array.score,
                    array.score / board.score, array.score / boardPrealloc.score));
        }
        md.append("\nWhy each unmet goal is unmet, by how much, and what would close it: ")
                .append("[benchmarks-analysis.md](").append(analysisLink).append(").\n");
        md.append("\n## All figures\n\n| benchmark | score | error (99.9%) | per fork | unit |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, Figure> e : scores.entrySet()) {
            Figure r = e.getValue();
            md.append("| `").append(e.getKey()).append("` | ")
                    .append(String.format(Locale.ROOT, "%,.3f", r.score)).append(" | ")
                    .append(Double.isNaN(r.error) ? "-" : String.format(Locale.ROOT, "%,.3f", r.error))
                    .append(" | ");
            appendList(md, r.forks, "%,.3f");
            md.append(" | ").append(r.unit).append(" |\n");
        }
        return md.toString();
    }

    /** Appends {@code values}, each in {@code format}, separated by commas; "-" when there are none. */
    private static void appendList(StringBuilder md, double[] values, String format) {
        if (values.length == 0) {
            md.append('-');
        }
        for (int i = 0; i < values.length; i++) {
            md.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, values[i]));
        }
    }
}
