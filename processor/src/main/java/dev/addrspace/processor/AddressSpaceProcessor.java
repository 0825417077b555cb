package dev.addrspace.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The {@code @AddressSpace} annotation processor: for each enum whose constants declare address spaces,
 * reads the declaration ({@link ModelReader}), checks it ({@link Validator}) and, when it is clean, writes
 * its {@code Slots} class ({@link SlotsGenerator}).
 *
 * <p>Each enum is processed on its own: one bad enum never hides another's errors, and an unexpected
 * exception becomes an {@code [AddressSpaceProcessorError]} on the enum, never a stack trace. An enum whose
 * annotation values are not resolved yet is retried in the next round. Under javac, an {@code @AddressSpace}
 * on a constant of a local enum (which javac never hands to processors) is reported by
 * {@link LocalEnumScanner}. Isolating in Gradle's sense: each
 * generated file has its enum as its only originating element.
 */
@AutoService(Processor.class)
public final class AddressSpaceProcessor extends AbstractProcessor {

    private final Set<String> processedEnums = new HashSet<>();
    private final Set<String> generatedClasses = new HashSet<>();
    private final Set<String> deferredEnums = new LinkedHashSet<>();
    private Elements elements;
    private Messager messager;
    private ModelReader reader;
    private Validator validator;
    private SlotsGenerator generator;
    private LocalEnumScanner localEnums;

    /** Creates the processor; the compiler calls this through {@link java.util.ServiceLoader}. */
    public AddressSpaceProcessor() {
    }

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        elements = processingEnv.getElementUtils();
        messager = processingEnv.getMessager();
        reader = new ModelReader(elements);
        validator = new Validator(elements, processingEnv.getSourceVersion());
        generator = new SlotsGenerator(elements);
        localEnums = LocalEnumScanner.create(processingEnv);
    }

    /**
     * Returns {@code "*"}: the processor runs in every round, because javac does not count an annotation
     * inside a method body as present, and a compilation whose only {@code @AddressSpace} is on a local
     * enum must still reach {@link LocalEnumScanner}. It claims nothing ({@link #process} returns false),
     * so other processors see every annotation.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        // Local enums are never elements of a round: only javac's trees show them.
        localEnums.scan(round);
        Map<String, TypeElement> enums = new LinkedHashMap<>();
        for (String name : deferredEnums) {
            TypeElement deferred = elements.getTypeElement(name);
            if (deferred != null) {
                enums.put(name, deferred);
            }
        }
        deferredEnums.clear();
        Report misplaced = new Report();
        for (Element e : annotatedWith(round, ClassNames.ADDRESS_SPACE_ANNOTATION)) {
            if (e.getKind() == ElementKind.ENUM_CONSTANT && e.getEnclosingElement() instanceof TypeElement type) {
                enums.putIfAbsent(type.getQualifiedName().toString(), type);
            } else {
                misplaced.add(Message.NOT_ENUM_CONSTANT, e,
                        ModelReader.annotation(e, ClassNames.ADDRESS_SPACE_ANNOTATION).orElse(null), null,
                        Identifiers.describe(e));
            }
        }
        for (Element e : annotatedWith(round, ClassNames.ADDRESS_SPACES_ANNOTATION)) {
            if (e.getKind() == ElementKind.ENUM && e instanceof TypeElement type) {
                enums.putIfAbsent(type.getQualifiedName().toString(), type);
            } else {
                misplaced.add(Message.NOT_ENUM, e,
                        ModelReader.annotation(e, ClassNames.ADDRESS_SPACES_ANNOTATION).orElse(null), null,
                        Identifiers.describe(e));
            }
        }
        misplaced.printMessagesTo(messager);
        for (Map.Entry<String, TypeElement> e : enums.entrySet()) {
            if (processedEnums.add(e.getKey())) {
                processEnum(e.getKey(), e.getValue(), round.processingOver());
            }
        }
        return false;
    }

    private Set<? extends Element> annotatedWith(RoundEnvironment round, String annotation) {
        TypeElement type = elements.getTypeElement(annotation);
        return type == null ? Set.of() : round.getElementsAnnotatedWith(type);
    }

    private void processEnum(String name, TypeElement enumElement, boolean lastRound) {
        try {
            EnumModel model = reader.read(enumElement);
            Report report = validator.validate(model, generatedClasses);
            report.printMessagesTo(messager);
            if (report.isClean()) {
                generate(model);
            }
        } catch (ModelReader.UnresolvedValueException e) {
            // javac reports the unresolved value itself if it is never resolved; retry in the next round.
            if (!lastRound) {
                processedEnums.remove(name);
                deferredEnums.add(name);
            }
        } catch (RuntimeException e) {
            Report report = new Report();
            report.add(Message.PROCESSOR_ERROR, enumElement, e.getClass().getSimpleName(),
                    Identifiers.describe(enumElement), String.valueOf(e.getMessage()));
            report.printMessagesTo(messager);
        }
    }

    private void generate(EnumModel model) {
        generatedClasses.add(model.generatedQualifiedName());
        JavaFile file = generator.generate(model);
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (IOException | IllegalArgumentException e) {
            // javac's filer throws IllegalArgumentException, not an IOException, for a generated-sources
            // path it cannot open (a directory where the file goes): a write failure all the same.
            Report report = new Report();
            report.add(Message.WRITE_FAILED, model.element(), model.generatedQualifiedName(),
                    Identifiers.describe(model.element()), String.valueOf(e.getMessage()));
            report.printMessagesTo(messager);
        }
    }
}
