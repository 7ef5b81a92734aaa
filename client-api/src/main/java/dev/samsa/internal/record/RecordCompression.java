package dev.samsa.internal.record;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.samsa.common.CompressionType;
import dev.samsa.errors.CorruptRecordException;
import dev.samsa.errors.SamsaException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import org.xerial.snappy.SnappyError;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Compresses and decompresses the records section of a batch with the library each codec comes from, in the
 * framing Kafka uses: gzip through the JDK's {@code GZIPOutputStream}/{@code GZIPInputStream} (8 KiB buffers);
 * snappy through snappy-java's {@code SnappyOutputStream}/{@code SnappyInputStream} (its own framing with 32 KiB
 * blocks, which is what Kafka writes, not the snappy "framing format"); lz4 in the LZ4 frame format around
 * lz4-java's block codec ({@link Lz4Frame}); zstd through zstd-jni's streams with its recycling buffer pool.
 *
 * <p>Decompression writes into a pooled heap buffer that grows only as output actually arrives and never past the
 * caller's bound, so a decompression bomb ends in a {@link CorruptRecordException}, never an
 * {@link OutOfMemoryError}; snappy's chunk headers are checked against that bound before snappy-java sizes its
 * buffers from them. Stateless and thread-safe.
 */
final class RecordCompression {
    /** Buffer size of the gzip streams, as in Kafka. */
    private static final int GZIP_BUFFER_SIZE = 8 * 1024;
    /** snappy-java's stream header: magic (8 bytes), version and compatible version (4 each). */
    private static final byte[] SNAPPY_MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int SNAPPY_HEADER_SIZE = 16;
    private static final int SNAPPY_MAGIC_HEAD = 0x82534E41;
    private static final LZ4Compressor[] LZ4_COMPRESSORS = new LZ4Compressor[CompressionType.LZ4.maxLevel() + 1];

    private RecordCompression() {
    }

    /**
     * Appends {@code length} bytes of {@code src} at {@code index}, compressed with {@code type} at {@code level},
     * to {@code out}.
     *
     * @throws SamsaException if the codec fails (it does not for in-memory buffers short of a native library
     *         failing to load)
     */
    static void compress(CompressionType type, int level, ByteBuf src, int index, int length, ByteBuf out) {
        switch (type) {
            case NONE -> out.writeBytes(src, index, length);
            case LZ4 -> Lz4Frame.compress(lz4Compressor(level), src, index, length, out);
            default -> {
                try (OutputStream stream = wrapForOutput(type, level, new ByteBufOutputStream(out))) {
                    src.getBytes(index, stream, length);
                } catch (IOException | RuntimeException | SnappyError e) {
                    throw new SamsaException("compressing " + length + " bytes of records with "
                            + type.configName() + " failed", e);
                }
            }
        }
    }

    /**
     * The capacity to reserve for {@code length} bytes compressed: lz4's exact worst case (so the frame is written
     * with no reallocation), half the input for the stream codecs (which grow the buffer if they need more).
     */
    static int initialCapacity(CompressionType type, int level, int length) {
        return type == CompressionType.LZ4 ? Lz4Frame.maxFrameSize(lz4Compressor(level), length)
                : Math.max(64, length / 2);
    }

