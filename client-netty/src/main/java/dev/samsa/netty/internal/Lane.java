package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiKey;

/**
 * Traffic classes that get a connection each per broker, so a fetch parked for {@code fetch.max.wait.ms} never delays
 * a produce behind it (STYLE 9; franz-go does the same).
 */
public enum Lane {
    PRODUCE, FETCH, OTHER;

    /** The lane {@code api} travels on. */
    public static Lane of(ApiKey api) {
        return switch (api) {
            case PRODUCE -> PRODUCE;
            case FETCH -> FETCH;
            default -> OTHER;
        };
    }
}
