package dev.samsa.internal.protocol;

/** A top-level request or response body of one Kafka API. */
public interface ApiMessage extends Message {
    /** The API this message belongs to. */
    ApiKey apiKey();
}
