/**
 * Internals of the testkit: the launcher that runs inside each broker JVM. Everything here may change without
 * notice; tests use {@link dev.samsa.testkit.KafkaCluster} and the JUnit 5 extension instead.
 */
package dev.samsa.testkit.internal;
