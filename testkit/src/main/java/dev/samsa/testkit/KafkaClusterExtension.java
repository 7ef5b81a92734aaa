package dev.samsa.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JUnit 5 extension that injects {@link KafkaCluster} instances into test parameters and fields, as configured by
 * {@link RealKafka}. Usually registered through {@code @RealKafka}; {@code @ExtendWith(KafkaClusterExtension.class)}
 * alone resolves every {@code KafkaCluster} parameter to the shared single-broker cluster.
 *
 * <p>Shared clusters live in the root {@link ExtensionContext.Store} and are closed when the test run ends; isolated
 * clusters live in the store of the test class that asked for them and are closed after that class. Cluster
 * creation is serialised per cluster, so tests running in parallel share one startup; a cluster that failed to
 * start is not retried, and every test that asks for it fails at once with the same cause.
 *
 * <p>Thread-safe; JUnit creates one instance per registration.
 */
public final class KafkaClusterExtension
        implements BeforeAllCallback, TestInstancePostProcessor, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    /** Creates the extension; JUnit does this when it finds {@code @RealKafka} or {@code @ExtendWith}. */
    public KafkaClusterExtension() {
    }

    /**
     * Injects static {@code @RealKafka KafkaCluster} fields of the test class.
     *
     * @param context the class's extension context
     * @throws ExtensionConfigurationException if an annotated field is not of type {@code KafkaCluster} or is final
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : annotatedFields(testClass, true)) {
            set(field, null, cluster(context, spec(field.getAnnotation(RealKafka.class))));
        }
    }

    /**
     * Injects instance {@code @RealKafka KafkaCluster} fields as soon as the test instance exists, so that
     * {@code @BeforeAll} methods of a {@code PER_CLASS} test instance can use them.
     *
     * @param testInstance the new test instance
     * @param context      its extension context
     * @throws ExtensionConfigurationException if an annotated field is not of type {@code KafkaCluster} or is final
     */
    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        injectInstanceFields(testInstance, context);
    }

    /**
     * Injects instance fields again before each test, covering extensions registered through an annotated field
     * (which JUnit registers after post-processing) and the enclosing instances of {@code @Nested} tests.
     *
     * @param context the test method's extension context
     * @throws ExtensionConfigurationException if an annotated field is not of type {@code KafkaCluster} or is final
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectInstanceFields(instance, context);
        }
    }

    /**
     * Supports parameters of type {@link KafkaCluster}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context of the executable that declares it
     * @return whether the parameter's type is {@code KafkaCluster}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    /**
     * Returns the cluster chosen by the parameter's {@code @RealKafka}, else the nearest class-level one (the test
     * class, then its enclosing classes), else the shared single-broker cluster; starts it if needed.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context of the executable that declares it
     * @return a running cluster
     * @throws ParameterResolutionException if {@code @RealKafka} is invalid or the cluster cannot start
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Optional<RealKafka> annotation = parameterContext.findAnnotation(RealKafka.class);
        Spec spec = annotation.isPresent() ? spec(annotation.get()) : classSpec(extensionContext);
        try {
            return cluster(extensionContext, spec);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot provide a KafkaCluster (" + spec + ") for parameter "
                    + parameterContext.getParameter() + ": " + e.getMessage(), e);
        }
    }

    private static void injectInstanceFields(Object instance, ExtensionContext context) {
        for (Field field : annotatedFields(instance.getClass(), false)) {
            ExtensionContext owner = ownerContext(context, instance.getClass());
            set(field, instance, cluster(owner, spec(field.getAnnotation(RealKafka.class))));
        }
    }

    private static List<Field> annotatedFields(Class<?> type, boolean statics) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, RealKafka.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (field.getType() != KafkaCluster.class) {
                throw new ExtensionConfigurationException("@RealKafka field " + field + " must be of type "
                        + KafkaCluster.class.getName() + ", not " + field.getType().getName());
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@RealKafka field " + field + " must not be final");
            }
        }
        return fields;
    }

    private static void set(Field field, Object target, KafkaCluster cluster) {
        try {
            field.setAccessible(true);
            field.set(target, cluster);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot inject @RealKafka field " + field, e);
        }
    }

    /**
     * Returns the cluster for {@code spec}, starting it under a per-cluster lock if no test has yet: shared ones
     * in the root store, isolated ones in the store of the class context that owns {@code context}.
     */
    static KafkaCluster cluster(ExtensionContext context, Spec spec) {
        ExtensionContext owner = spec.isolated ? classContext(context) : context.getRoot();
        ExtensionContext.Store store = owner.getStore(NAMESPACE);
        String key = (spec.isolated ? "isolated:" : "shared:") + spec;
        Object lock = LOCKS.computeIfAbsent(owner.getUniqueId() + "|" + key, k -> new Object());
        synchronized (lock) {
            ClusterResource resource = store.get(key, ClusterResource.class);
            if (resource == null) {
                resource = ClusterResource.start(spec);
                store.put(key, resource);
                if (resource.failure != null) {
                    throw resource.failure;
                }
            }
            return resource.cluster();
        }
    }

    /** The nearest enclosing context of a test class (not a method, template or dynamic container). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The class context of {@code testClass} (for fields of enclosing instances), else the nearest one. */
    private static ExtensionContext ownerContext(ExtensionContext context, Class<?> testClass) {
        ExtensionContext start = classContext(context);
        for (ExtensionContext c = start; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestMethod().isEmpty() && c.getTestClass().map(testClass::equals).orElse(false)) {
                return c;
            }
        }
        return start;
    }

    private static Spec classSpec(ExtensionContext context) {
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<RealKafka> annotation = AnnotationSupport.findAnnotation(c, RealKafka.class);
            if (annotation.isPresent()) {
                return spec(annotation.get());
            }
        }
        return new Spec(KafkaCluster.DEFAULT_BROKERS, false, false, Map.of(), List.of(), Map.of());
    }

    private static Spec spec(RealKafka annotation) {
        Map<String, String> props = new TreeMap<>();
        for (String entry : annotation.serverProperties()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@RealKafka serverProperties entry '" + entry
                        + "' (expected: key=value)");
            }
            props.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        if (annotation.brokers() < 1 || annotation.brokers() > KafkaCluster.MAX_BROKERS) {
            throw new ExtensionConfigurationException("@RealKafka brokers: " + annotation.brokers()
                    + " (expected: 1.." + KafkaCluster.MAX_BROKERS + ")");
        }
        Map<String, String> users = new TreeMap<>();
        for (String entry : annotation.saslUsers()) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ExtensionConfigurationException("@RealKafka saslUsers entry for '"
                        + entry.substring(0, Math.max(0, colon)) + "' (expected: name:password)");
            }
            users.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return new Spec(annotation.brokers(), annotation.isolated(), annotation.autoCreateTopics(), props,
                List.of(annotation.listeners()), users);
    }

    /** The settings that identify a cluster; equal specs share a cluster within their scope. */
    static final class Spec {
        final int brokers;
        final boolean isolated;
        final boolean autoCreateTopics;
        final Map<String, String> serverProperties;
        final Set<KafkaCluster.Listener> listeners;
        final Map<String, String> saslUsers;

        Spec(int brokers, boolean isolated, boolean autoCreateTopics, Map<String, String> serverProperties) {
            this(brokers, isolated, autoCreateTopics, serverProperties, List.of(), Map.of());
        }

        Spec(int brokers, boolean isolated, boolean autoCreateTopics, Map<String, String> serverProperties,
                List<KafkaCluster.Listener> listeners, Map<String, String> saslUsers) {
            this.brokers = brokers;
            this.isolated = isolated;
            this.autoCreateTopics = autoCreateTopics;
            this.serverProperties = new TreeMap<>(serverProperties);
            this.listeners = listeners.isEmpty() ? EnumSet.noneOf(KafkaCluster.Listener.class)
                    : EnumSet.copyOf(listeners);
            this.saslUsers = new TreeMap<>(saslUsers);
        }

        KafkaCluster.Builder builder() {
            KafkaCluster.Builder b = KafkaCluster.builder().brokers(brokers).autoCreateTopics(autoCreateTopics)
                    .serverProperties(serverProperties).listeners(listeners.toArray(KafkaCluster.Listener[]::new));
            saslUsers.forEach(b::saslUser);
            return b;
        }

        /** Identifies the cluster in the store; SASL users appear by name only. */
        @Override
        public String toString() {
            return "brokers=" + brokers + ", isolated=" + isolated + ", autoCreateTopics=" + autoCreateTopics
                    + ", serverProperties=" + serverProperties
                    + (listeners.isEmpty() ? "" : ", listeners=" + listeners)
                    + (saslUsers.isEmpty() ? "" : ", saslUsers=" + saslUsers.keySet()
                            + "#" + Integer.toHexString(saslUsers.hashCode()));
        }
    }

    /**
     * A started cluster, or the failure to start it, kept in a store; the store closes it with its context.
     * AutoCloseable is what JUnit 5.13+ closes; CloseableResource keeps runs with
     * {@code junit.jupiter.extensions.store.close.autocloseable.enabled=false} (and older JUnit) closing it too.
     * JUnit calls only one of the two.
     */
    @SuppressWarnings("deprecation")
    static final class ClusterResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final KafkaCluster cluster;
        private final RuntimeException failure;

        private ClusterResource(KafkaCluster cluster, RuntimeException failure) {
            this.cluster = cluster;
            this.failure = failure;
        }

        static ClusterResource start(Spec spec) {
            KafkaCluster cluster;
            try {
                cluster = spec.builder().build();
            } catch (RuntimeException e) {
                return new ClusterResource(null, e);
            }
            try {
                return new ClusterResource(cluster.start(), null);
            } catch (RuntimeException e) {
                cluster.close();
                return new ClusterResource(null, e);
            }
        }

        KafkaCluster cluster() {
            if (failure != null) {
                throw new KafkaClusterException("the cluster failed to start earlier in this run: "
                        + failure.getMessage(), failure);
            }
            return cluster;
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
