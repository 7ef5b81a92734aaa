/**
 * An in-memory Kafka cluster for tests: {@link dev.samsa.mock.MockCluster} serves the same
 * {@link dev.samsa.transport.Transport} the client engines use against real brokers, in process or over TCP to any
 * Kafka client, with inspection ({@link dev.samsa.mock.PartitionSnapshot}, {@link dev.samsa.mock.GroupSnapshot},
 * {@link dev.samsa.mock.MockRecord}, {@link dev.samsa.mock.ReceivedRequest}), typed fault injection
 * ({@link dev.samsa.mock.Faults}) and a JUnit 5 extension ({@link dev.samsa.mock.MockKafka}).
 */
package dev.samsa.mock;
