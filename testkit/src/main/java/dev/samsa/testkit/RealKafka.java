package dev.samsa.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a JUnit 5 test a real Kafka cluster ({@link KafkaCluster}), started on first use by
 * {@link KafkaClusterExtension} (which this annotation registers).
 *
 * <p>Put it on a test class to set the defaults for every {@code KafkaCluster} parameter of its constructors, test
 * and lifecycle methods; on a parameter to choose that parameter's cluster; or on a field of type
 * {@code KafkaCluster} to have the field injected (static fields before {@code @BeforeAll}, instance fields before
 * {@code @BeforeEach}).
 *
 * <pre>{@code
 * @RealKafka
 * class ProduceIT {
 *     @Test
 *     void produces(KafkaCluster kafka) {            // the shared single-broker cluster
 *         String bootstrap = kafka.bootstrapServers();
 *     }
 *
 *     @Test
 *     void survivesBrokerLoss(@RealKafka(brokers = 3, isolated = true) KafkaCluster kafka) {
 *         kafka.killBroker(2);                        // this class's own 3-broker cluster
 *     }
 * }
 * }</pre>
 *
 * <p><b>Shared clusters</b> ({@code isolated = false}, the default) are started once per test JVM for each distinct
 * combination of settings and closed when the whole run ends, so a suite pays the broker startup (about 2-4 s) once.
 * Tests that share a cluster must use their own topic and group names and must not stop, kill or close it.
 *
 * <p><b>Isolated clusters</b> ({@code isolated = true}) belong to the test class that asked for them (and its
 * {@code @Nested} classes): every injection with the same settings in that class gets the same cluster, which is
 * closed after the class's last test. Ask for one to stop or kill brokers. A test that needs a fresh cluster per
 * method builds one itself with {@link KafkaCluster#builder()} in try-with-resources.
 */
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaClusterExtension.class)
public @interface RealKafka {

    /**
     * The number of brokers (combined KRaft broker+controller nodes), {@code 1..}{@value KafkaCluster#MAX_BROKERS}.
     *
     * @return the broker count; default 1
     */
    int brokers() default 1;

    /**
     * Whether the cluster is private to the test class rather than shared by the whole test run.
     *
     * @return {@code true} for a class-private cluster that tests may stop, kill and restart brokers of; default
     *         {@code false}
     */
    boolean isolated() default false;

    /**
     * Sets {@code auto.create.topics.enable} on the brokers.
     *
     * @return whether unknown topics are created on first use; default {@code false}
     */
    boolean autoCreateTopics() default false;

    /**
     * Extra broker configuration, each entry {@code "key=value"}, as {@link KafkaCluster.Builder#serverProperty}.
     *
     * @return the properties; default none
     */
    String[] serverProperties() default {};

    /**
     * Extra listeners with TLS or SASL, as {@link KafkaCluster.Builder#listeners}.
     *
     * @return the listeners; default none (PLAINTEXT only)
     */
    KafkaCluster.Listener[] listeners() default {};

    /**
     * SASL users, each {@code "name:password"}, as {@link KafkaCluster.Builder#saslUser}.
     *
     * @return the users; default none
     */
    String[] saslUsers() default {};
}
