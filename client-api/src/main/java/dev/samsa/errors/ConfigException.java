package dev.samsa.errors;

import java.util.Objects;

/**
 * A client setting is missing, malformed or out of range, or several settings contradict each other. Thrown at
 * once by the builder setter or the string-key parser that saw the value, or by {@code build()} for cross-field
 * rules; never by a running client. Not a Kafka error code; fatal.
 *
 * <p>The message names the key, the value and what is accepted, for example
 * {@code Invalid value -1 for configuration 'linger.ms' (expected: >= 0)}. Secrets are never echoed: pass
 * {@code "[hidden]"} as the value of a password-type setting.
 */
public class ConfigException extends SamsaException {
    private static final long serialVersionUID = 1L;

    /** The rejected setting, or {@code null} when none is named. */
    private final String key;
    /** The rejected value as shown in the message, or {@code null} when none is named. */
    private final String value;

    /**
     * A problem not tied to one value, such as a cross-field rule.
     *
     * @param message what is wrong, naming the settings involved
     */
    public ConfigException(String message) {
        super(message);
        this.key = null;
        this.value = null;
    }

    /**
     * A value that is not accepted for {@code key}.
     *
     * @param key the setting, in Kafka's string form (for example {@code "linger.ms"})
     * @param value the rejected value (already masked for secrets); may be {@code null} for a missing value
     * @param accepted what would be accepted (for example {@code ">= 0"}, {@code "one of none, gzip, lz4"})
     * @throws NullPointerException if {@code key} or {@code accepted} is null
     */
    public ConfigException(String key, Object value, String accepted) {
        super("Invalid value " + value + " for configuration '" + Objects.requireNonNull(key, "key")
                + "' (expected: " + Objects.requireNonNull(accepted, "accepted") + ")");
        this.key = key;
        this.value = String.valueOf(value);
    }

    /**
     * The setting that was rejected.
     *
     * @return the key in Kafka's string form, or {@code null} for a problem not tied to one setting
     */
    public String key() {
        return key;
    }

    /**
     * The rejected value as shown in the message.
     *
     * @return the value's string form ({@code "null"} when it was missing), or {@code null} when no single value was
     *     named
     */
    public String value() {
        return value;
    }
}
