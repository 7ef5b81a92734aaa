package dev.samsa.internal.record;

import dev.samsa.errors.CorruptRecordException;

/**
 * A record batch whose magic byte is not 2. Magic 0 and 1 are Kafka's legacy message formats (before 0.11), which
 * Kafka 4.0 brokers no longer store and Samsa does not read; any other value is garbage. A
 * {@link CorruptRecordException}, as in Kafka, so a caller that handles corrupt batches handles this one too.
 */
public class UnsupportedMagicException extends CorruptRecordException {
    private static final long serialVersionUID = 1L;

    private final int magic;

    /**
     * @param baseOffset the batch's base offset, for the message
     * @param magic      the magic byte found
     */
    public UnsupportedMagicException(long baseOffset, int magic) {
        super("record batch at base offset " + baseOffset + " has magic " + magic
                + (magic == 0 || magic == 1 ? " (a legacy message format)" : "")
                + "; only magic 2 (record batch v2) is supported");
        this.magic = magic;
    }

    /** The magic byte found. */
    public int magic() {
        return magic;
    }
}
