package dev.samsa.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Takes a {@code records} field by reference instead of by copy: the Netty transport installs one
 * ({@link ByteBufs#recordsSink}) while it encodes a Produce request, so record batches reach the socket without a
 * per-request copy.
 */
public interface RecordsSink {
    /**
     * Takes {@code records}' readable bytes by reference, as if written into {@code out} at its writer index (which is
     * left as it is); {@code records} itself is left untouched.
     *
     * @return false if {@code out} is not the buffer this sink collects for: the caller then copies the bytes
     */
    boolean appendRecords(ByteBuf out, ByteBuf records);
}
