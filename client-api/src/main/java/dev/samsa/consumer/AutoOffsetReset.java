package dev.samsa.consumer;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code auto.offset.reset}: where a consumer starts reading a partition that has no committed offset, or whose
 * position fell out of the log's range ({@code OFFSET_OUT_OF_RANGE}, e.g. after retention deleted it). Immutable and
 * thread-safe.
 *
 * <ul>
 *   <li>{@link #EARLIEST}: the log start offset.</li>
 *   <li>{@link #LATEST}: the log end offset (records produced from now on; Kafka's default).</li>
 *   <li>{@link #NONE}: no reset; {@code poll} throws {@link NoOffsetForPartitionException} for a partition without
 *   a committed offset, and {@link dev.samsa.errors.OffsetOutOfRangeException} for one out of range.</li>
 *   <li>{@link #byDuration(Duration)}: the first offset whose timestamp is at or after <i>now - duration</i>, the log
 *   end if there is none (KIP-1106, Kafka 4.0; config value {@code by_duration:<ISO-8601 duration>}).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class AutoOffsetReset {
    /** What a reset does. */
    public enum Kind {
        /** Reset to the log start offset. */
        EARLIEST,
        /** Reset to the log end offset. */
        LATEST,
        /** Do not reset: fail. */
        NONE,
        /** Reset to the first offset with a timestamp at or after now minus a duration. */
        BY_DURATION
    }

    /** Reset to the log start offset: config value {@code earliest}. */
    public static final AutoOffsetReset EARLIEST = new AutoOffsetReset(Kind.EARLIEST, null);
    /** Reset to the log end offset: config value {@code latest}, the default. */
    public static final AutoOffsetReset LATEST = new AutoOffsetReset(Kind.LATEST, null);
    /** Never reset; fail instead: config value {@code none}. */
    public static final AutoOffsetReset NONE = new AutoOffsetReset(Kind.NONE, null);

    private final Kind kind;
    private final Duration duration;

    private AutoOffsetReset(Kind kind, Duration duration) {
        this.kind = kind;
        this.duration = duration;
    }

    /**
     * Reset to the first offset whose record timestamp is at or after the reset time minus {@code duration}
     * (KIP-1106).
     *
     * @param duration how far back, {@code >= 0}
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    public static AutoOffsetReset byDuration(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("auto.offset.reset: by_duration:" + duration + " (expected: >= 0)");
        }
        return new AutoOffsetReset(Kind.BY_DURATION, duration);
    }

    /**
     * Parses a config value: {@code earliest}, {@code latest}, {@code none} or {@code by_duration:<ISO-8601
     * duration>} (for example {@code by_duration:PT1H}), ignoring case.
     *
     * @throws IllegalArgumentException naming the value if it is none of these
     */
    public static AutoOffsetReset forConfigValue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "earliest":
                return EARLIEST;
            case "latest":
                return LATEST;
            case "none":
                return NONE;
            default:
                break;
        }
        if (v.startsWith("by_duration:")) {
            try {
                return byDuration(Duration.parse(value.trim().substring("by_duration:".length())));
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("auto.offset.reset: " + value
                + " (expected: earliest, latest, none or by_duration:<ISO-8601 duration>)");
    }

    /** What the reset does. */
    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#BY_DURATION}, how far back; null otherwise. */
    public Duration duration() {
        return duration;
    }

    /** The config value: {@code earliest}, {@code latest}, {@code none} or {@code by_duration:<duration>}. */
    public String configValue() {
        return kind == Kind.BY_DURATION ? "by_duration:" + duration : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoOffsetReset other && kind == other.kind && Objects.equals(duration, other.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, duration);
    }

    @Override
    public String toString() {
        return configValue();
    }
}
