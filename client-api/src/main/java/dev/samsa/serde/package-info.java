/**
 * Serializers and deserializers: the {@link dev.samsa.serde.Serializer} and {@link dev.samsa.serde.Deserializer}
 * interfaces, and built-in implementations ({@link dev.samsa.serde.Serializers}, {@link dev.samsa.serde.Deserializers})
 * whose byte formats match Apache Kafka's, plus JSON through Jackson.
 */
package dev.samsa.serde;
