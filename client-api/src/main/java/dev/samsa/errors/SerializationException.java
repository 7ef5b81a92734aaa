package dev.samsa.errors;

/**
 * A key or value could not be serialized (on send) or deserialized (on poll) by the configured serializer or
 * deserializer. Not a Kafka error code, and fatal for that record: retrying the same bytes fails the same way.
 * The message names the topic, partition and offset (on poll) and whether the key or the value failed.
 */
public class SerializationException extends SamsaException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the topic (partition and offset on poll) and key or value
     */
    public SerializationException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the topic (partition and offset on poll) and key or value
     * @param cause the serializer's own failure, or {@code null}
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
