/**
 * Samsa's exceptions and Kafka's error code table.
 *
 * <ul>
 *   <li>{@link dev.samsa.errors.SamsaException} is the one unchecked root of every exception the client throws or
 *       completes a future with.</li>
 *   <li>{@link dev.samsa.errors.ApiException} carries a Kafka error code; there is one subclass per code, named as
 *       in the official client (for example {@link dev.samsa.errors.TopicExistsException},
 *       {@link dev.samsa.errors.NotLeaderOrFollowerException}).</li>
 *   <li>{@link dev.samsa.errors.RetriableException} and its subclasses are the conditions that may clear by
 *       themselves; the engines retry them within their timeouts. Every other exception is fatal for the operation
 *       that saw it. Which is which follows the official client exactly.</li>
 *   <li>{@link dev.samsa.errors.ErrorCode} maps every error code of the protocol (Apache Kafka 4.1.1) to its name,
 *       retriability, description and exception.</li>
 *   <li>Client-side failures without a Kafka error code: {@link dev.samsa.errors.ConfigException},
 *       {@link dev.samsa.errors.SerializationException}, {@link dev.samsa.errors.InterruptException},
 *       {@link dev.samsa.errors.DisconnectException}, {@link dev.samsa.errors.SslAuthenticationException}.</li>
 * </ul>
 *
 * <p>Messages name the entity concerned: topic, partition, group, transactional id, size and limit. The type
 * hierarchy mirrors {@code org.apache.kafka.common.errors} so that code written against the official client's
 * exceptions has a counterpart here.
 */
package dev.samsa.errors;
