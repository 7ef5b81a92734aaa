package dev.samsa.errors;

/**
 * The Kafka Streams topology is not valid. Kafka error code {@code 130}, {@link
 * ErrorCode#STREAMS_INVALID_TOPOLOGY}. Fatal.
 */
public class StreamsInvalidTopologyException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public StreamsInvalidTopologyException(String message) {
        super(ErrorCode.STREAMS_INVALID_TOPOLOGY, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public StreamsInvalidTopologyException(String message, Throwable cause) {
        super(ErrorCode.STREAMS_INVALID_TOPOLOGY, message, cause);
    }
}
