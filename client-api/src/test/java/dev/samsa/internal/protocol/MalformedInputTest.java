package dev.samsa.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import dev.samsa.internal.protocol.message.RandomMessages;
import dev.samsa.internal.protocol.message.ResponseHeader;
import dev.samsa.internal.protocol.message.SaslAuthenticateRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: decoding must end in a {@link ProtocolException} that names the field, never in another
 * exception and never in a huge allocation; unknown tagged fields are skipped (KIP-482).
 */
class MalformedInputTest {
    private static final long SEED = Long.getLong("samsa.seed", 20251121L);

    private static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s.replace(" ", ""));
    }

    @Test
    void everyTruncationOfEveryMessageIsAProtocolException() {
        int checked = 0;
        for (String name : RandomMessages.NAMES) {
            Message template = RandomMessages.newInstance(name);
            for (short v = template.lowestSupportedVersion(); v <= template.highestSupportedVersion(); v++) {
                long seed = SEED + name.hashCode() + v;
                byte[] bytes = OfficialClient.encode(RandomMessages.random(name, v, new Random(seed)), v);
                for (int length = 0; length < bytes.length; length++) {
                    ByteBuf prefix = Unpooled.wrappedBuffer(bytes, 0, length);
                    short version = v;
                    assertThatThrownBy(() -> RandomMessages.read(name, prefix, version))
                            .as("%s v%d seed %d truncated to %d of %d bytes", name, v, seed, length, bytes.length)
                            .isInstanceOf(ProtocolException.class);
                    checked++;
                }
            }
        }
        System.out.println("MalformedInputTest: " + checked + " truncated encodings rejected");
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void truncationNamesTheMessageAndField() {
        // MetadataRequest v4: topics count 1, then a topic name whose int16 length promises 5 bytes but has 2.
        byte[] bytes = hex("00000001 0005 6162");
        assertThatThrownBy(() -> MetadataRequest.read(Unpooled.wrappedBuffer(bytes), (short) 4))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("MetadataRequest.MetadataRequestTopic.name");
        assertThatThrownBy(() -> ResponseHeader.read(Unpooled.wrappedBuffer(hex("0102")), (short) 0))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ResponseHeader.correlationId");
    }

    @Test
    void oversizedArrayCountsFailBeforeAllocating() {
        // Non-flexible int32 count and flexible varint count, each promising ~2^31 topics in a few bytes.
        assertThatThrownBy(() -> MetadataRequest.read(Unpooled.wrappedBuffer(hex("7fffffff 00")), (short) 4))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("MetadataRequest.topics")
                .hasMessageContaining("2147483647");
        assertThatThrownBy(() -> MetadataRequest.read(Unpooled.wrappedBuffer(hex("ffffffff07 00")), (short) 12))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("MetadataRequest.topics");
    }

    @Test
    void oversizedBytesRecordsAndStringsFailBeforeAllocating() {
        assertThatThrownBy(() -> SaslAuthenticateRequest.read(Unpooled.wrappedBuffer(hex("7fffffff 0102")),
                (short) 0)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("SaslAuthenticateRequest.authBytes");
        // ProduceRequest v3: null transactional id, acks, timeout, one topic "t", one partition 0, records of 2^31-1.
        byte[] produce = hex("ffff 0001 00007530 00000001 0001 74 00000001 00000000 7fffffff 00");
        assertThatThrownBy(() -> ProduceRequest.read(Unpooled.wrappedBuffer(produce), (short) 3))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("ProduceRequest.PartitionProduceData.records");
        // A non-compact string promising 32767 bytes with 1 left; a compact one longer than Kafka's 32767 limit.
        assertThatThrownBy(() -> MetadataRequest.read(Unpooled.wrappedBuffer(hex("00000001 7fff 61")), (short) 4))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("MetadataRequest.MetadataRequestTopic.name");
        assertThatThrownBy(() -> MetadataRequest.read(Unpooled.wrappedBuffer(hex("02 " + "00".repeat(16)
                + "8180 02 61")), (short) 12))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds 32767");
    }

    @Test
    void malformedVarintsAndTaggedSectionsAreProtocolErrors() {
        // A varint that never ends within 5 bytes.
        assertThatThrownBy(() -> ResponseHeader.read(Unpooled.wrappedBuffer(hex("00000001 ffffffffff01")),
                (short) 1)).isInstanceOf(ProtocolException.class).hasMessageContaining("ResponseHeader tagged fields");
        // One tagged field that claims 100 bytes with 1 left.
        assertThatThrownBy(() -> ResponseHeader.read(Unpooled.wrappedBuffer(hex("00000001 01 00 64 00")),
                (short) 1)).isInstanceOf(ProtocolException.class).hasMessageContaining("ResponseHeader tagged fields");
        // ApiVersionsResponse v3, tag 3 (ZkMigrationReady, a bool) declared as 2 bytes: the size must match.
        byte[] bytes = hex("0000 01 00000000 01 03 02 0100");
        assertThatThrownBy(() -> ApiVersionsResponse.read(Unpooled.wrappedBuffer(bytes), (short) 3))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ApiVersionsResponse.zkMigrationReady");
    }

    @Test
    void nullInAVersionThatDoesNotAllowItIsAProtocolError() {
        // MetadataRequest v9 (flexible): one topic whose name has compact length 0, i.e. null; nullable only in v10+.
        byte[] bytes = hex("02 00 00 01 00 00 00");
        assertThatThrownBy(() -> MetadataRequest.read(Unpooled.wrappedBuffer(bytes), (short) 9))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("MetadataRequest.MetadataRequestTopic.name")
                .hasMessageContaining("null");
        assertThat(MetadataRequest.read(Unpooled.wrappedBuffer(hex("02 " + "00".repeat(16) + "00 00 01 00 00 00")),
                (short) 10).topics().get(0).name()).isNull();
    }

    @Test
    void unknownTaggedFieldsAreSkipped() {
        ResponseHeaderData official = new ResponseHeaderData().setCorrelationId(42);
        official.unknownTaggedFields().add(new RawTaggedField(7, "hello".getBytes(StandardCharsets.UTF_8)));
        byte[] withUnknown = OfficialClient.encode(official, (short) 1);
        ByteBuf in = Unpooled.wrappedBuffer(withUnknown);
        ResponseHeader ours = ResponseHeader.read(in, (short) 1);
        assertThat(in.readableBytes()).isZero();
        assertThat(ours.correlationId()).isEqualTo(42);
        assertThat(OfficialClient.encode(ours, (short) 1)).isEqualTo(hex("0000002a 00"));

        // Known tags (1, 3) followed by unknown ones (5, 40): the known are decoded, the unknown dropped.
        ApiVersionsResponseData versions = new ApiVersionsResponseData().setFinalizedFeaturesEpoch(9)
                .setZkMigrationReady(true);
        versions.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {1}));
        versions.unknownTaggedFields().add(new RawTaggedField(40, new byte[] {1, 2, 3}));
        byte[] bytes = OfficialClient.encode(versions, (short) 3);
        ApiVersionsResponse decoded = ApiVersionsResponse.read(Unpooled.wrappedBuffer(bytes), (short) 3);
        assertThat(decoded.finalizedFeaturesEpoch()).isEqualTo(9);
        assertThat(decoded.zkMigrationReady()).isTrue();
        versions.unknownTaggedFields().clear();
        assertThat(OfficialClient.encode(decoded, (short) 3)).isEqualTo(OfficialClient.encode(versions, (short) 3));
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButProtocolException() {
        Random random = new Random(SEED);
        int decodedAnyway = 0;
        int rejected = 0;
        for (String name : RandomMessages.NAMES) {
            Message template = RandomMessages.newInstance(name);
            short v = template.highestSupportedVersion();
            if (v < template.lowestSupportedVersion()) {
                continue;
            }
            byte[] bytes = OfficialClient.encode(RandomMessages.random(name, v, random), v);
            for (int i = 0; i < 40 && bytes.length > 0; i++) {
                byte[] corrupt = Arrays.copyOf(bytes, bytes.length);
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    // Favour 0x7f/0xff, the bytes that turn a length into a huge one.
                    int b = random.nextInt(4) == 0 ? random.nextInt(256) : (random.nextBoolean() ? 0x7f : 0xff);
                    corrupt[random.nextInt(corrupt.length)] = (byte) b;
                }
                try {
                    RandomMessages.read(name, Unpooled.wrappedBuffer(corrupt), v);
                    decodedAnyway++;
                } catch (ProtocolException expected) {
                    rejected++;
                } catch (RuntimeException | OutOfMemoryError e) {
                    throw new AssertionError(name + " v" + v + " corrupted to " + ByteBufUtil.hexDump(corrupt)
                            + " (seed " + SEED + ") threw " + e, e);
                }
            }
        }
        System.out.println("MalformedInputTest: " + (rejected + decodedAnyway) + " corrupted encodings, " + rejected
                + " rejected with ProtocolException, " + decodedAnyway + " still decodable");
        assertThat(rejected).isGreaterThan(1_000);
        assertThat(decodedAnyway).isPositive();
    }
}
