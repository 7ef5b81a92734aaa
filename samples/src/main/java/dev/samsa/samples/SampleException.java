package dev.samsa.samples;

/**
 * A failure a sample program reports as one line on stderr, without a stack trace, and exits with
 * {@link #exitCode()}.
 */
public final class SampleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit status when a check fails or the program meets an error: 1. */
    public static final int FAILED = 1;
    /** Exit status of a bad command line (picocli's): 2. */
    public static final int USAGE = 2;
    /** Exit status when the cluster cannot be reached: 3. */
    public static final int UNREACHABLE = 3;

    private final int exitCode;

    /**
     * @param exitCode the process exit status
     * @param message the one line to print
     */
    public SampleException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process exit status. */
    public int exitCode() {
        return exitCode;
    }
}