    private static OutputStream wrapForOutput(CompressionType type, int level, OutputStream out) throws IOException {
        return switch (type) {
            case GZIP -> new LeveledGzipOutputStream(out, level);
            case SNAPPY -> new SnappyOutputStream(out);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE).setLevel(level);
            default -> throw new IllegalArgumentException(type.configName());
        };
    }

    private static LZ4Compressor lz4Compressor(int level) {
        LZ4Compressor compressor = LZ4_COMPRESSORS[level];
        if (compressor == null) {
            // Benign race: compressors are stateless, two threads may each make one.
            compressor = Lz4Frame.compressor(level);
            LZ4_COMPRESSORS[level] = compressor;
        }
        return compressor;
    }

    /**
     * Decompresses {@code src}'s readable bytes into a new pooled heap buffer from {@code alloc} holding at most
     * {@code maxBytes}. The caller owns (and releases) the result.
     *
     * @throws CorruptRecordException naming {@code batch}'s base offset and the problem if the data does not
     *         decompress or its content exceeds {@code maxBytes}
     */
    static ByteBuf decompress(CompressionType type, ByteBuf src, ByteBufAllocator alloc, int maxBytes,
            RecordBatch batch) {
        int initial = (int) Math.min(maxBytes, Math.max(256L, 4L * src.readableBytes()));
        ByteBuf out = alloc.heapBuffer(initial);
        boolean done = false;
        try {
            switch (type) {
                case LZ4 -> Lz4Frame.decompress(src, out, maxBytes);
                case GZIP -> drain(new GZIPInputStream(new ByteBufInputStream(src.duplicate()), GZIP_BUFFER_SIZE),
                        out, maxBytes, type, batch);
                case SNAPPY -> {
                    checkSnappyChunks(src, maxBytes, batch);
                    drain(new SnappyInputStream(new ByteBufInputStream(src.duplicate()), src.readableBytes()), out,
                            maxBytes, type, batch);
                }
                case ZSTD -> drain(new ZstdInputStreamNoFinalizer(new ByteBufInputStream(src.duplicate()),
                        RecyclingBufferPool.INSTANCE), out, maxBytes, type, batch);
                default -> throw new IllegalArgumentException(type.configName());
            }
            done = true;
            return out;
        } catch (CorruptRecordException e) {
            throw e;
        } catch (IOException | RuntimeException | SnappyError e) {
            throw batch.corrupt(type.configName() + " records do not decompress: " + e.getMessage(), e);
        } finally {
            if (!done) {
                out.release();
            }
        }
    }

    /** Reads {@code in} to its end into {@code out}, failing once the content would pass {@code maxBytes}. */
    private static void drain(InputStream in, ByteBuf out, int maxBytes, CompressionType type, RecordBatch batch)
            throws IOException {
        try (in) {
            while (true) {
                int room = maxBytes - out.writerIndex();
                if (room == 0) {
                    if (in.read() != -1) {
                        throw batch.corrupt(type.configName() + " records decompress to more than the limit of "
                                + maxBytes + " bytes");
                    }
                    return;
                }
                out.ensureWritable(Math.min(room, 8192));
                if (out.writeBytes(in, Math.min(out.writableBytes(), room)) < 0) {
                    return;
                }
            }
        }
    }

    /**
     * Walks snappy-java's framing (a header, then chunks of a big-endian length and raw snappy data whose first
     * varint is the chunk's uncompressed length; a repeated header may start a concatenated stream) and checks
     * every length before {@code SnappyInputStream} allocates from it.
     */
    private static void checkSnappyChunks(ByteBuf src, int maxBytes, RecordBatch batch) {
        int pos = src.readerIndex();
        int end = src.writerIndex();
        if (end - pos < SNAPPY_HEADER_SIZE || !hasSnappyMagic(src, pos)) {
            throw batch.corrupt("snappy records do not start with snappy-java's stream header");
        }
        pos += SNAPPY_HEADER_SIZE;
        long total = 0;
        while (pos < end) {
            if (end - pos < 4) {
                throw batch.corrupt("snappy records truncated in a chunk length");
            }
            int chunkLength = src.getInt(pos);
            if (chunkLength == SNAPPY_MAGIC_HEAD) {
                if (end - pos < SNAPPY_HEADER_SIZE || !hasSnappyMagic(src, pos)) {
                    throw batch.corrupt("snappy records hold a truncated or invalid stream header");
                }
                pos += SNAPPY_HEADER_SIZE;
                continue;
            }
            pos += 4;
            if (chunkLength < 0 || chunkLength > end - pos) {
                throw batch.corrupt("snappy chunk length " + chunkLength + " but " + (end - pos)
                        + " bytes remain");
            }
            long uncompressed = 0;
            int shift = 0;
            int i = pos;
            while (true) {
                if (i >= pos + chunkLength || shift > 28) {
                    throw batch.corrupt("snappy chunk has a malformed uncompressed length");
                }
                int b = src.getByte(i++);
                uncompressed |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            // Snappy's densest element (a 3-byte copy of 64 bytes) expands 22-fold, so a larger claim is a lie.
            if (uncompressed > 32L * chunkLength + 64) {
                throw batch.corrupt("snappy chunk of " + chunkLength + " bytes claims " + uncompressed
                        + " uncompressed bytes");
            }
            total += uncompressed;
            if (total > maxBytes) {
                throw batch.corrupt("snappy records decompress to more than the limit of " + maxBytes + " bytes");
            }
            pos += chunkLength;
        }
    }

    private static boolean hasSnappyMagic(ByteBuf src, int pos) {
        for (int i = 0; i < SNAPPY_MAGIC.length; i++) {
            if (src.getByte(pos + i) != SNAPPY_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The JDK's gzip stream with the deflater set to {@code compression.gzip.level} (-1: zlib's default, 6). */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, GZIP_BUFFER_SIZE);
            def.setLevel(level);
        }
    }
}
