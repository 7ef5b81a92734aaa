package dev.samsa.mock.internal;

import io.netty.buffer.ByteBuf;

/**
 * One record batch in a partition's log: the broker's own copy of the bytes (base offset and leader epoch already
 * rewritten), owned by the log, which releases it when retention, compaction or topic deletion drops the batch.
 * Fetches hand out retained slices of it. The summary fields save decoding the header again.
 */
final class StoredBatch {
    final ByteBuf buf;
    final long baseOffset;
    final long lastOffset;
    final long maxTimestamp;
    /** Offset of the first record carrying {@link #maxTimestamp} (ListOffsets MAX_TIMESTAMP, KIP-734). */
    final long offsetOfMaxTimestamp;
    final int size;
    final int leaderEpoch;
    /** When the broker appended it, ms since the epoch on the cluster's clock. */
    final long appendTimeMs;

    StoredBatch(ByteBuf buf, long baseOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp,
            int leaderEpoch, long appendTimeMs) {
        this.buf = buf;
        this.baseOffset = baseOffset;
        this.lastOffset = lastOffset;
        this.maxTimestamp = maxTimestamp;
        this.offsetOfMaxTimestamp = offsetOfMaxTimestamp;
        this.size = buf.readableBytes();
        this.leaderEpoch = leaderEpoch;
        this.appendTimeMs = appendTimeMs;
    }
}
