package dev.samsa.internal.record;

import dev.samsa.errors.CorruptRecordException;
import io.netty.buffer.ByteBuf;

/**
 * The type of a control record (a record in a batch whose control bit is set), read from its key: {@code
 * version: int16, type: int16} (KIP-98). Consumers skip control records; {@link #ABORT} and {@link #COMMIT} are the
 * transaction markers that tell a {@code read_committed} consumer how a transaction ended. The other types belong
 * to KRaft's metadata log and are listed so that they are recognised, not misread. Immutable.
 */
public enum ControlRecordType {
    /** A transaction was aborted. */
    ABORT(0),
    /** A transaction was committed. */
    COMMIT(1),
    /** KRaft: the quorum leader changed. */
    LEADER_CHANGE(2),
    /** KRaft: the start of a snapshot. */
    SNAPSHOT_HEADER(3),
    /** KRaft: the end of a snapshot. */
    SNAPSHOT_FOOTER(4),
    /** KRaft: the kraft.version feature level. */
    KRAFT_VERSION(5),
    /** KRaft: the voter set. */
    KRAFT_VOTERS(6),
    /** A type this client does not know (from a newer broker); skipped like every control record. */
    UNKNOWN(-1);

    /** The control record key's version Kafka writes and this reads. */
    static final short CURRENT_KEY_VERSION = 0;
    /** Size of a control record key in bytes. */
    static final int KEY_SIZE = 4;

    private static final ControlRecordType[] BY_ID = {ABORT, COMMIT, LEADER_CHANGE, SNAPSHOT_HEADER,
            SNAPSHOT_FOOTER, KRAFT_VERSION, KRAFT_VOTERS};

    private final short id;

    ControlRecordType(int id) {
        this.id = (short) id;
    }

    /** The type id written in the key. */
    public short id() {
        return id;
    }

    /**
     * Reads the type from a control record's key (its readable bytes; no index moves). A key with a version above
     * 0 is read the same way, as Kafka does: later versions may only append fields.
     *
     * @throws CorruptRecordException if the key is null, shorter than 4 bytes or has a negative version
     */
    public static ControlRecordType parse(ByteBuf key) {
        if (key == null || key.readableBytes() < KEY_SIZE) {
            throw new CorruptRecordException("control record key of "
                    + (key == null ? "null" : key.readableBytes() + " bytes") + " (expected at least " + KEY_SIZE
                    + ")");
        }
        short version = key.getShort(key.readerIndex());
        if (version < 0) {
            throw new CorruptRecordException("control record key version " + version + " is negative");
        }
        short type = key.getShort(key.readerIndex() + 2);
        return type >= 0 && type < BY_ID.length ? BY_ID[type] : UNKNOWN;
    }
}
