package dev.samsa.errors;

/**
 * The Kafka Streams topology epoch is not valid. Kafka error code {@code 131}, {@link
 * ErrorCode#STREAMS_INVALID_TOPOLOGY_EPOCH}. Fatal.
 */
public class StreamsInvalidTopologyEpochException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public StreamsInvalidTopologyEpochException(String message) {
        super(ErrorCode.STREAMS_INVALID_TOPOLOGY_EPOCH, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public StreamsInvalidTopologyEpochException(String message, Throwable cause) {
        super(ErrorCode.STREAMS_INVALID_TOPOLOGY_EPOCH, message, cause);
    }
}
