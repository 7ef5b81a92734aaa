package dev.samsa.internal.producer;

import dev.samsa.common.CompressionType;
import dev.samsa.producer.Acks;
import dev.samsa.producer.Partitioner;

/**
 * A producer's validated, effective settings, as {@code ProducerBuilder.build()} resolved them (cross-field rules
 * applied: idempotence possibly disabled, delivery timeout possibly raised). Times in ms, sizes in bytes. Immutable.
 *
 * @param acks {@code acks}
 * @param lingerMs {@code linger.ms}
 * @param batchSize {@code batch.size}
 * @param bufferMemory {@code buffer.memory}
 * @param compression {@code compression.type}
 * @param compressionLevel the level of {@code compression} ({@code compression.<type>.level}); 0 for codecs without
 * @param idempotence the effective {@code enable.idempotence}
 * @param deliveryTimeoutMs {@code delivery.timeout.ms}
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param retries {@code retries}
 * @param retryBackoffMs {@code retry.backoff.ms}
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}
 * @param maxInFlight {@code max.in.flight.requests.per.connection}
 * @param maxRequestSize {@code max.request.size}
 * @param maxBlockMs {@code max.block.ms}
 * @param clientId {@code client.id}
 * @param metadataMaxAgeMs {@code metadata.max.age.ms}
 * @param metadataMaxIdleMs {@code metadata.max.idle.ms}
 * @param partitionerIgnoreKeys {@code partitioner.ignore.keys}
 * @param partitionerAdaptive {@code partitioner.adaptive.partitioning.enable} (KIP-794)
 * @param partitionerAvailabilityTimeoutMs {@code partitioner.availability.timeout.ms} (KIP-794); 0 disables it
 * @param partitioner a custom partitioner, or null for the built-in one
 */
public record ProducerSettings(Acks acks, long lingerMs, int batchSize, long bufferMemory, CompressionType compression,
        int compressionLevel, boolean idempotence, long deliveryTimeoutMs, long requestTimeoutMs, int retries,
        long retryBackoffMs, long retryBackoffMaxMs, int maxInFlight, int maxRequestSize, long maxBlockMs,
        String clientId, long metadataMaxAgeMs, long metadataMaxIdleMs, boolean partitionerIgnoreKeys,
        boolean partitionerAdaptive, long partitionerAvailabilityTimeoutMs, Partitioner partitioner) {
}
