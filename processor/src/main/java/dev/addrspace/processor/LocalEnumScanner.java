package dev.addrspace.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Finds {@code @AddressSpace} on enums that javac never hands to annotation processors: enums declared in
 * a method, constructor, initializer or lambda body, or inside a local or anonymous class (JLS local
 * classes and their members are not elements of any round), and reports
 * {@code [AddressSpaceEnumNotVisible]} at the {@code @AddressSpace} of each annotated constant (at the
 * enum's {@code @AddressSpaces} when no constant is annotated) through the compiler tree API.
 *
 * <p>Only javac has the tree API: under another compiler (or when the {@code jdk.compiler} module is not
 * readable) {@link #create} returns a scanner that does nothing, quietly. The trees are read before
 * attribution, so an annotation is recognised by its name as written: {@code AddressSpace} imported from
 * {@code dev.addrspace.annotations} (single-type or on demand) or written fully qualified.
 *
 * <p>Not thread safe: owned by one processor. Each compilation unit is scanned once.
 */
final class LocalEnumScanner {

    private static final String PACKAGE = "dev.addrspace.annotations";
    private static final String SIMPLE_NAME = "AddressSpace";
    private static final String CONTAINER_SIMPLE_NAME = "AddressSpaces";

    private final Trees trees;
    private final Set<CompilationUnitTree> scanned = Collections.newSetFromMap(new IdentityHashMap<>());

    private LocalEnumScanner(Trees trees) {
        this.trees = trees;
    }

    /**
     * Creates the scanner for a processing environment.
     *
     * @param env the environment
     * @return a scanner; one that reports nothing when the compiler is not javac
     */
    static LocalEnumScanner create(ProcessingEnvironment env) {
        try {
            return new LocalEnumScanner(Trees.instance(env));
        } catch (IllegalArgumentException | LinkageError notJavac) {
            // Trees.instance rejects environments that are not javac's; LinkageError: no jdk.compiler.
            return new LocalEnumScanner(null);
        }
    }

    /**
     * Scans the compilation units of the round's root types not scanned before and reports every
     * {@code @AddressSpace} constant of a local enum as an ERROR at the constant.
     *
     * @param round the round
     */
    void scan(RoundEnvironment round) {
        if (trees == null) {
            return;
        }
        for (Element root : round.getRootElements()) {
            if (!(root instanceof TypeElement)) {
                continue;
            }
            TreePath path = trees.getPath(root);
            if (path != null && scanned.add(path.getCompilationUnit())) {
                new Finder(path.getCompilationUnit()).scan(path.getCompilationUnit(), null);
            }
        }
    }

    /** Walks one compilation unit; knows which simple names denote our annotations there. */
    private final class Finder extends TreePathScanner<Void, Void> {

        private final CompilationUnitTree unit;
        private final boolean simpleNameIsOurs;
        private final boolean containerSimpleNameIsOurs;

        Finder(CompilationUnitTree unit) {
            this.unit = unit;
            boolean ours = isPackage(unit.getPackageName());
            boolean containerOurs = ours;
            for (ImportTree imp : unit.getImports()) {
                if (imp.isStatic()) {
                    continue;
                }
                String name = imp.getQualifiedIdentifier().toString();
                ours |= name.equals(PACKAGE + "." + SIMPLE_NAME) || name.equals(PACKAGE + ".*");
                containerOurs |= name.equals(PACKAGE + "." + CONTAINER_SIMPLE_NAME) || name.equals(PACKAGE + ".*");
            }
            this.simpleNameIsOurs = ours;
            this.containerSimpleNameIsOurs = containerOurs;
        }

        @Override
        public Void visitClass(ClassTree tree, Void unused) {
            if (tree.getKind() == Tree.Kind.ENUM && isLocal(getCurrentPath())) {
                report(tree);
            }
            return super.visitClass(tree, unused);
        }

        private void report(ClassTree enumTree) {
            String enumName = enumTree.getSimpleName().toString();
            String where = "a local enum (" + enclosingDescription(getCurrentPath()) + ")"
                    + ", which javac never hands to annotation processors";
            String generated = generatedName(enumTree, enumName);
            boolean reported = false;
            for (Tree member : enumTree.getMembers()) {
                AnnotationTree annotation = member instanceof VariableTree constant
                        ? find(constant.getModifiers().getAnnotations(), SIMPLE_NAME, simpleNameIsOurs) : null;
                if (annotation != null) {
                    trees.printMessage(Message.ENUM_NOT_VISIBLE.kind(), Message.ENUM_NOT_VISIBLE.format(
                            enumName + "." + ((VariableTree) member).getName(), where, generated), annotation, unit);
                    reported = true;
                }
            }
            AnnotationTree container = find(enumTree.getModifiers().getAnnotations(), CONTAINER_SIMPLE_NAME,
                    containerSimpleNameIsOurs);
            if (!reported && container != null) {
                trees.printMessage(Message.ENUM_NOT_VISIBLE.kind(),
                        Message.ENUM_NOT_VISIBLE.format(enumName, where, generated), container, unit);
            }
        }

        /** The annotation named {@code simpleName} of ours among {@code annotations}, or null. */
        private AnnotationTree find(Iterable<? extends AnnotationTree> annotations, String simpleName,
                boolean simpleNameIsOurs) {
            for (AnnotationTree a : annotations) {
                Tree type = a.getAnnotationType();
                if (type instanceof IdentifierTree id && id.getName().contentEquals(simpleName)) {
                    if (simpleNameIsOurs) {
                        return a;
                    }
                } else if (type instanceof MemberSelectTree select
                        && select.toString().equals(PACKAGE + "." + simpleName)) {
                    return a;
                }
            }
            return null;
        }

        /** The name the enum's {@code Slots} class would have: {@code className} when written, else Enum + Slots. */
        private String generatedName(ClassTree enumTree, String enumName) {
            for (AnnotationTree a : enumTree.getModifiers().getAnnotations()) {
                if (!a.getAnnotationType().toString().endsWith(CONTAINER_SIMPLE_NAME)) {
                    continue;
                }
                for (ExpressionTree arg : a.getArguments()) {
                    String text = arg.toString();
                    int quote = text.indexOf('"');
                    if (text.startsWith("className") && quote >= 0 && text.endsWith("\"")) {
                        return text.substring(quote + 1, text.length() - 1);
                    }
                }
            }
            return enumName + "Slots";
        }
    }

    /** True when some enclosing tree of the class at {@code path}, short of the file, is not a class. */
    private static boolean isLocal(TreePath path) {
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree.Kind kind = p.getLeaf().getKind();
            if (kind == Tree.Kind.COMPILATION_UNIT) {
                return false;
            }
            if (!(p.getLeaf() instanceof ClassTree) || isAnonymousBody(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAnonymousBody(TreePath classPath) {
        return ((ClassTree) classPath.getLeaf()).getSimpleName().length() == 0;
    }

    /** "declared in the method build of Board", or "... in an initializer of ...", for the message. */
    private static String enclosingDescription(TreePath path) {
        for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            switch (leaf.getKind()) {
                case METHOD -> {
                    String name = ((MethodTree) leaf).getName().toString();
                    return "<init>".equals(name) ? "declared in a constructor" : "declared in the method " + name + "()";
                }
                case LAMBDA_EXPRESSION -> {
                    return "declared in a lambda body";
                }
                case BLOCK -> {
                    if (p.getParentPath() != null && p.getParentPath().getLeaf() instanceof ClassTree) {
                        return "declared in an initializer";
                    }
                }
                case NEW_CLASS -> {
                    return "declared in an anonymous class";
                }
                default -> {
                }
            }
        }
        return "declared in a local scope";
    }

    private static boolean isPackage(ExpressionTree packageName) {
        return packageName != null && packageName.toString().equals(PACKAGE);
    }
}
