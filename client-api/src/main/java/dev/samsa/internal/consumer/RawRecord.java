package dev.samsa.internal.consumer;

import dev.samsa.common.Header;
import dev.samsa.consumer.TimestampType;
import java.util.List;

/**
 * A record taken out of a fetch response, with key and value copied out of the response's buffer, before
 * deserialization (which runs on the polling thread). Immutable.
 *
 * @param offset the record's offset
 * @param timestamp ms since the epoch, -1 if none
 * @param timestampType what the timestamp means
 * @param key the key bytes, or null
 * @param value the value bytes, or null
 * @param headers the headers
 * @param leaderEpoch the batch's partition leader epoch, -1 if none
 */
record RawRecord(long offset, long timestamp, TimestampType timestampType, byte[] key, byte[] value,
        List<Header> headers, int leaderEpoch) {
}
