package dev.addrspace.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.processor.FuzzCase.Constant;
import dev.addrspace.processor.FuzzReference.CleanEnum;
import dev.addrspace.processor.FuzzReference.Verdict;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Property test of the whole processor: thousands of random and hostile enum declarations
 * ({@link FuzzGenerator}), each either compiles and its generated class behaves when run against the real
 * runtime, or is rejected with tagged catalogue errors only, exactly as many of each tag as the reference
 * model ({@link FuzzReference}) predicts. Never an untagged error (a javac error in generated code), an
 * {@code [AddressSpaceProcessorError]} (the processor's crash guard), or a javac crash.
 *
 * <p>Cases are compiled in batches (one package per case, so they cannot interfere): first all of a batch
 * together, to check the diagnostics; then the cases the reference calls clean on their own, because javac
 * does not compile generated code once any error was reported. Fixed seed by default; change it with
 * {@code -Daddrspace.fuzz.seed=...} and the number of cases with {@code -Daddrspace.fuzz.count=...}.
 */
class ProcessorFuzzTest {

    private static final long DEFAULT_SEED = 0x5107_F022L;
    private static final int DEFAULT_COUNT = 1400;
    private static final int BATCH = 100;
    private static final int MAX_REPORTED = 8;

    private final Map<String, Integer> byTag = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int cases;
    private int enumDeclarations;
    private int distractors;
    private int compiledCases;
    private int rejectedCases;
    private int runEnums;
    private int javacRuns;

    @Test
    void everyDeclarationCompilesAndRunsOrIsRejectedWithTaggedErrors() {
        long seed = Long.getLong("addrspace.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("addrspace.fuzz.count", DEFAULT_COUNT);
        long start = System.nanoTime();
        FuzzGenerator generator = new FuzzGenerator(seed);
        for (int first = 0; first < count && failures.size() < MAX_REPORTED; first += BATCH) {
            List<FuzzCase> batch = new ArrayList<>();
            for (int id = first; id < Math.min(count, first + BATCH); id++) {
                batch.add(generator.next(id, id == first && (first / BATCH) % 2 == 0));
            }
            runBatch(batch, seed);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ProcessorFuzzTest: seed=0x%X cases=%d enums=%d distractors=%d compiled=%d rejected=%d"
                + " enums-run=%d javac-runs=%d time=%d ms%n  errors by tag: %s%n", seed, cases, enumDeclarations,
                distractors, compiledCases, rejectedCases, runEnums, javacRuns, millis, byTag);
        if (!failures.isEmpty()) {
            fail(failures.size() + " failing case(s) with seed 0x" + Long.toHexString(seed) + " (rerun with"
                    + " -Daddrspace.fuzz.seed=0x" + Long.toHexString(seed) + "):\n\n"
                    + String.join("\n\n", failures));
        }
    }

    private void runBatch(List<FuzzCase> batch, long seed) {
        List<Verdict> verdicts = batch.stream().map(FuzzReference::verdict).toList();
        cases += batch.size();
        batch.forEach(c -> c.types().forEach(file -> file.forEach(this::countDeclarations)));
        Compilation all = compile(batch);
        if (all == null) {
            // A javac crash: find the case that causes it.
            for (FuzzCase c : batch) {
                if (compile(List.of(c)) == null) {
                    failures.add(describe(c, "javac crashed", List.of()));
                }
            }
            return;
        }
        List<List<Diagnostic<? extends JavaFileObject>>> perCase = attribute(batch, all);
        List<FuzzCase> clean = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            checkDiagnostics(batch.get(i), verdicts.get(i), perCase.get(i));
            if (verdicts.get(i).compiles()) {
                clean.add(batch.get(i));
                compiledCases++;
            } else {
                rejectedCases++;
            }
        }
        if (clean.isEmpty()) {
            return;
        }
        Compilation cleanOnly = clean.size() == batch.size() ? all : compile(clean);
        if (cleanOnly == null) {
            failures.add("javac crashed on the clean cases of a batch");
            return;
        }
        List<List<Diagnostic<? extends JavaFileObject>>> cleanDiagnostics = attribute(clean, cleanOnly);
        if (cleanOnly.status() != Compilation.Status.SUCCESS) {
            for (int i = 0; i < clean.size(); i++) {
                List<Diagnostic<? extends JavaFileObject>> errors = cleanDiagnostics.get(i).stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
                if (!errors.isEmpty()) {
                    failures.add(describe(clean.get(i), "the clean case does not compile", errors));
                }
            }
            return;
        }
        CompiledClassLoader loader = new CompiledClassLoader(cleanOnly);
        for (int i = 0; i < clean.size(); i++) {
            FuzzCase c = clean.get(i);
            for (CleanEnum e : FuzzReference.verdict(c).clean) {
                try {
                    runGenerated(loader, e, new Random(seed ^ c.id()));
                    runEnums++;
                } catch (AssertionError | RuntimeException | ReflectiveOperationException | LinkageError x) {
                    failures.add(describe(c, "generated " + e.slotsName() + " misbehaves: " + x, List.of()));
                }
            }
        }
    }

    private void countDeclarations(FuzzCase.TypeDecl t) {
        if (t instanceof FuzzCase.Wrapper w) {
            w.members().forEach(this::countDeclarations);
        } else if (t instanceof FuzzCase.EnumDecl) {
            enumDeclarations++;
        } else {
            distractors++;
        }
    }

    private Compilation compile(List<FuzzCase> batch) {
        List<JavaFileObject> files = new ArrayList<>();
        batch.forEach(c -> files.addAll(c.sources()));
        javacRuns++;
        try {
            // javac stops reporting after 100 errors or warnings by default; a batch has more.
            return javac().withProcessors(new AddressSpaceProcessor())
                    .withOptions("-Xmaxerrs", "1000000", "-Xmaxwarns", "1000000").compile(files);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Splits a compilation's diagnostics by case: by source file, or by package for generated files. */
    private List<List<Diagnostic<? extends JavaFileObject>>> attribute(List<FuzzCase> batch, Compilation c) {
        List<List<Diagnostic<? extends JavaFileObject>>> out = new ArrayList<>();
        batch.forEach(x -> out.add(new ArrayList<>()));
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            int owner = d.getSource() == null ? -1 : ownerOf(batch, d.getSource().toUri().getPath());
            if (owner < 0) {
                failures.add("diagnostic outside every case: " + d);
            } else {
                out.get(owner).add(d);
            }
        }
        return out;
    }

    private static int ownerOf(List<FuzzCase> batch, String uriPath) {
        String path = uriPath.startsWith("/") ? uriPath : "/" + uriPath;
        String dir = path.lastIndexOf('/') < 0 ? "" : path.substring(0, path.lastIndexOf('/'));
        for (int i = 0; i < batch.size(); i++) {
            FuzzCase c = batch.get(i);
            String pkgDir = c.packageName().isEmpty() ? "" : "/" + c.packageName().replace('.', '/');
            if (dir.equals(pkgDir) || dir.endsWith("_OUTPUT" + pkgDir)) {
                return i;
            }
        }
        return -1;
    }

    private void checkDiagnostics(FuzzCase c, Verdict v, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        Map<Message, Integer> errors = new EnumMap<>(Message.class);
        int warnings = 0;
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            String text = d.getMessage(null);
            Message m = tagOf(text);
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                if (m == null) {
                    problems.add("untagged error");
                } else if (m == Message.PROCESSOR_ERROR) {
                    problems.add("processor crash guard fired");
                } else {
                    errors.merge(m, 1, Integer::sum);
                    byTag.merge(m.tag(), 1, Integer::sum);
                }
                if (d.getLineNumber() == Diagnostic.NOPOS || text.contains("\tat ")) {
                    problems.add("error without a position or with a stack trace");
                }
            } else if (m == Message.REQUIRES_DUPLICATE) {
                warnings++;
            } else if (m != null) {
                problems.add("unexpected tagged warning");
            }
        }
        int exists = errors.getOrDefault(Message.CLASS_NAME_EXISTS, 0);
        Map<Message, Integer> fixed = new EnumMap<>(errors);
        Map<Message, Integer> expected = new EnumMap<>(v.errors);
        int expectedExists = expected.getOrDefault(Message.CLASS_NAME_EXISTS, 0);
        fixed.remove(Message.CLASS_NAME_EXISTS);
        expected.remove(Message.CLASS_NAME_EXISTS);
        if (!fixed.equals(expected)) {
            problems.add("errors " + fixed + " but the reference expects " + expected);
        }
        if (exists < expectedExists + v.existsMin || exists > expectedExists + v.existsMax) {
            problems.add("ClassNameExists x" + exists + " outside " + (expectedExists + v.existsMin) + ".."
                    + (expectedExists + v.existsMax));
        }
        if (warnings != v.warnings) {
            problems.add(warnings + " RequiresDuplicate warnings, expected " + v.warnings);
        }
        if (!problems.isEmpty()) {
            Compilation alone = compile(List.of(c));
            String aloneText = alone == null ? "javac crashed" : alone.diagnostics().stream()
                    .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                    .map(d -> d.getLineNumber() + ":" + d.getColumnNumber() + " "
                            + d.getMessage(null).lines().findFirst().orElse(""))
                    .reduce("", (a, b) -> a + "\n    " + b);
            failures.add(describe(c, String.join("; ", new HashSet<>(problems)) + "\n  compiled alone:" + aloneText,
                    diagnostics));
        }
    }

    private static Message tagOf(String text) {
        for (Message m : Message.values()) {
            if (text.startsWith(m.tag() + " ")) {
                return m;
            }
        }
        return null;
    }

    /** Runs a clean enum's generated class against the runtime: tables, lookups, accessors and init. */
    private static void runGenerated(CompiledClassLoader loader, CleanEnum e, Random random)
            throws ReflectiveOperationException {
        Class<?> slots = loader.load(e.slotsName());
        Class<?> enumType = loader.load(e.enumBinaryName());
        Class<?> rootsType = loader.load(e.slotsName() + "$Roots");
        Object[] values = enumType.getEnumConstants();
        List<Constant> constants = e.constants();
        check(values.length == constants.size(), "constant count");
        int max = constants.stream().mapToInt(Constant::index).max().orElseThrow() + 1;
        check(slots.getField("MAX").getInt(null) == max, "MAX");
        Constant main = constants.stream().filter(k -> k.index() == 0).findFirst().orElseThrow();
        for (int i = 0; i < constants.size(); i++) {
            Constant k = constants.get(i);
            check(slots.getField(k.name()).getInt(null) == k.index(), "int constant " + k.name());
            check(invoke(slots, null, "constantAt", new Class<?>[] {int.class}, k.index()) == values[i],
                    "constantAt(" + k.index() + ")");
            check(invoke(slots, null, "indexOf", new Class<?>[] {enumType}, values[i]).equals(k.index()), "indexOf");
            check(invoke(slots, null, "prefixOf", new Class<?>[] {enumType}, values[i]).equals(k.prefix()),
                    "prefixOf");
        }
        for (int outside : new int[] {-1, max, Integer.MIN_VALUE}) {
            try {
                invoke(slots, null, "constantAt", new Class<?>[] {int.class}, outside);
                throw new AssertionError("constantAt(" + outside + ") did not throw");
            } catch (IndexOutOfBoundsException expected) {
                // as documented
            }
        }
        // Roots: index 0 and a random subset, closed under requires; sometimes broken on purpose.
        Set<String> present = new HashSet<>();
        present.add(main.name());
        constants.forEach(k -> {
            if (random.nextBoolean()) {
                present.add(k.name());
            }
        });
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Constant k : constants) {
                if (present.contains(k.name())) {
                    for (String r : k.requires()) {
                        grew |= present.add(r);
                    }
                }
            }
        }
        boolean broken = random.nextInt(4) == 0;
        if (broken) {
            List<String> removable = new ArrayList<>(List.of(main.name()));
            for (Constant k : constants) {
                if (present.contains(k.name())) {
                    k.requires().stream().filter(r -> !r.equals(main.name())).forEach(removable::add);
                }
            }
            present.remove(removable.get(random.nextInt(removable.size())));
        }
        MemorySystem system = new MemorySystem();
        int cpuIndex = random.nextInt(4);
        CpuState cpu = new CpuState(system, cpuIndex);
        Object roots = invoke(slots, null, "roots", new Class<?>[0]);
        Map<String, MemoryRegion> regions = new java.util.HashMap<>();
        for (int i = 0; i < constants.size(); i++) {
            Constant k = constants.get(i);
            if (present.contains(k.name())) {
                MemoryRegion region = MemoryRegion.container(system, "root-" + i, 1L << 20);
                regions.put(k.name(), region);
                if (random.nextBoolean()) {
                    invoke(rootsType, roots, e.accessors().get(i), new Class<?>[] {MemoryRegion.class}, region);
                } else {
                    invoke(rootsType, roots, "set", new Class<?>[] {enumType, MemoryRegion.class}, values[i],
                            region);
                }
            }
        }
        try {
            invoke(rootsType, roots, "init", new Class<?>[] {CpuState.class}, cpu);
            check(!broken, "init accepted roots without " + (present.contains(main.name()) ? "a requirement"
                    : "index 0"));
        } catch (IllegalStateException x) {
            check(broken, "init rejected valid roots: " + x.getMessage());
            check(!cpu.isInitialized() && system.addressSpaces().isEmpty(), "a rejected init created something");
            return;
        }
        check(cpu.numAses() == max, "numAses");
        List<String> names = new ArrayList<>();
        constants.stream().sorted(java.util.Comparator.comparingInt(Constant::index))
                .filter(k -> present.contains(k.name())).forEach(k -> names.add(k.prefix() + "-" + cpuIndex));
        check(system.addressSpaces().stream().map(AddressSpace::name).toList().equals(names), "address spaces "
                + system.addressSpaces().stream().map(AddressSpace::name).toList() + " instead of " + names);
        for (int i = 0; i < constants.size(); i++) {
            Constant k = constants.get(i);
            String accessor = e.accessors().get(i);
            boolean has = present.contains(k.name());
            check(invoke(slots, null, FuzzReference.presenceCheck(accessor), new Class<?>[] {CpuState.class}, cpu)
                    .equals(has), "presence check of " + k.name());
            check(invoke(slots, null, "has", new Class<?>[] {CpuState.class, enumType}, cpu, values[i]).equals(has),
                    "has(" + k.name() + ")");
            try {
                AddressSpace as = (AddressSpace) invoke(slots, null, accessor, new Class<?>[] {CpuState.class}, cpu);
                check(has && as.root() == regions.get(k.name()) && as == cpu.addressSpace(k.index())
                        && as == invoke(slots, null, "addressSpace", new Class<?>[] {CpuState.class, enumType}, cpu,
                                values[i]), "accessor " + accessor);
            } catch (IllegalStateException x) {
                check(!has, "accessor " + accessor + " threw for a present address space");
            }
        }
    }

    private static Object invoke(Class<?> type, Object target, String name, Class<?>[] parameters, Object... args)
            throws ReflectiveOperationException {
        Method m = type.getMethod(name, parameters);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException x) {
            if (x.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw x;
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static String describe(FuzzCase c, String problem, List<Diagnostic<? extends JavaFileObject>> ds) {
        StringBuilder s = new StringBuilder("case ").append(c.id()).append(": ").append(problem).append('\n');
        Verdict v = FuzzReference.verdict(c);
        s.append("  reference: ").append(v.compiles() ? "compiles" : "rejected ").append(v.errors)
                .append(" exists+").append(v.existsMin).append("..").append(v.existsMax).append(" warnings=")
                .append(v.warnings).append('\n');
        for (Diagnostic<? extends JavaFileObject> d : ds) {
            s.append("  ").append(d.getKind()).append(' ').append(d.getSource() == null ? "?"
                    : d.getSource().getName()).append(':').append(d.getLineNumber()).append(':')
                    .append(d.getColumnNumber()).append(' ').append(d.getMessage(null).lines().findFirst().orElse(""))
                    .append('\n');
        }
        for (JavaFileObject f : c.sources()) {
            try {
                s.append("  --- ").append(f.getName()).append('\n').append(f.getCharContent(false));
            } catch (java.io.IOException x) {
                s.append(x);
            }
        }
        return s.toString();
    }
}
