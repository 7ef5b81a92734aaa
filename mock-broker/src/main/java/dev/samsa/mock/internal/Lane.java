package dev.samsa.mock.internal;

import dev.samsa.internal.protocol.ApiKey;

/**
 * The traffic classes of the {@code Transport} contract: produce, fetch and everything else are ordered separately,
 * as if on separate connections, so a parked fetch never holds back a produce.
 */
enum Lane {
    PRODUCE, FETCH, OTHER;

    static Lane of(ApiKey api) {
        return switch (api) {
            case PRODUCE -> PRODUCE;
            case FETCH -> FETCH;
            default -> OTHER;
        };
    }
}
