package dev.samsa.errors;

/**
 * The connection to a broker was lost (or could not be made) while a request was outstanding. Detected by the
 * client, so it has no Kafka error code ({@link #errorCode()} is {@code null}). Retriable: the engines reconnect,
 * with backoff, and send again where the operation allows it.
 */
public class DisconnectException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was lost, naming the broker (node id and address)
     */
    public DisconnectException(String message) {
        super(message);
    }

    /**
     * @param message what was lost, naming the broker (node id and address)
     * @param cause the transport's failure, or {@code null}
     */
    public DisconnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
