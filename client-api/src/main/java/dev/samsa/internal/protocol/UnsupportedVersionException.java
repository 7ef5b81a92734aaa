package dev.samsa.internal.protocol;

/**
 * A message or field asked for at a version its definition does not have (or that the peer did not advertise).
 */
public class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
