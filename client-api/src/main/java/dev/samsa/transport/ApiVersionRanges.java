package dev.samsa.transport;

import dev.samsa.internal.protocol.ApiKey;
import java.util.Arrays;

/**
 * The API version ranges one broker advertised in its ApiVersions response (KIP-35, KIP-511). Immutable and
 * thread-safe.
 *
 * <p>APIs are named by {@code dev.samsa.internal.protocol.ApiKey}, which module {@code dev.samsa.client} exports only
 * to Samsa's transport modules: like {@code Transport.send}, the queries are for Samsa's own transports and engines.
 */
// "exports": ApiKey is in a package exported only to Samsa's transport modules, on purpose (see above).
@SuppressWarnings("exports")
public final class ApiVersionRanges {
    private static final int MAX_KEY = 128;
    private final short[] min = new short[MAX_KEY];
    private final short[] max = new short[MAX_KEY];

    private ApiVersionRanges() {
        Arrays.fill(min, (short) -1);
        Arrays.fill(max, (short) -1);
    }

    /** A builder: put each advertised {@code (apiKey, min, max)}; keys Samsa does not know are ignored. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the broker advertised {@code api} at all. */
    public boolean supports(ApiKey api) {
        return api.id() < MAX_KEY && max[api.id()] >= 0;
    }

    /** The broker's lowest version of {@code api}, or -1 if it does not support it. */
    public short min(ApiKey api) {
        return api.id() < MAX_KEY ? min[api.id()] : -1;
    }

    /** The broker's highest version of {@code api}, or -1 if it does not support it. */
    public short max(ApiKey api) {
        return api.id() < MAX_KEY ? max[api.id()] : -1;
    }

    /**
     * The highest version of {@code api} in {@code [lo, hi]} that the broker supports, or -1 if there is none.
     */
    public short highestCommon(ApiKey api, short lo, short hi) {
        if (!supports(api)) {
            return -1;
        }
        short top = (short) Math.min(hi, max(api));
        return top >= Math.max(lo, min(api)) ? top : -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ApiVersionRanges{");
        for (ApiKey api : ApiKey.values()) {
            if (supports(api)) {
                sb.append(api.title()).append(' ').append(min(api)).append('-').append(max(api)).append(", ");
            }
        }
        return sb.append('}').toString();
    }

    /** Collects ranges; not thread-safe. */
    public static final class Builder {
        private final ApiVersionRanges ranges = new ApiVersionRanges();
        private boolean built;

        /** Instances come from {@link ApiVersionRanges#builder()}. */
        private Builder() {
        }

        /** Records that the broker supports {@code apiKey} from {@code min} to {@code max}; unknown keys ignored. */
        public Builder put(int apiKey, short min, short max) {
            if (built) {
                throw new IllegalStateException("already built");
            }
            if (apiKey >= 0 && apiKey < MAX_KEY && min >= 0 && max >= min) {
                ranges.min[apiKey] = min;
                ranges.max[apiKey] = max;
            }
            return this;
        }

        public ApiVersionRanges build() {
            built = true;
            return ranges;
        }
    }
}
