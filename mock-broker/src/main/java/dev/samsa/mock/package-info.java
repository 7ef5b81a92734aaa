/**
 * An in-memory Kafka cluster for tests: {@link dev.samsa.mock.MockCluster} serves the same
 * {@link dev.samsa.transport.Transport} the client engines use against real brokers, in process or over TCP to any
 * Kafka client, with inspection ({@link dev.samsa.mock.PartitionSnapshot}, {@link dev.samsa.mock.GroupSnapshot},
 * {@link dev.samsa.mock.MockRecord}, {@link dev.samsa.mock.ReceivedRequest}), typed fault injection
 * ({@link dev.samsa.mock.Faults}) and a JUnit 5 extension ({@link dev.samsa.mock.MockKafka}). Requests are named by
 * {@link dev.samsa.mock.KafkaApi}, Kafka's API names and keys.
 *
 * <p>Every public signature of this package names only types of exported packages (this module's, client-api's
 * public ones, the JDK's and JUnit's), so a test module on the module path that {@code requires dev.samsa.mock} uses
 * all of it without {@code --add-exports}. The one escape hatch into client-api's internals is
 * {@link dev.samsa.mock.ReceivedRequest#body()}, typed {@code Object} and unsupported.
 */
package dev.samsa.mock;
