package dev.samsa.internal.admin;

/**
 * The admin client's resolved settings, in ms. Immutable.
 *
 * @param clientId {@code client.id}, never empty (a generated {@code samsa-admin-N} if unset); names the client in
 *     logs (brokers see the transport's client id)
 * @param requestTimeoutMs {@code request.timeout.ms}: the broker-side timeout sent in CreateTopics, DeleteTopics,
 *     CreatePartitions and DeleteRecords
 * @param defaultApiTimeoutMs {@code default.api.timeout.ms}: the default bound of a call, retries included
 * @param retries {@code retries}: how many times a retriable failure is retried
 * @param retryBackoffMs {@code retry.backoff.ms}
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms} (at least {@code retryBackoffMs})
 * @param metadataMaxAgeMs {@code metadata.max.age.ms}
 */
public record AdminSettings(String clientId, long requestTimeoutMs, long defaultApiTimeoutMs, int retries,
        long retryBackoffMs, long retryBackoffMaxMs, long metadataMaxAgeMs) {
}
