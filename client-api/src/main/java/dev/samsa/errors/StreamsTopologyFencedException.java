package dev.samsa.errors;

/**
 * The Kafka Streams topology epoch is out of date. Kafka error code {@code 132}, {@link
 * ErrorCode#STREAMS_TOPOLOGY_FENCED}. Fatal.
 */
public class StreamsTopologyFencedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public StreamsTopologyFencedException(String message) {
        super(ErrorCode.STREAMS_TOPOLOGY_FENCED, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public StreamsTopologyFencedException(String message, Throwable cause) {
        super(ErrorCode.STREAMS_TOPOLOGY_FENCED, message, cause);
    }
}
