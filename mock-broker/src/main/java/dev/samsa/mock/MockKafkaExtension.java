package dev.samsa.mock;

import dev.samsa.time.ManualTime;
import dev.samsa.transport.Transport;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link MockKafka}: resolves {@link MockCluster}, {@link Transport} and
 * {@link ManualTime} parameters with one cluster per test method, kept in that test's extension store (so tests
 * running in parallel never share one) and closed after the test. Stateless itself; use it through
 * {@code @MockKafka}.
 */
public final class MockKafkaExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            MockKafkaExtension.class);
    private static final String CLUSTER = "cluster";
    private static final String TIME = "time";

    /** Instantiated by JUnit for {@link MockKafka}; tests do not create one. */
    public MockKafkaExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == MockCluster.class || type == Transport.class) {
            return true;
        }
        return type == ManualTime.class && settings(context).manualTime();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@MockKafka injects per test method; "
                    + parameter.getParameter() + " is not a parameter of a test, @BeforeEach or @AfterEach method");
        }
        MockCluster cluster = cluster(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == MockCluster.class) {
            return cluster;
        }
        if (type == Transport.class) {
            return cluster.transport();
        }
        return context.getStore(NAMESPACE).get(TIME, ManualTime.class);
    }

    private MockCluster cluster(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(CLUSTER, k -> start(settings(context), store), MockCluster.class);
    }

    private static MockCluster start(MockKafka settings, ExtensionContext.Store store) {
        MockCluster.Builder b = MockCluster.builder().brokers(settings.brokers())
                .autoCreateTopics(settings.autoCreateTopics());
        if (settings.manualTime()) {
            ManualTime time = new ManualTime();
            store.put(TIME, time);
            b.time(time);
        }
        for (String spec : settings.topics()) {
            String[] parts = spec.split(":");
            try {
                int partitions = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
                int rf = parts.length > 2 ? Integer.parseInt(parts[2]) : -1;
                if (parts.length > 3) {
                    throw new NumberFormatException("too many parts");
                }
                b.topic(parts[0], partitions, rf);
            } catch (NumberFormatException e) {
                throw new ParameterResolutionException("@MockKafka topics: \"" + spec + "\" (expected: name, "
                        + "name:partitions or name:partitions:replicationFactor)", e);
            }
        }
        for (String user : settings.saslUsers()) {
            int colon = user.indexOf(':');
            if (colon <= 0 || colon == user.length() - 1) {
                throw new ParameterResolutionException("@MockKafka saslUsers: \"" + user.replaceAll(":.*", ":...")
                        + "\" (expected: name:password)");
            }
            b.saslUser(user.substring(0, colon), user.substring(colon + 1));
        }
        MockCluster cluster = b.build();
        if (settings.listen()) {
            cluster.listen();
        }
        return cluster;
    }

    /** The method's annotation, else the class's (or an enclosing class's), else the defaults. */
    private static MockKafka settings(ExtensionContext context) {
        Optional<MockKafka> found = context.getTestMethod().flatMap(m -> find(m));
        for (Optional<ExtensionContext> c = Optional.of(context); found.isEmpty() && c.isPresent();
                c = c.get().getParent()) {
            found = c.get().getTestClass().flatMap(MockKafkaExtension::find);
        }
        return found.orElseGet(Defaults::get);
    }

    private static Optional<MockKafka> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, MockKafka.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MockCluster cluster = context.getStore(NAMESPACE).remove(CLUSTER, MockCluster.class);
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Holds an instance of the annotation with its defaults, for tests that use the extension without it. */
    @MockKafka
    private static final class Defaults {
        static MockKafka get() {
            return Defaults.class.getAnnotation(MockKafka.class);
        }
    }
}
