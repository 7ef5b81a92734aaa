package dev.samsa.internal.record;

import dev.samsa.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;

/**
 * The value of a transaction marker control record (KIP-98): {@code version: int16, coordinatorEpoch: int32},
 * with the marker's {@link ControlRecordType} ({@code COMMIT} or {@code ABORT}) taken from the record's key.
 *
 * @param type             {@link ControlRecordType#COMMIT} or {@link ControlRecordType#ABORT}
 * @param coordinatorEpoch the epoch of the transaction coordinator that wrote the marker
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    /** The marker value's version Kafka writes and this reads. */
    static final short CURRENT_VERSION = 0;
    /** Size of a version-0 marker value in bytes. */
    static final int VALUE_SIZE = 6;

    /**
     * @throws IllegalArgumentException if {@code type} is neither {@code COMMIT} nor {@code ABORT}
     */
    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("end transaction marker type: " + type + " (expected COMMIT or ABORT)");
        }
    }

    /**
     * Reads the marker from a control record.
     *
     * @throws CorruptRecordException if the key is not a COMMIT or ABORT control key, or the value is null,
     *         shorter than 6 bytes or has a negative version
     */
    public static EndTransactionMarker parse(Record record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new CorruptRecordException("control record at offset " + record.offset() + " is a " + type
                    + ", not a transaction marker");
        }
        ByteBuf value = record.value();
        if (value == null || value.readableBytes() < VALUE_SIZE) {
            throw new CorruptRecordException("transaction marker at offset " + record.offset() + " has a value of "
                    + (value == null ? "null" : value.readableBytes() + " bytes") + " (expected " + VALUE_SIZE + ")");
        }
        short version = value.getShort(value.readerIndex());
        if (version < 0) {
            throw new CorruptRecordException("transaction marker at offset " + record.offset() + " has version "
                    + version);
        }
        return new EndTransactionMarker(type, value.getInt(value.readerIndex() + 2));
    }
}
