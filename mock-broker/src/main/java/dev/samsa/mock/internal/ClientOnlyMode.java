package dev.samsa.mock.internal;

import dev.samsa.common.CompressionType;
import dev.samsa.internal.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.SplittableRandom;

/**
 * Switches a cluster to client-only benchmark mode: {@link ClientOnlyProduceHandler} acknowledges produces without
 * storing them and {@link ClientOnlyFetchHandler} answers every fetch with copies of one pre-built batch, so that a
 * throughput figure measures the client and not the mock. Every other API (metadata, groups, offsets) is served as
 * usual.
 */
public final class ClientOnlyMode {
    private ClientOnlyMode() {
    }

    /**
     * Installs the two handlers.
     *
     * @param state the cluster
     * @param recordSize each fetched record's value size, bytes (random upper-case letters; null key)
     * @param recordsPerBatch records in the pre-built batch
     */
    public static void install(ClusterState state, int recordSize, int recordsPerBatch) {
        if (recordSize < 0 || recordsPerBatch <= 0) {
            throw new IllegalArgumentException("recordSize: " + recordSize + ", recordsPerBatch: " + recordsPerBatch
                    + " (expected: >= 0 and > 0)");
        }
        SplittableRandom random = new SplittableRandom(0);
        long now = System.currentTimeMillis();
        byte[] bytes;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT,
                CompressionType.NONE, recordsPerBatch * (recordSize + 16) + 64)) {
            for (int i = 0; i < recordsPerBatch; i++) {
                byte[] value = new byte[recordSize];
                for (int j = 0; j < value.length; j++) {
                    value[j] = (byte) ('A' + random.nextInt(26));
                }
                builder.append(now, null, value);
            }
            ByteBuf batch = builder.build();
            bytes = ByteBufUtil.getBytes(batch);
            batch.release();
        }
        state.withLock(() -> {
            state.replaceHandler(new ClientOnlyProduceHandler());
            state.replaceHandler(new ClientOnlyFetchHandler(bytes, recordsPerBatch));
            return null;
        });
    }
}
