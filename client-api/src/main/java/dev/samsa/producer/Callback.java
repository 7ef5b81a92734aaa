package dev.samsa.producer;

/**
 * Told once when a sent record is acknowledged or has failed for good (after the producer's retries, within
 * {@code delivery.timeout.ms}). Callbacks of records to the same partition run in send order.
 *
 * <p><b>Thread:</b> a callback runs on the producer's internal completion path: the transport's I/O thread that
 * delivered the response, the {@link dev.samsa.time.Time} timer thread (a delivery timeout), or an application
 * thread that was inside {@code send}, {@code flush} or {@code close} when the outcome became known; for a failure
 * found before the record was queued (serialization, metadata wait, buffer full, record too large) it runs on the
 * thread calling {@code send}, before {@code send} returns. It must be quick and must not block: it delays every
 * other acknowledgement. Calling {@code send} from a callback is allowed; {@code flush} and {@code close} (other
 * than {@code close(Duration.ZERO)}) are not.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Callback {
    /**
     * @param metadata where the record landed; null if it failed
     * @param exception null on success; else why the record failed: a {@link dev.samsa.errors.SamsaException} subtype
     *     such as {@link dev.samsa.errors.TimeoutException} ({@code delivery.timeout.ms}, {@code max.block.ms}),
     *     {@link dev.samsa.errors.SerializationException}, {@link dev.samsa.errors.RecordTooLargeException}, a
     *     broker error ({@link dev.samsa.errors.ApiException}), or {@link IllegalArgumentException} for a partition
     *     that does not exist
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
