package dev.samsa.mock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each JUnit 5 test a fresh {@link MockCluster}, injected as a parameter of the test method or of its
 * {@code @BeforeEach} / {@code @AfterEach} methods (the same cluster for all three), and closed after the test.
 * Parameters of type {@link dev.samsa.transport.Transport} get an in-process transport of that cluster, and with
 * {@link #manualTime()} parameters of type {@link dev.samsa.time.ManualTime} get its clock.
 *
 * <pre>{@code
 * @MockKafka(brokers = 3, topics = "orders:6:3")
 * class OrdersTest {
 *     @Test
 *     void shipsEveryOrder(MockCluster cluster, Transport transport) { ... }
 *
 *     @Test
 *     @MockKafka(topics = "orders:1", manualTime = true)
 *     void retriesOnVirtualTime(MockCluster cluster, ManualTime time) { ... }
 * }
 * }</pre>
 *
 * <p>On a class, it applies to every test; on a method, it replaces the class's settings for that test. Each test
 * owns its cluster, so tests may run in parallel.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MockKafkaExtension.class)
public @interface MockKafka {
    /** The number of brokers, with ids 0..N-1. */
    int brokers() default 1;

    /** Topics to create: {@code "name"}, {@code "name:partitions"} or {@code "name:partitions:replicationFactor"}. */
    String[] topics() default {};

    /** Kafka's {@code auto.create.topics.enable}; true by default here, for tests that produce to any name. */
    boolean autoCreateTopics() default true;

    /** Run the cluster on a {@link dev.samsa.time.ManualTime} (injectable) instead of the system clock. */
    boolean manualTime() default false;

    /** Start the TCP listener, for tests that use a Kafka client over the wire ({@link MockCluster#listen()}). */
    boolean listen() default false;

    /**
     * SASL users of the TCP listener, {@code "name:password"} each ({@link MockCluster.Builder#saslUser}); with any,
     * the listener is SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512) and clients must authenticate.
     */
    String[] saslUsers() default {};
}
