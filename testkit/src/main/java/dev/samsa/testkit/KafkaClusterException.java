package dev.samsa.testkit;

/**
 * A real Kafka cluster could not be started, stopped or restarted by {@link KafkaCluster}.
 *
 * <p>The message names the broker (node id), what was attempted, the limit that was hit (for example the startup
 * timeout in ms), the path of the broker's log file and the last lines of that log, so that a failed integration
 * test can be diagnosed from its report alone.
 */
public class KafkaClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, for which broker, and the log excerpt
     */
    public KafkaClusterException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what failed, for which broker, and the log excerpt
     * @param cause   the underlying failure, for example an {@link java.io.IOException} while launching the JVM
     */
    public KafkaClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
