/**
 * Samsa's in-memory Kafka cluster for tests: {@link dev.samsa.mock.MockCluster} (in process as a
 * {@link dev.samsa.transport.Transport}, or over TCP to any Kafka client), fault injection and the JUnit 5 extension
 * {@link dev.samsa.mock.MockKafka}. The broker's request handlers and state ({@code dev.samsa.mock.internal}) are not
 * exported.
 */
// Netty's jars are automatic modules (Automatic-Module-Name manifest entries), see the requires below.
@SuppressWarnings("requires-automatic")
module dev.samsa.mock {
    // MockCluster.transport() returns a Transport; snapshots carry dev.samsa.common types.
    requires transitive dev.samsa.client;
    // The TCP listener; Netty's jars are automatic modules named by their Automatic-Module-Name manifest entries.
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires org.slf4j;
    // The JUnit 5 extension (MockKafka, MockKafkaExtension): JUnit is an optional dependency, present wherever the
    // extension is used and needed only when those classes load; transitive because their signatures show its types.
    requires static transitive org.junit.jupiter.api;
    requires static org.junit.platform.commons;

    // Public signatures name only exported types (requests by KafkaApi, not by client-api's internal ApiKey), so a
    // test module on the module path needs no --add-exports; PublicSignaturesTest guards that.
    exports dev.samsa.mock;
}
