package dev.samsa.errors;

/**
 * The root of every exception Samsa throws or completes a future with. Unchecked, as in the official client.
 *
 * <p>Three families hang below it:
 * <ul>
 *   <li>{@link ApiException}: a Kafka error code, from a broker's response or for a condition the client detects
 *       that has one ({@link ApiException#errorCode()}, see {@link ErrorCode} for the whole table);</li>
 *   <li>{@link RetriableException}, a kind of {@code ApiException}: conditions that may clear by themselves (a leader
 *       moving, a request timing out); the rest are fatal for the operation that saw them;</li>
 *   <li>client-side failures with no error code: {@link ConfigException}, {@link SerializationException},
 *       {@link InterruptException}.</li>
 * </ul>
 * Messages name the entity concerned (topic, partition, group, transactional id, size and limit).
 */
public class SamsaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the entity concerned
     */
    public SamsaException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public SamsaException(String message, Throwable cause) {
        super(message, cause);
    }
}
