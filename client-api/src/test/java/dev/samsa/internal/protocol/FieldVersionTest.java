package dev.samsa.internal.protocol;

import dev.samsa.errors.UnsupportedVersionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.JoinGroupRequest;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.junit.jupiter.api.Test;

/**
 * Fields and versions: a value that a version cannot carry fails the write unless the definition marks the field
 * ignorable (the official client's rule); versions outside a message's range fail; setters guard their ranges.
 */
class FieldVersionTest {
    @Test
    void aNonDefaultValueOfANonIgnorableFieldCannotBeWrittenWhereTheFieldDoesNotExist() {
        // AllowAutoTopicCreation exists from v4 with default true.
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(false);
        assertThatThrownBy(() -> request.write(Unpooled.buffer(), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("MetadataRequest.allowAutoTopicCreation").hasMessageContaining("version 3");
        assertThatThrownBy(() -> request.size((short) 3)).isInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> OfficialClient.encode(new MetadataRequestData().setAllowAutoTopicCreation(false),
                (short) 3)).isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
        // At its default it is simply absent.
        assertThat(OfficialClient.encode(new MetadataRequest(), (short) 3))
                .isEqualTo(OfficialClient.encode(new MetadataRequestData(), (short) 3));
    }

    @Test
    void anIgnorableFieldIsDroppedWhereItDoesNotExist() {
        // RebalanceTimeoutMs exists from v1 and is ignorable.
        JoinGroupRequest ours = new JoinGroupRequest().setGroupId("g").setRebalanceTimeoutMs(30_000);
        byte[] bytes = OfficialClient.encode(ours, (short) 0);
        assertThat(bytes).isEqualTo(OfficialClient.encode(new JoinGroupRequestData().setGroupId("g")
                .setRebalanceTimeoutMs(30_000), (short) 0));
        assertThat(JoinGroupRequest.read(Unpooled.wrappedBuffer(bytes), (short) 0).rebalanceTimeoutMs()).isEqualTo(-1);
    }

    @Test
    void nullIsOnlyWrittenInNullableVersions() {
        // Topics is nullable ("all topics") from v1.
        MetadataRequest all = new MetadataRequest().setTopics(null);
        assertThatThrownBy(() -> all.write(Unpooled.buffer(), (short) 0))
                .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("MetadataRequest.topics");
        assertThat(OfficialClient.encode(all, (short) 1)).startsWith(0xff, 0xff, 0xff, 0xff);
        assertThat(OfficialClient.encode(all, (short) 9)).startsWith(0x00);
    }

    @Test
    void versionsOutsideTheMessagesRangeAreRejected() {
        ByteBuf empty = Unpooled.buffer();
        assertThatThrownBy(() -> ProduceRequest.read(empty, (short) 2)).isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("ProduceRequest").hasMessageContaining("3-13");
        assertThatThrownBy(() -> new ProduceRequest().write(empty, (short) 14))
                .isInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> new ProduceRequest().size((short) -1)).isInstanceOf(UnsupportedVersionException.class);
        assertThat(empty.writerIndex()).isZero();
    }

    @Test
    void settersGuardTheirValues() {
        assertThatCode(() -> new MetadataRequest().setTopics(List.of()).setTopics(null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new JoinGroupRequest().setGroupId(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("JoinGroupRequest.groupId");
        assertThatThrownBy(() -> new ApiVersionsResponse.SupportedFeatureKey().setName(null))
                .isInstanceOf(NullPointerException.class);
        String tooLong = "x".repeat(Short.MAX_VALUE + 1);
        JoinGroupRequest request = new JoinGroupRequest().setGroupId(tooLong);
        assertThatThrownBy(() -> request.size((short) 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JoinGroupRequest.groupId").hasMessageContaining("32768");
    }

    @Test
    void recordsAreReadAsARetainedSliceOfTheInput() {
        ByteBuf records = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5});
        ProduceRequest request = new ProduceRequest().setAcks((short) -1).setTopicData(List.of(
                new ProduceRequest.TopicProduceData().setName("t").setPartitionData(List.of(
                        new ProduceRequest.PartitionProduceData().setIndex(0).setRecords(records)))));
        ByteBuf in = Unpooled.wrappedBuffer(OfficialClient.encode(request, (short) 11));
        ProduceRequest decoded = ProduceRequest.read(in, (short) 11);
        ByteBuf read = decoded.topicData().get(0).partitionData().get(0).records();
        assertThat(read).isEqualTo(records);
        assertThat(decoded).isEqualTo(request);
        assertThat(in.refCnt()).isEqualTo(2);
        read.release();
        assertThat(in.refCnt()).isEqualTo(1);
    }
}
