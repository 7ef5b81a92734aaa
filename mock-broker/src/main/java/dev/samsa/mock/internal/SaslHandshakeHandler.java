// SaslHandshake, version 1 (Kafka 4.1 defines 0-1).
//
// Before authentication a connection to a listener with SASL users never reaches this handler: SaslSession answers
// SaslHandshake there (the mechanism, or UNSUPPORTED_SASL_MECHANISM and the enabled list). A handshake that reaches
// the handlers (an authenticated connection, a listener without users, the in-process transport) is answered with
// ILLEGAL_SASL_STATE, as Kafka's KafkaApis does.
//
// Deviations: v0 (raw SASL tokens after the handshake, pre KIP-152) is not served.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.SaslHandshakeRequest;
import dev.samsa.internal.protocol.message.SaslHandshakeResponse;
import java.util.ArrayList;

final class SaslHandshakeHandler extends Handler<SaslHandshakeRequest, SaslHandshakeResponse> {
    SaslHandshakeHandler() {
        super(ApiKey.SASL_HANDSHAKE, 1, 1);
    }

    @Override
    void handle(RequestContext ctx, SaslHandshakeRequest request) {
        ctx.respond(errorResponse(ctx, request, ErrorCode.ILLEGAL_SASL_STATE));
    }

    @Override
    SaslHandshakeResponse errorResponse(RequestContext ctx, SaslHandshakeRequest request, ErrorCode error) {
        return new SaslHandshakeResponse().setErrorCode(error.code()).setMechanisms(new ArrayList<>());
    }
}
