/**
 * Kafka's record batch format v2 (magic 2, KIP-98): {@link dev.samsa.internal.record.RecordBatchBuilder} writes
 * one batch into a Netty buffer, {@link dev.samsa.internal.record.RecordBatch} reads one (header fields, CRC32C
 * check, records), {@link dev.samsa.internal.record.RecordBatches} splits a {@code records} field into batches, and
 * the codecs for gzip, snappy, lz4 and zstd sit behind them.
 *
 * <p>Every malformed input (bad CRC, truncation, sizes past the end, a record count that does not match the data,
 * a decompression bomb) ends in a {@link dev.samsa.errors.CorruptRecordException} that names the problem and the
 * batch's base offset; sizes read off the wire are bounded before anything is allocated for them. Legacy message
 * formats (magic 0 and 1) are not read: they end in {@link dev.samsa.internal.record.UnsupportedMagicException}.
 *
 * <p>Internal: may change without notice in any release.
 */
package dev.samsa.internal.record;
