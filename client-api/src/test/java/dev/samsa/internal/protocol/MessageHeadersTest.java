package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.internal.protocol.message.RequestHeader;
import dev.samsa.internal.protocol.message.ResponseHeader;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.junit.jupiter.api.Test;

/** Request and response headers, byte for byte (Kafka protocol guide; KIP-482 for the flexible versions). */
class MessageHeadersTest {
    private static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s.replace(" ", ""));
    }

    @Test
    void requestHeaderV1() {
        RequestHeader header = new RequestHeader().setRequestApiKey((short) 18).setRequestApiVersion((short) 3)
                .setCorrelationId(7).setClientId("samsa");
        byte[] expected = hex("0012 0003 00000007 0005 73616d7361");
        assertThat(OfficialClient.encode(header, (short) 1)).isEqualTo(expected);
        RequestHeaderData official = new RequestHeaderData().setRequestApiKey((short) 18)
                .setRequestApiVersion((short) 3).setCorrelationId(7).setClientId("samsa");
        assertThat(OfficialClient.encode(official, (short) 1)).isEqualTo(expected);
        assertThat(RequestHeader.read(Unpooled.wrappedBuffer(expected), (short) 1)).isEqualTo(header);
    }

    @Test
    void requestHeaderV2KeepsTheClientIdNonCompactAndAddsTaggedFields() {
        // ClientId keeps its int16 length in v2 so that any broker can read the header of an ApiVersions request.
        RequestHeader header = new RequestHeader().setRequestApiKey((short) 3).setRequestApiVersion((short) 12)
                .setCorrelationId(-2).setClientId("é");
        byte[] expected = hex("0003 000c fffffffe 0002 c3a9 00");
        assertThat(OfficialClient.encode(header, (short) 2)).isEqualTo(expected);
        RequestHeaderData official = new RequestHeaderData().setRequestApiKey((short) 3)
                .setRequestApiVersion((short) 12).setCorrelationId(-2).setClientId("é");
        assertThat(OfficialClient.encode(official, (short) 2)).isEqualTo(expected);
        assertThat(RequestHeader.read(Unpooled.wrappedBuffer(expected), (short) 2)).isEqualTo(header);
    }

    @Test
    void nullClientIdIsMinusOneInBothVersions() {
        RequestHeader header = new RequestHeader().setRequestApiKey((short) 18).setClientId(null);
        assertThat(OfficialClient.encode(header, (short) 1)).isEqualTo(hex("0012 0000 00000000 ffff"));
        assertThat(OfficialClient.encode(header, (short) 2)).isEqualTo(hex("0012 0000 00000000 ffff 00"));
        assertThat(RequestHeader.read(Unpooled.wrappedBuffer(hex("0012 0000 00000000 ffff 00")), (short) 2)
                .clientId()).isNull();
    }

    @Test
    void responseHeaderV0AndV1() {
        ResponseHeader header = new ResponseHeader().setCorrelationId(0x01020304);
        assertThat(OfficialClient.encode(header, (short) 0)).isEqualTo(hex("01020304"));
        assertThat(OfficialClient.encode(header, (short) 1)).isEqualTo(hex("01020304 00"));
        ResponseHeaderData official = new ResponseHeaderData().setCorrelationId(0x01020304);
        assertThat(OfficialClient.encode(official, (short) 0)).isEqualTo(hex("01020304"));
        assertThat(OfficialClient.encode(official, (short) 1)).isEqualTo(hex("01020304 00"));
        assertThat(ResponseHeader.read(Unpooled.wrappedBuffer(hex("01020304 00")), (short) 1)).isEqualTo(header);
    }

    @Test
    void headerVersionsFollowTheApisFlexibleVersions() {
        // Produce is flexible from v9: header v2 / v1 from there, v1 / v0 before.
        assertThat(ApiKey.PRODUCE.requestHeaderVersion((short) 8)).isEqualTo((short) 1);
        assertThat(ApiKey.PRODUCE.responseHeaderVersion((short) 8)).isEqualTo((short) 0);
        assertThat(ApiKey.PRODUCE.requestHeaderVersion((short) 9)).isEqualTo((short) 2);
        assertThat(ApiKey.PRODUCE.responseHeaderVersion((short) 9)).isEqualTo((short) 1);
        // ApiVersions v3+ has a flexible request header, but its response header is always v0 (KIP-511).
        assertThat(ApiKey.API_VERSIONS.requestHeaderVersion((short) 4)).isEqualTo((short) 2);
        assertThat(ApiKey.API_VERSIONS.responseHeaderVersion((short) 4)).isEqualTo((short) 0);
    }
}
