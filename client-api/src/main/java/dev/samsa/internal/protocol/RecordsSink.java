package dev.samsa.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * An output buffer that can take a {@code records} field by reference instead of by copy; the Netty transport's
 * request buffers implement it so record batches reach the socket without a per-request copy.
 */
public interface RecordsSink {
    /** Appends {@code records}' readable bytes by reference; {@code records} itself is left untouched. */
    void appendRecords(ByteBuf records);
}
