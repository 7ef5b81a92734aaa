package dev.samsa.errors;

/**
 * An unchecked wrapper for {@link InterruptedException}: a thread blocked in a client call (waiting for metadata,
 * buffer space, a commit, a close) was interrupted. Building one re-sets the calling thread's interrupt flag, so
 * the interruption is not lost when it surfaces as an unchecked exception; it is meant to be built on the thread
 * that was interrupted. Not a Kafka error code; fatal for the call that was interrupted.
 */
public class InterruptException extends SamsaException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps {@code cause} and re-sets the current thread's interrupt flag.
     *
     * @param cause the interruption caught by the client
     */
    public InterruptException(InterruptedException cause) {
        this("Interrupted", cause);
    }

    /**
     * Wraps {@code cause} and re-sets the current thread's interrupt flag.
     *
     * @param message what was interrupted, naming the operation
     * @param cause the interruption caught by the client
     */
    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }

    /**
     * For an interruption seen without an {@link InterruptedException} (for example a flag found set); re-sets the
     * current thread's interrupt flag.
     *
     * @param message what was interrupted, naming the operation
     */
    public InterruptException(String message) {
        super(message);
        Thread.currentThread().interrupt();
    }
}
