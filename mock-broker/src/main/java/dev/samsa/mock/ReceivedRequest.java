package dev.samsa.mock;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;

/**
 * One request a mock broker received, as recorded for assertions ({@link MockCluster#requests()}). Requests that a
 * stopped broker refused, or that the transport rejected before sending (no common version), are not recorded.
 *
 * <p>{@code body} is the request object itself (in-process) or as decoded off the wire (TCP). Its {@code records}
 * buffers, if any (Produce), belong to the sender and may already be released: do not read them.
 *
 * @param brokerId the broker that received it
 * @param apiKey its API
 * @param version the API version it was sent at
 * @param clientId the client id of the connection ({@code client.id}); the transport's name in-process
 * @param timeMs when it arrived, in ms since the epoch on the cluster's clock
 * @param body the request body
 * @param principal who sent it: {@code User:<name>} after SASL over TCP or through
 *     {@link MockCluster#transportAs(String)}, else {@code User:ANONYMOUS}
 */
// "exports": requests are named by ApiKey/ApiRequest, exported by dev.samsa.client to Samsa's modules only (see
// module-info.java).
@SuppressWarnings("exports")
public record ReceivedRequest(int brokerId, ApiKey apiKey, short version, String clientId, long timeMs,
        ApiRequest<?> body, String principal) {
}
