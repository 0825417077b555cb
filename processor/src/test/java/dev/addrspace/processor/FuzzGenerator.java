package dev.addrspace.processor;

import dev.addrspace.processor.FuzzCase.Constant;
import dev.addrspace.processor.FuzzCase.Distractor;
import dev.addrspace.processor.FuzzCase.DistractorKind;
import dev.addrspace.processor.FuzzCase.EnumDecl;
import dev.addrspace.processor.FuzzCase.TypeDecl;
import dev.addrspace.processor.FuzzCase.Wrapper;
import dev.addrspace.processor.FuzzCase.WrapperKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Draws random and hostile {@link FuzzCase}s from a seeded {@link Random}: most declarations are valid or
 * nearly so, and each part (index, prefix, requires, names, accessor, nesting, class name, distractors)
 * is mutated with its own probability, so that both outcomes and every diagnostic occur often.
 */
final class FuzzGenerator {

    private static final String[] PLAIN_NAMES = {"NS", "S", "TAG_NS", "TAG_S", "MEM", "SMM", "SECURE", "A", "B",
        "C", "D", "IO", "DMA", "X1_2", "Main", "TagNs", "tagNs", "mem"};
    private static final String[] HOSTILE_NAMES = {"NEW", "INT", "DEFAULT", "CLASS", "TRUE", "NULL", "ENUM", "GOTO",
        "CONST", "VAR", "YIELD", "RECORD", "var", "yield", "record", "sealed", "permits", "when", "_INT", "INT_",
        "__", "___", "_A", "A_", "$", "$X", "MAX", "ROOTS", "Roots", "roots", "CONSTANTS", "INDICES", "PREFIXES",
        "cpu", "CPU", "HAS_S", "TAG__NS", "HAS", "ADDRESS_SPACE", "INDEX_OF", "CONSTANT_AT", "PREFIX_OF", "INIT",
        "SET", "index", "which", "root", "as", "reason", "this_", "CpuState", "AddressSpace", "MemoryRegion",
        "String", "Generated", "IllegalStateException", "NullPointerException", "IndexOutOfBoundsException",
        "dev", "java", "javax", "ÉTAT", "数据", "ÄRGER_X", "Ω", "ǅ", "ß_X", "İX", "\uD801\uDC00_\uD801\uDC00", "X_\uD801\uDC28", "values", "valueOf", "ordinal",
        "name", "EQUALS", "GET_CLASS", "WAIT", "HASH_CODE"};
    private static final String[] BAD_PREFIXES = {"", " ", "cpu memory", "cpu--mem", "cpu-", "-cpu", "1cpu",
        "cpu/mem", "cpü", "数据", "cpu\tmem", "cpu\"q", "cpu\\x", "cpu-😀", "_cpu", ".cpu", "cpu-mem ", "cpu\nmem",
        "cpu\0", "-", "a-", "a---b"};
    private static final String[] GOOD_PREFIXES = {"cpu-memory", "cpu-secure-memory", "cpu-tag-memory", "a",
        "A.B_c-9", "cpu..x", "cpu-.-x", "x_", "cpu-smm", "Z9"};
    private static final String[] ACCESSORS = {"", "mem", "secureMemory", "x1", "état", "数据", "$a", "tag-memory",
        "1x", " x", "a b", "x.y", "new", "int", "class", "true", "null", "_", "goto", "const", "roots", "init",
        "set", "has", "indexOf", "constantAt", "prefixOf", "addressSpace", "equals", "hashCode", "toString",
        "getClass", "wait", "notify", "clone", "finalize", "var", "yield", "record", "sealed", "permits", "Roots",
        "MAX", "hasS", "s", "S", "ns", "tagNs"};
    private static final String[] TYPE_NAMES = {"Roots", "CpuState", "AddressSpace", "MemoryRegion", "String",
        "Generated", "IllegalStateException", "NullPointerException", "IndexOutOfBoundsException", "ÉtatSpace",
        "数据", "$Space", "Space_1", "Override"};
    private static final String[] CLASS_NAMES = {"Roots", "my.Slots", "1X", "class", "a b", "_", "Slots$", "X-Y",
        "ÉtatSlots", "String", "CpuState", "AddressSpace", "MemoryRegion", "Generated", "IllegalStateException"};

