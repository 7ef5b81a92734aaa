package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.CompressionType;
import dev.samsa.common.Header;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.IsolationLevel;
import dev.samsa.internal.record.ControlRecordType;
import dev.samsa.serde.Deserializer;
import dev.samsa.serde.Deserializers;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With {@link Deserializers#forByteArray()} for keys and values, the drain builds each record at once instead of
 * going through the columns that {@code deserializeRun} reads back: both paths must return the same records, poll by
 * poll, with the same positions.
 */
class ByteArrayRecordsTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void recordsBuiltAtOnceEqualDeserializedOnes(IsolationLevel isolation) {
        for (CompressionType compression : CompressionType.values()) {
            FakeCluster cluster = cluster(compression);
            Consumer<byte[], byte[]> direct = consumer(cluster, Deserializers.forByteArray(), isolation);
            Deserializer<byte[]> same = (topic, data) -> data; // not the shared instance: the column path
            Consumer<byte[], byte[]> columns = consumer(cluster, same, isolation);
            assertThat(buildsAtOnce(direct)).isTrue();
            assertThat(buildsAtOnce(columns)).isFalse();

            List<List<String>> a = pollAll(direct, cluster);
            List<List<String>> b = pollAll(columns, cluster);

            assertThat(a).isEqualTo(b);
            int expected = isolation == IsolationLevel.READ_COMMITTED ? 15 + 2 + 1 + 3 : 15 + 2 + 1 + 3 + 2;
            assertThat(a.stream().mapToInt(poll -> poll.size() - 1).sum()).isEqualTo(expected);
            assertThat(a).allSatisfy(poll -> assertThat(poll.size() - 1).isBetween(1, 4));
            assertThat(direct.position(P0)).isEqualTo(columns.position(P0)).isEqualTo(15);
            assertThat(direct.position(P1)).isEqualTo(columns.position(P1)).isEqualTo(10);
            direct.close();
            columns.close();
            cluster.releaseHeld(true);
            assertThat(cluster.unreleasedBuffers()).isZero();
        }
    }

    /**
     * {@link Deserializers#forString()} for keys, values or both also builds records at once, decoding straight from
     * the fetched bytes: the same records as a string deserializer of the application's own (the column path).
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void stringRecordsBuiltAtOnceEqualDeserializedOnes(IsolationLevel isolation) {
        Deserializer<String> own = (topic, data) -> data == null ? null : new String(data, StandardCharsets.UTF_8);
        for (CompressionType compression : List.of(CompressionType.NONE, CompressionType.LZ4)) {
            FakeCluster cluster = cluster(compression);
            cluster.append("t", 1, compression, "h\u00e9", "\u65e5\u672c\u8a9e", "", "\ud83d\ude00 x");
            Consumer<String, String> columns = Consumer.builder(own, own).transport(cluster)
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(4).isolationLevel(isolation).build();
            columns.assign(List.of(P0, P1));
            assertThat(buildsAtOnce(columns)).isFalse();
            List<List<String>> expected = pollAllStrings(columns, cluster, String.class, String.class);
            assertThat(expected).isNotEmpty();
            columns.close();
            for (boolean stringKeys : new boolean[] {true, false}) {
                for (boolean stringValues : new boolean[] {true, false}) {
                    Deserializer<Object> keys = untyped(stringKeys ? Deserializers.forString()
                            : Deserializers.forByteArray());
                    Deserializer<Object> values = untyped(stringValues ? Deserializers.forString(StandardCharsets.UTF_8)
                            : Deserializers.forByteArray());
                    Consumer<Object, Object> direct = Consumer.builder(keys, values).transport(cluster)
                            .autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(4).isolationLevel(isolation)
                            .build();
                    direct.assign(List.of(P0, P1));
                    assertThat(buildsAtOnce(direct)).isTrue();
                    assertThat(pollAllStrings(direct, cluster, stringKeys ? String.class : byte[].class,
                            stringValues ? String.class : byte[].class)).isEqualTo(expected);
                    direct.close();
                }
            }
            cluster.releaseHeld(true);
            assertThat(cluster.unreleasedBuffers()).isZero();
        }
    }

    @SuppressWarnings("unchecked")
    private static Deserializer<Object> untyped(Deserializer<?> deserializer) {
        return (Deserializer<Object>) deserializer;
    }

    /**
     * As {@link #pollAll}, with keys and values shown as UTF-8 text whether they are strings or bytes; each non-null
     * key and value must be of the type given.
     */
    private static List<List<String>> pollAllStrings(Consumer<?, ?> consumer, FakeCluster cluster, Class<?> keyType,
            Class<?> valueType) {
        List<List<String>> polls = new ArrayList<>();
        forEachPoll(consumer, cluster, records -> {
            List<String> poll = new ArrayList<>();
            poll.add(records.nextOffsets().toString());
            for (ConsumerRecord<?, ?> r : records) {
                if (r.key() != null) {
                    assertThat(r.key()).isInstanceOf(keyType);
                }
                if (r.value() != null) {
                    assertThat(r.value()).isInstanceOf(valueType);
                }
                poll.add(r.topic() + '-' + r.partition() + '@' + r.offset() + " ts=" + r.timestamp() + ' '
                        + r.timestampType() + " key=" + text(r.key()) + '/' + r.serializedKeySize() + " value="
                        + text(r.value()) + '/' + r.serializedValueSize() + " epoch=" + r.leaderEpoch()
                        + " headers=" + r.headers().size());
            }
            polls.add(poll);
        });
        return polls;
    }

    private static String text(Object o) {
        if (o == null) {
            return "null";
        }
        return o instanceof byte[] b ? "'" + new String(b, StandardCharsets.UTF_8) + "'" : "'" + o + "'";
    }

    /**
     * A poll's records view the array the drain built them in: later polls must not change them, and they cannot be
     * changed through their lists.
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void earlierPollsKeepTheirRecords(IsolationLevel isolation) {
        FakeCluster cluster = cluster(CompressionType.NONE);
        for (Deserializer<byte[]> deserializer : List.<Deserializer<byte[]>>of(Deserializers.forByteArray(),
                (topic, data) -> data)) {
            Consumer<byte[], byte[]> consumer = consumer(cluster, deserializer, isolation);
            List<ConsumerRecords<byte[], byte[]>> kept = new ArrayList<>();
            List<List<String>> seen = new ArrayList<>();
            forEachPoll(consumer, cluster, records -> {
                kept.add(records);
                seen.add(describeAll(records));
            });
            assertThat(kept).hasSizeGreaterThan(3);
            assertThat(kept.stream().map(ByteArrayRecordsTest::describeAll).toList()).isEqualTo(seen);
            for (ConsumerRecords<byte[], byte[]> records : kept) {
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                    assertThatThrownBy(() -> list.set(0, list.get(0)))
                            .isInstanceOf(UnsupportedOperationException.class);
                    assertThatThrownBy(() -> list.add(list.get(0))).isInstanceOf(UnsupportedOperationException.class);
                    assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
                    assertThat(list).isEqualTo(new ArrayList<>(list)).hasSameHashCodeAs(new ArrayList<>(list));
                }
            }
            consumer.close();
        }
        cluster.releaseHeld(true);
        assertThat(cluster.unreleasedBuffers()).isZero();
    }

    private static List<String> describeAll(ConsumerRecords<byte[], byte[]> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(describe(r)));
        for (TopicPartition tp : records.partitions()) {
            records.records(tp).forEach(r -> out.add(describe(r)));
        }
        return out;
    }

    /**
     * P0: five batches of three records (leader epoch 3, keys, headers, a null value); P1: records (epoch none),
     * a committed transaction, an aborted one, more records.
     */
    /**
     * A poll that read one partition (most do: the consumer then builds its maps as singletons) answers as one that
     * read several: absent partitions and null give no records, the maps cannot be changed.
     */
    @Test
    void aPollOfOnePartitionAnswersAsAnyOther() {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        cluster.log("t", 0).leaderEpoch = 3;
        cluster.append("t", 0, CompressionType.NONE, "a", "b");
        Consumer<byte[], byte[]> consumer =
                consumer(cluster, Deserializers.forByteArray(), IsolationLevel.READ_UNCOMMITTED);
        assertThat(buildsAtOnce(consumer)).isTrue();
        ConsumerRecords<byte[], byte[]> records = ConsumerRecords.empty();
        for (int i = 0; i < 1000 && records.isEmpty(); i++) {
            records = consumer.poll(Duration.ZERO);
            cluster.advance(Duration.ofMillis(10));
        }
        assertThat(records.count()).isEqualTo(2);
        assertThat(records.partitions()).containsExactly(P0);
        assertThat(records.records(P0)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
        assertThat(records.records(P1)).isEmpty();
        assertThat(records.records((TopicPartition) null)).isEmpty();
        assertThat(records.records("t")).hasSize(2);
        assertThat(records.nextOffsets()).containsOnlyKeys(P0).doesNotContainKey(null);
        assertThat(records.nextOffsets().get(P0).offset()).isEqualTo(2);
        assertThat(records.nextOffsets().get(P0).leaderEpoch()).contains(3);
        assertThat(records.nextOffsets()).isEqualTo(Map.of(P0, records.nextOffsets().get(P0)));
        ConsumerRecords<byte[], byte[]> polled = records;
        assertThatThrownBy(() -> polled.nextOffsets().remove(P0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> polled.partitions().clear()).isInstanceOf(UnsupportedOperationException.class);
        consumer.close();
    }

    private static FakeCluster cluster(CompressionType compression) {
        FakeCluster cluster = new FakeCluster().topic("t", 2);
        long ts = cluster.time.milliseconds() - 1000;
        cluster.log("t", 0).leaderEpoch = 3;
        for (int b = 0; b < 5; b++) {
            cluster.append("t", 0, compression, ts + b, "a" + (3 * b), b == 2 ? null : "a" + (3 * b + 1),
                    "a" + (3 * b + 2));
        }
        cluster.append("t", 1, compression, ts, "b0", null);
        cluster.appendTransactional("t", 1, 7, new String[] {"committed"}, ControlRecordType.COMMIT);
        cluster.appendTransactional("t", 1, 8, new String[] {"aborted1", "aborted2"}, ControlRecordType.ABORT);
        cluster.append("t", 1, compression, ts + 7, IntStream.range(0, 3).mapToObj(i -> "c" + i)
                .toArray(String[]::new));
        return cluster;
    }

    private static Consumer<byte[], byte[]> consumer(FakeCluster cluster, Deserializer<byte[]> deserializer,
            IsolationLevel isolation) {
        Consumer<byte[], byte[]> consumer = Consumer.builder(deserializer, deserializer).transport(cluster)
                .autoOffsetReset(AutoOffsetReset.EARLIEST).maxPollRecords(4).isolationLevel(isolation).build();
        consumer.assign(List.of(P0, P1));
        return consumer;
    }

    private static boolean buildsAtOnce(Consumer<?, ?> consumer) {
        try {
            Field f = SamsaConsumer.class.getDeclaredField("fetched");
            f.setAccessible(true);
            return ((FetchedRecords) f.get(consumer)).asRecords;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Each non-empty poll: its next offsets, then each record with every field, until 50 polls in a row are empty. */
    private static List<List<String>> pollAll(Consumer<byte[], byte[]> consumer, FakeCluster cluster) {
        List<List<String>> polls = new ArrayList<>();
        forEachPoll(consumer, cluster, records -> {
            List<String> poll = new ArrayList<>();
            poll.add(records.nextOffsets().toString());
            records.forEach(r -> poll.add(describe(r)));
            polls.add(poll);
        });
        return polls;
    }

    /**
     * Polls, advancing the cluster's clock 10 ms each time, and hands each non-empty poll's records to {@code action},
     * until 50 polls in a row are empty (at most 1,000 polls).
     */
    private static <K, V> void forEachPoll(Consumer<K, V> consumer, FakeCluster cluster,
            java.util.function.Consumer<ConsumerRecords<K, V>> action) {
        for (int i = 0, empty = 0; i < 1000 && empty < 50; i++) {
            ConsumerRecords<K, V> records = consumer.poll(Duration.ZERO);
            if (records.isEmpty()) {
                empty++;
            } else {
                empty = 0;
                action.accept(records);
            }
            cluster.advance(Duration.ofMillis(10));
        }
    }

    private static String describe(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder sb = new StringBuilder().append(r.topic()).append('-').append(r.partition()).append('@')
                .append(r.offset()).append(" ts=").append(r.timestamp()).append(' ').append(r.timestampType())
                .append(" key=").append(Arrays.toString(r.key())).append('/').append(r.serializedKeySize())
                .append(" value=").append(Arrays.toString(r.value())).append('/').append(r.serializedValueSize())
                .append(" epoch=").append(r.leaderEpoch()).append(" headers=");
        for (Header h : r.headers()) {
            sb.append(h.key()).append('=').append(Arrays.toString(h.value())).append(',');
        }
        return sb.toString();
    }
}
