package dev.samsa.internal.consumer;

import dev.samsa.consumer.AutoOffsetReset;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerBuilder;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.serde.Deserializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Helpers for consumer tests on a {@link FakeCluster}: no sleeps, the manual clock moves in small steps. */
final class ConsumerTestSupport {
    private ConsumerTestSupport() {
    }

    static Consumer<String, String> consumer(FakeCluster cluster,
            UnaryOperator<ConsumerBuilder<String, String>> customize) {
        return customize.apply(Consumer.builder(Deserializers.forString(), Deserializers.forString())
                .transport(cluster).autoOffsetReset(AutoOffsetReset.EARLIEST)).build();
    }

    /** Polls (with a zero timeout, advancing the clock 10 ms between polls) until {@code count} records came. */
    static List<ConsumerRecord<String, String>> pollFor(Consumer<String, String> consumer, FakeCluster cluster,
            int count) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (int i = 0; i < 1000 && out.size() < count; i++) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ZERO);
            records.forEach(out::add);
            if (out.size() < count) {
                cluster.advance(Duration.ofMillis(10));
            }
        }
        return out;
    }

    /** Polls until {@code condition} holds, collecting records; fails after 1000 rounds. */
    static List<ConsumerRecord<String, String>> pollUntil(Consumer<String, String> consumer, FakeCluster cluster,
            BooleanSupplier condition) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            consumer.poll(Duration.ZERO).forEach(out::add);
            if (condition.getAsBoolean()) {
                return out;
            }
            cluster.advance(Duration.ofMillis(10));
        }
        throw new AssertionError("condition not reached after 1000 polls; got " + out.size() + " records");
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
