package dev.addrspace.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Runs the real processor with its {@link Filer} watched: either recording the source files it creates
 * (compile-testing shows no generated files once a compilation has failed), or failing to create them,
 * the way a full disk or a broken build tool might.
 */
final class InstrumentedProcessor extends AbstractProcessor {

    static final String FAILURE = "disk on fire";

    private final AddressSpaceProcessor delegate = new AddressSpaceProcessor();
    private final Throwable failure;
    private final String hiddenType;
    private final List<String> createdSources = new CopyOnWriteArrayList<>();
    private final Map<String, String> originatingElements = new ConcurrentHashMap<>();

    private InstrumentedProcessor(Throwable failure, String hiddenType) {
        this.failure = failure;
        this.hiddenType = hiddenType;
    }

    private InstrumentedProcessor(Throwable failure) {
        this(failure, null);
    }

    /**
     * @param qualifiedName a type the processor must not find, as if the compilation could not see it
     * @return a processor that records, to which {@code Elements.getTypeElement} never returns that type
     */
    static InstrumentedProcessor hiding(String qualifiedName) {
        return new InstrumentedProcessor(null, qualifiedName);
    }

    /** @return a processor whose filer throws an unexpected {@link IllegalStateException} */
    static InstrumentedProcessor failing() {
        return new InstrumentedProcessor(new IllegalStateException(FAILURE));
    }

    /** @return a processor whose filer cannot write, throwing {@link java.io.IOException} */
    static InstrumentedProcessor notWriting() {
        return new InstrumentedProcessor(new java.io.IOException(FAILURE));
    }

    /** @return a processor that records the names of the source files it creates */
    static InstrumentedProcessor recording() {
        return new InstrumentedProcessor(null);
    }

    /** @return the qualified names passed to {@link Filer#createSourceFile}, in order */
    List<String> createdSources() {
        return List.copyOf(createdSources);
    }

    /**
     * @param source a created source file's qualified name
     * @return the qualified names of its originating elements, comma-separated, or null
     */
    String originatingElementsOf(String source) {
        return originatingElements.get(source);
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        Filer real = env.getFiler();
        Filer filer = proxy(Filer.class, (proxy, method, args) -> {
            if (method.getName().equals("createSourceFile")) {
                if (failure != null) {
                    throw failure;
                }
                createdSources.add(args[0].toString());
                StringBuilder origins = new StringBuilder();
                for (Object e : (Object[]) args[1]) {
                    origins.append(origins.length() == 0 ? "" : ",")
                            .append(((TypeElement) e).getQualifiedName());
                }
                originatingElements.put(args[0].toString(), origins.toString());
            }
            return invoke(method, real, args);
        });
        Elements realElements = env.getElementUtils();
        Elements elements = proxy(Elements.class, (proxy, method, args) ->
                method.getName().equals("getTypeElement") && args[args.length - 1].toString().equals(hiddenType)
                        ? null : invoke(method, realElements, args));
        delegate.init(proxy(ProcessingEnvironment.class, (proxy, method, args) -> switch (method.getName()) {
            case "getFiler" -> filer;
            case "getElementUtils" -> elements;
            default -> invoke(method, env, args);
        }));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
