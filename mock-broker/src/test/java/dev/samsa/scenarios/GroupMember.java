package dev.samsa.scenarios;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.CommitFailedException;
import dev.samsa.consumer.Consumer;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.consumer.WakeupException;
import dev.samsa.errors.RebalanceInProgressException;
import dev.samsa.errors.RetriableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The loop of one consumer group member in the failover scenarios, shared by the members the test runs in its own
 * JVM and the one it runs in a child JVM ({@link GroupMemberMain}) to kill: poll, "process" each record (report it),
 * then commit the polled offsets synchronously and report the commit once the coordinator accepted it. A record is
 * therefore reported as processed before its offset is committed, which is what at-least-once means.
 */
final class GroupMember {
    private GroupMember() {
    }

    /** What a member reports; implementations are thread-safe. */
    interface Events {
        /** A record was processed. */
        void processed(int partition, long offset);

        /** The member is about to ask the coordinator to commit {@code nextOffset} for {@code partition}. */
        void committing(int partition, long nextOffset);

        /** The coordinator accepted {@code nextOffset} as the committed offset of {@code partition}. */
        void committed(int partition, long nextOffset);

        /** The member's assignment changed (partition indexes). */
        void assigned(Set<Integer> partitions);
    }

    /**
     * Runs the member until {@code running} turns false (checked after every poll) or the consumer is woken up.
     * Commit failures of a rebalance are expected (the records are processed again by the partition's next owner)
     * and ignored.
     */
    static void run(Consumer<String, String> consumer, String topic, Events events, BooleanSupplier running) {
        consumer.subscribe(List.of(topic));
        Set<Integer> assignment = Set.of();
        try {
            while (running.getAsBoolean()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                Set<Integer> now = partitions(consumer.assignment());
                if (!now.equals(assignment)) {
                    assignment = now;
                    events.assigned(now);
                }
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> r : records) {
                    events.processed(r.partition(), r.offset());
                }
                Map<TopicPartition, OffsetAndMetadata> next = records.nextOffsets();
                next.forEach((tp, om) -> events.committing(tp.partition(), om.offset()));
                try {
                    consumer.commitSync(next);
                    next.forEach((tp, om) -> events.committed(tp.partition(), om.offset()));
                } catch (CommitFailedException | RebalanceInProgressException e) {
                    // The partitions moved on: their next owner starts from the last accepted commit.
                } catch (RetriableException e) {
                    // E.g. the coordinator moved; the next poll's commit covers these offsets.
                }
            }
        } catch (WakeupException e) {
            // asked to stop
        }
    }

    private static Set<Integer> partitions(Set<TopicPartition> assignment) {
        Set<Integer> out = new TreeSet<>();
        assignment.forEach(tp -> out.add(tp.partition()));
        return out;
    }
}
