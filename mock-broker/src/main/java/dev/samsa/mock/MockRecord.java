package dev.samsa.mock;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record as a mock partition stores it, decoded for assertions ({@link MockCluster#records}). Immutable as long
 * as nobody writes into the arrays (they are not copied).
 *
 * @param offset the record's offset in its partition
 * @param timestamp ms since the epoch: the producer's (CreateTime) or the broker's append time (LogAppendTime)
 * @param logAppendTime whether {@code timestamp} is the broker's append time
 * @param key the key bytes, or null
 * @param value the value bytes, or null (a tombstone)
 * @param headers the headers in order
 * @param producerId the idempotent producer's id, or -1
 * @param producerEpoch its epoch, or -1
 * @param sequence the record's sequence number, or -1
 * @param leaderEpoch the partition leader epoch the broker stamped the batch with
 */
public record MockRecord(long offset, long timestamp, boolean logAppendTime, byte[] key, byte[] value,
        List<Header> headers, long producerId, short producerEpoch, int sequence, int leaderEpoch) {

    /** One record header: a key and a value that may be null. */
    public record Header(String key, byte[] value) {
    }

    /** The key decoded as UTF-8, or null. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8, or null. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MockRecord(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keyString() + ", value="
                + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
