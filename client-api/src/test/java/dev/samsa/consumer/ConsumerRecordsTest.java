package dev.samsa.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.TopicPartition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerRecordsTest {
    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 0L, TimestampType.CREATE_TIME, 1, 1, "k",
                "v" + offset, List.of(), Optional.empty());
    }

    @Test
    void iteratesPartitionByPartitionInOffsetOrder() {
        TopicPartition a = new TopicPartition("t", 0);
        TopicPartition b = new TopicPartition("t", 1);
        TopicPartition c = new TopicPartition("u", 0);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> map = new LinkedHashMap<>();
        map.put(a, List.of(record(a, 5), record(a, 6)));
        map.put(c, List.of()); // dropped: no records
        map.put(b, new ArrayList<>(List.of(record(b, 1))));
        ConsumerRecords<String, String> records = new ConsumerRecords<>(map, Map.of());

        List<String> seen = new ArrayList<>();
        Iterator<ConsumerRecord<String, String>> it = records.iterator();
        while (it.hasNext()) {
            assertThat(it.hasNext()).isTrue(); // idempotent
            ConsumerRecord<String, String> r = it.next();
            seen.add(r.topicPartition() + "@" + r.offset());
        }
        assertThat(seen).containsExactly("t-0@5", "t-0@6", "t-1@1");
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThat(records.count()).isEqualTo(3);
        assertThat(records.partitions()).containsExactly(a, b);
    }

    @Test
    void emptyRecordsIterateNothing() {
        assertThat(ConsumerRecords.empty().iterator().hasNext()).isFalse();
        assertThatThrownBy(() -> ConsumerRecords.empty().iterator().next()).isInstanceOf(NoSuchElementException.class);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> onlyEmpty = Map.of(new TopicPartition("t", 0),
                List.of());
        assertThat(new ConsumerRecords<>(onlyEmpty, Map.of()).iterator().hasNext()).isFalse();
    }
}
