package dev.samsa.errors;

/**
 * The root of every exception Samsa throws or completes a future with. Unchecked, as in the official client.
 * Subclasses of {@link RetriableException} name conditions that may clear by themselves (a leader moving, a
 * request timing out); the rest are fatal for the operation that saw them.
 */
public class SamsaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SamsaException(String message) {
        super(message);
    }

    public SamsaException(String message, Throwable cause) {
        super(message, cause);
    }
}
