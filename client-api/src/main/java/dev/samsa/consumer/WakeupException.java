package dev.samsa.consumer;

import dev.samsa.errors.SamsaException;

/**
 * Thrown by a blocking {@link Consumer} call ({@code poll}, {@code commitSync}, {@code position}, {@code committed},
 * the offset lookups, ...) that was interrupted by {@link Consumer#wakeup()}, or that began after a wakeup nobody
 * had consumed yet. The call had no effect beyond what it had already done; the consumer stays usable. Not a Kafka
 * error code.
 *
 * @since 0.1.0
 */
public class WakeupException extends SamsaException {
    private static final long serialVersionUID = 1L;

    /** A wakeup. */
    public WakeupException() {
        super("Consumer woken up by wakeup()");
    }
}
