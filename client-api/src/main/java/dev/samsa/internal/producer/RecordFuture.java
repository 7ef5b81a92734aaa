package dev.samsa.internal.producer;

import dev.samsa.producer.Callback;
import dev.samsa.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * The future {@code send} returns for one record, which also carries what its {@link RecordMetadata} and callback need
 * and links to the next record of its batch. One object per record instead of a future, a holder of the callback and
 * sizes, and a slot in a growing list: the per-record allocations were a third of the producer's heap traffic (JFR).
 *
 * <p>Completed by the sender loop ({@link ProducerBatch#complete}, {@link ProducerBatch#fail}); everything else a
 * {@link CompletableFuture} offers works as usual. The fields besides {@code next} are immutable; {@code next} is
 * written under the partition queue's lock before the batch is handed to the sender, which publishes it.
 *
 * <p>40 bytes (compressed references): a record's future lives as long as the record waits in {@code buffer.memory},
 * which a producer faster than its brokers keeps full, so these objects survive young collections and are copied
 * and promoted; the timestamp is kept as an int offset from the batch's first record's (a long made it 48 bytes).
 */
final class RecordFuture extends CompletableFuture<RecordMetadata> {
    final Callback callback;
    /** The record's timestamp minus {@link ProducerBatch}'s first record's, in ms. */
    final int timestampDelta;
    final int keySize;
    final int valueSize;
    /** The next record of the same batch, or null for the last one. */
    RecordFuture next;

    RecordFuture(Callback callback, int timestampDelta, int keySize, int valueSize) {
        this.callback = callback;
        this.timestampDelta = timestampDelta;
        this.keySize = keySize;
        this.valueSize = valueSize;
    }
}
