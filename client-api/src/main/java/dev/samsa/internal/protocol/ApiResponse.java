package dev.samsa.internal.protocol;

/** A response body. */
public interface ApiResponse extends ApiMessage {
}
