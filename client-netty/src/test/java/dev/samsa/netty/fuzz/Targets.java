package dev.samsa.netty.fuzz;

import dev.samsa.common.CompressionType;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.errors.UnsupportedVersionException;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.Message;
import dev.samsa.internal.protocol.ProtocolException;
import dev.samsa.internal.protocol.message.FetchResponse;
import dev.samsa.internal.protocol.message.FetchSnapshotResponse;
import dev.samsa.internal.protocol.message.RandomMessages;
import dev.samsa.internal.protocol.message.ShareFetchResponse;
import dev.samsa.common.Header;
import dev.samsa.internal.record.Record;
import dev.samsa.internal.record.RecordBatch;
import dev.samsa.internal.record.RecordBatchBuilder;
import dev.samsa.internal.record.RecordBatches;
import dev.samsa.internal.record.RecordIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The decoders under fuzz, each taking bytes and ending in an {@link Outcome} or an {@link AssertionError} that
 * carries the input (hex) and the unexpected exception: (b) every generated response class's {@code read()},
 * (c) record batches of every codec. The third target, response frames through a live connection, is
 * {@link FrameHarness}.
 */
final class Targets {

    /** How an input ended; anything else is a bug. */
    enum Outcome { DECODED, PROTOCOL_EXCEPTION, UNSUPPORTED_VERSION, CORRUPT_RECORD, CORRUPT_FRAME, DISCONNECTED }

    /** A response message at one of its versions. */
    record MessageCase(String name, short version) {
    }

    /** Every response class (including the response header) at every version it defines. */
    static final List<MessageCase> RESPONSES = responses();

    /** The decompressed-size bound used on fuzzed batches, so that a mutated length never asks for 128 MiB. */
    static final int MAX_UNCOMPRESSED_BYTES = 1 << 20;

    private Targets() {
    }

    private static List<MessageCase> responses() {
        List<MessageCase> cases = new ArrayList<>();
        for (String name : RandomMessages.NAMES) {
            if (!name.endsWith("Response")) {
                continue;
            }
            Message template = RandomMessages.newInstance(name);
            for (short v = template.lowestSupportedVersion(); v <= template.highestSupportedVersion(); v++) {
                cases.add(new MessageCase(name, v));
            }
        }
        return List.copyOf(cases);
    }

    // ---- (b) response classes ----

    /** A valid encoding of a random instance: the seed that mutations start from. */
    static byte[] responseSeed(MessageCase c, long seed) {
        Message m = RandomMessages.random(c.name(), c.version(), new Random(seed));
        ByteBuf out = Unpooled.buffer();
        m.write(out, c.version());
        return ByteBufUtil.getBytes(out);
    }

    /** Reads {@code bytes} as {@code c}: only ProtocolException and UnsupportedVersionException may escape. */
    static Outcome decodeResponse(MessageCase c, byte[] bytes) {
        try {
            Object m = RandomMessages.read(c.name(), Unpooled.wrappedBuffer(bytes), c.version());
            releaseRecords(m);
            return Outcome.DECODED;
        } catch (ProtocolException e) {
            return Outcome.PROTOCOL_EXCEPTION;
        } catch (UnsupportedVersionException e) {
            return Outcome.UNSUPPORTED_VERSION;
        } catch (RuntimeException | Error e) {
            throw unexpected(c.name() + " v" + c.version() + ".read()", bytes, e);
        }
    }

    /** Releases the retained record slices a decoded Fetch, ShareFetch or FetchSnapshot response holds. */
    static void releaseRecords(Object response) {
        if (response instanceof FetchResponse fetch) {
            for (FetchResponse.FetchableTopicResponse t : fetch.responses()) {
                for (FetchResponse.PartitionData p : t.partitions()) {
                    if (p.records() != null) {
                        p.records().release();
                    }
                }
            }
        } else if (response instanceof ShareFetchResponse fetch) {
            for (ShareFetchResponse.ShareFetchableTopicResponse t : fetch.responses()) {
                for (ShareFetchResponse.PartitionData p : t.partitions()) {
                    if (p.records() != null) {
                        p.records().release();
                    }
                }
            }
        } else if (response instanceof FetchSnapshotResponse snapshot) {
            for (FetchSnapshotResponse.TopicSnapshot t : snapshot.topics()) {
                for (FetchSnapshotResponse.PartitionSnapshot p : t.partitions()) {
                    if (p.unalignedRecords() != null) {
                        p.unalignedRecords().release();
                    }
                }
            }
        }
    }

