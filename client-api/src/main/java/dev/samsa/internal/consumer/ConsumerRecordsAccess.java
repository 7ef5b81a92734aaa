package dev.samsa.internal.consumer;

import dev.samsa.common.Header;
import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.ConsumerRecord;
import dev.samsa.consumer.ConsumerRecords;
import dev.samsa.consumer.OffsetAndMetadata;
import dev.samsa.consumer.TimestampType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The consumer engine's way into the package-private constructors of {@link ConsumerRecord} and
 * {@link ConsumerRecords}, which take what they are given as it is: no null checks and no defensive copies of the
 * headers, the per-partition lists and the maps. The public constructors copy because an application may keep and
 * change what it passes; {@link SamsaConsumer} builds these objects from arrays and maps it has just made and never
 * touches again, so a copy per record and per partition would only cost CPU.
 *
 * <p>This is the JDK's {@code SharedSecrets} pattern: {@code ConsumerRecords} registers its implementation of
 * {@link Factory} when it is initialized, and only a class nested in it is accepted. This package is not exported
 * from the {@code dev.samsa.client} module, so applications on the module path cannot reach it; on the class path it
 * is as internal as every other {@code dev.samsa.internal} package.
 */
public final class ConsumerRecordsAccess {
    private static Factory registered;

    private ConsumerRecordsAccess() {
    }

    /**
     * Builds records without checks or copies; implemented by {@link ConsumerRecords} alone.
     */
    public interface Factory {
        /**
         * A record holding its arguments as they are.
         *
         * @param headers unmodifiable and never changed after (not copied)
         * @param leaderEpoch the leader epoch, or null if the broker stamped none
         * @param <K> the key type
         * @param <V> the value type
         * @return the record
         */
        <K, V> ConsumerRecord<K, V> record(String topic, int partition, long offset, long timestamp,
                TimestampType timestampType, int serializedKeySize, int serializedValueSize, K key, V value,
                List<Header> headers, Integer leaderEpoch);

        /**
         * Records that take ownership of their arguments (wrapped unmodifiable, not copied).
         *
         * @param records each partition's records, in the order to iterate: only non-empty lists, unmodifiable and
         *     never changed after
         * @param nextOffsets each partition's position after the poll, never changed after
         * @param count the number of records in {@code records}
         * @param <K> the key type
         * @param <V> the value type
         * @return the records
         */
        <K, V> ConsumerRecords<K, V> records(Map<TopicPartition, List<ConsumerRecord<K, V>>> records,
                Map<TopicPartition, OffsetAndMetadata> nextOffsets, int count);
    }

    /**
     * Called once, by {@link ConsumerRecords}'s static initializer.
     *
     * @throws IllegalStateException if {@code factory} is not a class nested in {@link ConsumerRecords}, or one was
     *     registered already
     */
    public static synchronized void register(Factory factory) {
        if (factory.getClass().getNestHost() != ConsumerRecords.class) {
            throw new IllegalStateException("Only ConsumerRecords registers a ConsumerRecordsAccess.Factory");
        }
        if (registered != null) {
            throw new IllegalStateException("A ConsumerRecordsAccess.Factory is registered already");
        }
        registered = factory;
    }

    /** The factory: a constant once loaded, so that the JIT inlines its methods. */
    static Factory factory() {
        return Holder.FACTORY;
    }

    private static final class Holder {
        static final Factory FACTORY;

        static {
            ConsumerRecords.empty(); // initializes ConsumerRecords, which registers its factory
            synchronized (ConsumerRecordsAccess.class) {
                FACTORY = Objects.requireNonNull(registered, "ConsumerRecords registered no factory");
            }
        }
    }
}
