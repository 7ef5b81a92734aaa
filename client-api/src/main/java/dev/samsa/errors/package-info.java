/**
 * Samsa's exceptions: one unchecked root ({@link dev.samsa.errors.SamsaException}), retriable conditions under
 * {@link dev.samsa.errors.RetriableException}, and one type per Kafka error code.
 */
package dev.samsa.errors;