    // ---- (c) record batches ----

    /** One to three batches of random records with {@code compression}, back to back. */
    static byte[] batchSeed(CompressionType compression, long seed) {
        Random r = new Random(seed);
        ByteBuf all = Unpooled.buffer();
        int batches = 1 + r.nextInt(3);
        long offset = r.nextInt(1000);
        for (int b = 0; b < batches; b++) {
            try (RecordBatchBuilder builder = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT, compression,
                    256)) {
                builder.baseOffset(offset);
                if (r.nextBoolean()) {
                    builder.producerState(r.nextInt(1 << 20), (short) r.nextInt(10), r.nextInt(1000));
                }
                int count = 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
                long time = 1_700_000_000_000L + r.nextInt(1_000_000);
                for (int i = 0; i < count; i++) {
                    byte[] key = r.nextInt(4) == 0 ? null : bytes(r, r.nextInt(20));
                    byte[] value = r.nextInt(10) == 0 ? null : bytes(r, r.nextInt(r.nextBoolean() ? 16 : 300));
                    Header[] headers = new Header[r.nextInt(3)];
                    for (int h = 0; h < headers.length; h++) {
                        headers[h] = new Header("h" + h, r.nextBoolean() ? null : bytes(r, r.nextInt(8)));
                    }
                    builder.append(time + r.nextInt(1000), key, value, headers);
                }
                ByteBuf batch = builder.build();
                try {
                    all.writeBytes(batch);
                } finally {
                    batch.release();
                }
                offset += count;
            }
        }
        return ByteBufUtil.getBytes(all);
    }

    /**
     * Splits {@code bytes} into batches and reads every record; with {@code fixCrc} each batch's CRC is recomputed
     * first, so that mutations reach the decompressor and the record parser instead of stopping at the CRC check.
     * Only CorruptRecordException (and its UnsupportedMagicException) may escape.
     */
    static Outcome decodeBatches(byte[] bytes, boolean fixCrc) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes.clone());
        try {
            for (RecordBatch batch : RecordBatches.iterable(buf)) {
                if (fixCrc && batch.sizeInBytes() >= RecordBatch.HEADER_SIZE) {
                    batch.buffer().setInt(17, (int) batch.computeChecksum()); // CRC field offset, Kafka's v2 layout
                }
                batch.ensureValid();
                try (RecordIterator records = batch.iterator(MAX_UNCOMPRESSED_BYTES)) {
                    while (records.hasNext()) {
                        Record record = records.next();
                        record.keyBytes();
                        record.valueBytes();
                        record.headers().size();
                    }
                }
            }
            return Outcome.DECODED;
        } catch (CorruptRecordException e) {
            return Outcome.CORRUPT_RECORD;
        } catch (RuntimeException | Error e) {
            throw unexpected("record batches (fixCrc=" + fixCrc + ")", bytes, e);
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static AssertionError unexpected(String target, byte[] input, Throwable e) {
        String hex = ByteBufUtil.hexDump(input, 0, Math.min(input.length, 4096));
        return new AssertionError(target + ": unexpected " + e + " for the " + input.length + "-byte input "
                + hex + (input.length > 4096 ? "..." : ""), e);
    }

    /** The APIs whose default request encodes at its latest stable version (what the transport would send). */
    static List<ApiKey> sendableApis() {
        List<ApiKey> apis = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            short v = api.latestStableVersion();
            String response = api.title() + "Response";
            if (v < 0 || !api.hasVersion(v) || !RandomMessages.NAMES.contains(response)) {
                continue;
            }
            try {
                ByteBuf out = Unpooled.buffer();
                FrameHarness.request(api).write(out, v);
                apis.add(api);
            } catch (RuntimeException e) {
                // a request whose defaults cannot be written at this version: not one the fuzz can send
            }
        }
        return List.copyOf(apis);
    }
}