    private final Random random;
    private int serial;
    private boolean unnamed;

    FuzzGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Draws one case.
     *
     * @param id the case number, which also names its package
     * @param unnamedPackage whether to put it in the unnamed package
     */
    FuzzCase next(int id, boolean unnamedPackage) {
        String pkg = unnamedPackage ? "" : switch (random.nextInt(5)) {
            case 0 -> "dev.c" + id;
            case 1 -> "p" + id + ".q";
            // Packages named like a parameter or local of the generated code.
            case 2 -> pick(new String[] {"root", "cpu", "index", "which", "as", "reason", "roots"}) + ".c" + id;
            default -> "c" + id;
        };
        unnamed = unnamedPackage;
        Set<String> topNames = new HashSet<>();
        List<TypeDecl> tops = new ArrayList<>();
        List<EnumDecl> enums = new ArrayList<>();
        int enumCount = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int k = 0; k < enumCount; k++) {
            int depth = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
            tops.add(nest(depth, pkg, topNames, Set.of(), enums, true));
        }
        if (random.nextInt(10) == 0 && !enums.isEmpty()) {
            // Two enums with one default class name: W.X and W_X.
            EnumDecl plain = enumDecl("", fresh("X"), pkg, List.of());
            String wrapper = unique(topNames, "W" + id);
            String clash = wrapper + "_" + plain.name();
            if (topNames.add(clash)) {
                tops.add(new Wrapper(WrapperKind.CLASS, "", wrapper, List.of(plain)));
                EnumDecl twin = enumDecl("", clash, pkg, List.of());
                tops.add(twin);
                enums.add(plain);
                enums.add(twin);
            }
        }
        int distractors = random.nextInt(5) == 0 ? 1 + random.nextInt(2) : 0;
        for (int k = 0; k < distractors; k++) {
            DistractorKind kind = DistractorKind.values()[random.nextInt(DistractorKind.values().length)];
            String name;
            if (kind == DistractorKind.PLAIN_CLASS && random.nextBoolean()) {
                EnumDecl e = enums.get(random.nextInt(enums.size()));
                name = random.nextBoolean() && e.className() != null && !e.className().isEmpty() ? e.className()
                        : e.name() + "Slots";
                if (random.nextInt(3) == 0) {
                    name = pick(TYPE_NAMES);
                }
            } else {
                name = "D" + id + "_" + k;
            }
            if (SourceVersionCheck.isTypeName(name) && topNames.add(name)) {
                tops.add(new Distractor(kind, name));
            }
        }
        // Spread the top-level types over one to three files; the first type of a file names it.
        List<List<TypeDecl>> files = new ArrayList<>();
        for (TypeDecl t : tops) {
            if (files.isEmpty() || random.nextInt(3) != 0) {
                files.add(new ArrayList<>());
            }
            files.get(files.size() - 1).add(t);
        }
        return new FuzzCase(id, pkg, files);
    }

    private TypeDecl nest(int depth, String pkg, Set<String> siblings, Set<String> enclosing, List<EnumDecl> enums,
            boolean topLevel) {
        if (depth == 0) {
            String name = typeName(siblings, enclosing);
            String mods = topLevel ? "" : memberModifiers(false);
            EnumDecl e = enumDecl(mods, name, pkg, List.copyOf(enclosing));
            enums.add(e);
            return e;
        }
        WrapperKind kind = WrapperKind.values()[random.nextInt(WrapperKind.values().length)];
        String name = typeName(siblings, enclosing);
        Set<String> inside = new HashSet<>(enclosing);
        inside.add(name);
        String mods = topLevel ? "" : memberModifiers(false);
        Set<String> memberNames = new HashSet<>();
        List<TypeDecl> members = new ArrayList<>();
        members.add(nest(depth - 1, pkg, memberNames, inside, enums, false));
        if (kind == WrapperKind.INTERFACE) {
            members = interfaceMembers(members);
        }
        return new Wrapper(kind, mods, name, members);
    }

    /** Interface members cannot be private or protected: drop those modifiers from the direct members. */
    private static List<TypeDecl> interfaceMembers(List<TypeDecl> members) {
        List<TypeDecl> out = new ArrayList<>();
        for (TypeDecl m : members) {
            if (m instanceof Wrapper w) {
                out.add(new Wrapper(w.kind(), publicOnly(w.modifiers()), w.name(), w.members()));
            } else if (m instanceof EnumDecl e) {
                out.add(new EnumDecl(publicOnly(e.modifiers()), e.name(), e.className(), e.constants(),
                        e.implementsInterface(), e.members(), e.annotatedField()));
            } else {
                out.add(m);
            }
        }
        return out;
    }

    private static String publicOnly(String modifiers) {
        return modifiers.replace("private ", "").replace("protected ", "");
    }

    private String memberModifiers(boolean inInterface) {
        String[] choices = {"", "", "public ", "static ", "protected ", "private ", "private static ",
            "public static "};
        String m = choices[random.nextInt(choices.length)];
        return inInterface ? publicOnly(m) : m;
    }

    private String typeName(Set<String> siblings, Set<String> enclosing) {
        for (int attempt = 0; ; attempt++) {
            String name = random.nextInt(4) == 0 && attempt < 5 ? pick(TYPE_NAMES) : fresh("E");
            if (unnamed && attempt == 0 && random.nextBoolean()) {
                name = "Roots";
            }
            if (!enclosing.contains(name) && siblings.add(name)) {
                return name;
            }
        }
    }

    private EnumDecl enumDecl(String modifiers, String name, String pkg, List<String> enclosing) {
        // Half of the enums are hostile: every part may be broken. The other half keep indices, prefixes,
        // requires and class names valid, so that clean declarations with odd names and nesting are common.
        boolean hostile = random.nextInt(5) < 2;
        int n = hostile && random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(random.nextInt(3) == 0 ? 7 : 4);
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int k = 0; k < n; k++) {
            String c;
            int r = random.nextInt(hostile ? 10 : 30);
            if (r < 6 || r > 10) {
                c = pick(PLAIN_NAMES);
            } else if (r < 9) {
                c = pick(HOSTILE_NAMES);
            } else {
                String first = pkg.isEmpty() ? "dev" : pkg.split("\\.")[0];
                List<String> special = new ArrayList<>(List.of(first, name, name + "Slots",
                        String.join("_", enclosing) + (enclosing.isEmpty() ? "" : "_") + name + "Slots"));
                special.addAll(enclosing);
                c = special.get(random.nextInt(special.size()));
            }
            if (c.equals(name) && random.nextBoolean() || c.equals("code_f") || !taken.add(c)) {
                c = "K" + k + "_" + serial++;
                taken.add(c);
            }
            names.add(c);
        }
        if (n >= 2 && random.nextInt(10) == 0) {
            // A constant named like a package's first segment beside one that forces qualified names.
            String first = pkg.isEmpty() ? "dev" : pkg.split("\\.")[0];
            String segment = hostile ? (random.nextBoolean() ? "dev" : first) : random.nextBoolean() ? "java" : "javax";
            String type = pick(new String[] {"CpuState", "String", "IllegalStateException", "AddressSpace",
                "MemoryRegion", "Generated", name});
            if (!names.contains(segment) && !names.contains(type)) {
                names.set(0, segment);
                names.set(1, type);
            }
        }
        // Indices: a permutation of 0..n-1, sometimes broken.
        List<Integer> indices = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            indices.add(k);
        }
        java.util.Collections.shuffle(indices, random);
        boolean unannotatedAll = hostile && n > 0 && random.nextInt(30) == 0;
        List<Constant> constants = new ArrayList<>();
        boolean withMembers = random.nextInt(5) == 0;
        for (int k = 0; k < n; k++) {
            int index = indices.get(k);
            String indexSource = Integer.toString(index);
            if (hostile && random.nextInt(8) == 0) {
                index = switch (random.nextInt(7)) {
                    case 0 -> -1 - random.nextInt(3);
                    case 1 -> Integer.MAX_VALUE;
                    case 2 -> Integer.MIN_VALUE;
                    case 3 -> index + 1 + random.nextInt(3);
                    default -> random.nextInt(Math.max(1, n));
                };
                // Not java.lang.Integer.MAX_VALUE: a constant named java would obscure it in the enum.
                indexSource = index == Integer.MAX_VALUE && random.nextBoolean() ? "0x7fffffff"
                        : Integer.toString(index);
            } else if (random.nextInt(20) == 0) {
                indexSource = "0x" + Integer.toHexString(index);
            }
            String prefix = hostile && random.nextInt(8) == 0 ? pick(BAD_PREFIXES)
                    : random.nextInt(3) == 0 ? pick(GOOD_PREFIXES) : "cpu-" + Math.floorMod(names.get(k).hashCode(), 97);
            List<String> requires = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                int count = 1 + random.nextInt(3);
                for (int j = 0; j < count; j++) {
                    int r = hostile ? random.nextInt(12) : 5;
                    if (!hostile && k > 0) {
                        requires.add(names.get(random.nextInt(k)));
                        continue;
                    } else if (!hostile) {
                        break;
                    }
                    requires.add(r == 0 ? names.get(k) : r == 1 ? "TYPO" : r == 2 ? "" : r == 3 && !requires.isEmpty()
                            ? requires.get(0) : r == 4 ? names.get(random.nextInt(n)).toLowerCase(java.util.Locale.ROOT)
                            : names.get(random.nextInt(n)));
                }
            }
            boolean asArray = requires.size() != 1 || random.nextBoolean();
            String accessor = random.nextInt(hostile ? 5 : 20) == 0 ? pick(ACCESSORS)
                    : hostile && random.nextInt(15) == 0 && n > 1 ? derivedOf(names.get(random.nextInt(n))) : null;
            boolean annotated = !unannotatedAll && (!hostile || random.nextInt(25) != 0);
            constants.add(new Constant(names.get(k), annotated, index, indexSource, prefix, requires,
                    asArray && (requires.size() != 0 || random.nextInt(4) == 0), accessor,
                    random.nextInt(8) == 0, withMembers && random.nextBoolean()));
        }
        String className = null;
        if (random.nextInt(5) == 0 || n == 0 || unannotatedAll) {
            int r = hostile ? random.nextInt(7) : random.nextInt(3) == 0 ? 5 + random.nextInt(2) : random.nextInt(3);
            className = r == 0 ? "" : r <= 2 ? "Slots" + serial++ : r == 3 ? name + "Slots"
                    : r == 4 ? (enclosing.isEmpty() ? name : enclosing.get(0))
                    : r == 6 && n > 0 ? names.get(0) : pick(CLASS_NAMES);
        }
        return new EnumDecl(modifiers, name, className, constants, random.nextInt(8) == 0, withMembers,
                hostile && random.nextInt(25) == 0);
    }

    /** An accessor likely to collide with the one derived from {@code name}, or with its presence check. */
    private String derivedOf(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return random.nextBoolean() ? lower : "has" + name.substring(0, 1) + lower.substring(1);
    }

    private String fresh(String stem) {
        return stem + serial++;
    }

    private String unique(Set<String> taken, String name) {
        String n = name;
        while (!taken.add(n)) {
            n = name + "_" + serial++;
        }
        return n;
    }

    private String pick(String[] pool) {
        return pool[random.nextInt(pool.length)];
    }

    /** Which names can be declared as types: identifiers that are not keywords or restricted. */
    static final class SourceVersionCheck {
        private SourceVersionCheck() {
        }

        static boolean isTypeName(String name) {
            return javax.lang.model.SourceVersion.isName(name) && !name.contains(".")
                    && !Set.of("var", "yield", "record", "sealed", "permits").contains(name);
        }
    }
}
