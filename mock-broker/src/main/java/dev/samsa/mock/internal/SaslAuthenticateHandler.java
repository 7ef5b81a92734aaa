// SaslAuthenticate, versions 0-2 (every version Kafka 4.1 defines).
//
// Before authentication a connection to a listener with SASL users never reaches this handler: SaslSession runs
// the exchange there. A SaslAuthenticate that reaches the handlers (an authenticated connection, a listener without
// users, the in-process transport) gets ILLEGAL_SASL_STATE with Kafka's message, as Kafka's KafkaApis answers it.
//
// Deviations: none.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.SaslAuthenticateRequest;
import dev.samsa.internal.protocol.message.SaslAuthenticateResponse;

final class SaslAuthenticateHandler extends Handler<SaslAuthenticateRequest, SaslAuthenticateResponse> {
    SaslAuthenticateHandler() {
        super(ApiKey.SASL_AUTHENTICATE);
    }

    @Override
    void handle(RequestContext ctx, SaslAuthenticateRequest request) {
        ctx.respond(errorResponse(ctx, request, ErrorCode.ILLEGAL_SASL_STATE)
                .setErrorMessage("SaslAuthenticate request received after successful authentication"));
    }

    @Override
    SaslAuthenticateResponse errorResponse(RequestContext ctx, SaslAuthenticateRequest request, ErrorCode error) {
        return new SaslAuthenticateResponse().setErrorCode(error.code()).setErrorMessage(error.description())
                .setAuthBytes(new byte[0]);
    }
}
