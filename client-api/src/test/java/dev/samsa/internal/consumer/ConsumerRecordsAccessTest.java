package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.Header;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.consumer.TimestampType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsumerRecordsAccess}: the consumer's copy-free way to build records gives the same records as the public
 * constructors, and no class but {@link ConsumerRecords}' own can register a factory.
 */
class ConsumerRecordsAccessTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    @Test
    void recordHoldsItsFieldsAsThePublicConstructorDoes() {
        List<Header> headers = Collections.unmodifiableList(Arrays.asList(new Header("h", new byte[] {1})));
        ConsumerRecord<String, String> trusted = ConsumerRecordsAccess.factory().record("t", 1, 42L, 1_000L,
                TimestampType.CREATE_TIME, 1, -1, "k", null, headers, 7);
        ConsumerRecord<String, String> checked = new ConsumerRecord<>("t", 1, 42L, 1_000L, TimestampType.CREATE_TIME,
                1, -1, "k", null, headers, Optional.of(7));
        assertThat(trusted.toString()).isEqualTo(checked.toString());
        assertThat(trusted.headers()).isSameAs(headers);
        assertThat(trusted.leaderEpoch()).contains(7);
        assertThat(trusted.serializedValueSize()).isEqualTo(ConsumerRecord.NULL_SIZE);
        ConsumerRecord<String, String> noEpoch = ConsumerRecordsAccess.factory().record("t", 1, 43L, -1L,
                TimestampType.NO_TIMESTAMP_TYPE, -1, -1, null, null, List.of(), null);
        assertThat(noEpoch.leaderEpoch()).isEmpty();
    }

    @Test
    void recordsTakeTheirMapsAndListsAndIterateInOrder() {
        ConsumerRecord<String, String> a = record(T1, 5);
        ConsumerRecord<String, String> b = record(T0, 3);
        ConsumerRecord<String, String> c = record(T0, 4);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new LinkedHashMap<>();
        byPartition.put(T1, Collections.unmodifiableList(Arrays.asList(a)));
        byPartition.put(T0, Collections.unmodifiableList(Arrays.asList(b, c)));
        Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
        next.put(T1, new OffsetAndMetadata(6, Optional.empty(), ""));
        next.put(T0, new OffsetAndMetadata(5, Optional.empty(), ""));
        ConsumerRecords<String, String> records = ConsumerRecordsAccess.factory().records(byPartition, next, 3);
        assertThat(records).containsExactly(a, b, c);
        assertThat(records.count()).isEqualTo(3);
        assertThat(records.partitions()).containsExactly(T1, T0);
        assertThat(records.records(T0)).containsExactly(b, c);
        assertThat(records.nextOffsets()).isEqualTo(next);
        assertThatThrownBy(() -> records.partitions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> records.nextOffsets().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> records.records(T0).set(0, a)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyConsumerRecordsRegistersAFactory() {
        ConsumerRecordsAccess.Factory impostor = new ConsumerRecordsAccess.Factory() {
            @Override
            public <K, V> ConsumerRecord<K, V> record(String topic, int partition, long offset, long timestamp,
                    TimestampType timestampType, int serializedKeySize, int serializedValueSize, K key, V value,
                    List<Header> headers, Integer leaderEpoch) {
                throw new AssertionError();
            }

            @Override
            public <K, V> ConsumerRecords<K, V> records(Map<TopicPartition, List<ConsumerRecord<K, V>>> records,
                    Map<TopicPartition, OffsetAndMetadata> nextOffsets, int count) {
                throw new AssertionError();
            }
        };
        assertThatThrownBy(() -> ConsumerRecordsAccess.register(impostor)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Only ConsumerRecords");
        assertThat(ConsumerRecordsAccess.factory()).isNotSameAs(impostor);
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 0L, TimestampType.CREATE_TIME, 1, 1, "k", "v",
                List.of(), Optional.empty());
    }
}
