package dev.samsa.internal.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4's {@code lz4_Frame_format.md}, v1.6) as Kafka writes and reads it for record batch v2,
 * framed here around lz4-java's block compressor and decompressor so that blocks go straight between Netty buffers
 * with no intermediate stream buffers.
 *
 * <p>What Kafka (4.x {@code Lz4BlockOutputStream}) writes, and so what this writes byte for byte: magic
 * {@code 0x184D2204} (little-endian); FLG {@code 0x60} (version 01, independent blocks, no block checksum, no content
 * size, no content checksum, no dictionary id); BD {@code 0x40} (64 KiB maximum block size); the header checksum
 * {@code (xxh32(FLG BD, seed 0) >> 8) & 0xFF} (the correct one: only magic-0 messages used Kafka's old broken
 * checksum over the magic too); then blocks, each a little-endian size with the high bit set when the block is
 * stored uncompressed (because compressing did not shrink it); then a zero end mark. Level 9 (Kafka's default)
 * uses LZ4's fast compressor, any other level LZ4-HC at that level, as Kafka does.
 *
 * <p>What Kafka reads, and so what this accepts: version 01 only; independent blocks only (Kafka rejects dependent
 * blocks, which it never writes); reserved bits and the dictionary-id bit clear; block sizes 64 KiB to 4 MiB;
 * optional block checksums (verified) and content size (skipped); an optional content checksum, which this
 * verifies as the spec defines it (Kafka skips it). Bytes after the end mark are ignored, as in Kafka.
 */
final class Lz4Frame {
    static final int MAGIC = 0x184D2204;
    static final int FLG_VERSION_MASK = 0xC0;
    static final int FLG_VERSION_01 = 0x40;
    static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_RESERVED = 0x02;
    static final int FLG_DICT_ID = 0x01;
    static final int BD_64KB = 0x40;
    static final int BLOCK_UNCOMPRESSED = 0x80000000;
    static final int MAX_BLOCK_SIZE = 64 * 1024;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    private static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();
    private static final XXHash32 XXH32 = XXHASH.hash32();
    private static final byte FLG = (byte) (FLG_VERSION_01 | FLG_BLOCK_INDEPENDENCE);
    private static final byte BD = (byte) BD_64KB;
    static final byte HEADER_CHECKSUM = headerChecksum(new byte[] {FLG, BD}, 0, 2);
    /** The 7-byte frame header as Kafka writes it (magic, FLG, BD, header checksum), as a little-endian long. */
    private static final long HEADER = (MAGIC & 0xFFFFFFFFL) | (FLG & 0xFFL) << 32 | (BD & 0xFFL) << 40
            | (HEADER_CHECKSUM & 0xFFL) << 48;
    private static final int HEADER_SIZE = 7;

    private Lz4Frame() {
    }

    /** The compressor Kafka picks for a level: LZ4's fast one at the default 9, LZ4-HC at any other. */
    static LZ4Compressor compressor(int level) {
        return level == 9 ? LZ4.fastCompressor() : LZ4.highCompressor(level);
    }

    /** An upper bound on the frame size for {@code length} bytes of content. */
    static int maxFrameSize(LZ4Compressor compressor, int length) {
        if (length == 0) {
            return 7 + 4;
        }
        int blocks = (length + MAX_BLOCK_SIZE - 1) / MAX_BLOCK_SIZE;
        int lastBlock = length - (blocks - 1) * MAX_BLOCK_SIZE;
        long bound = 7L + 4 // header, end mark
                + (long) (blocks - 1) * (4 + compressor.maxCompressedLength(MAX_BLOCK_SIZE))
                + 4 + compressor.maxCompressedLength(lastBlock);
        return (int) Math.min(Integer.MAX_VALUE, bound);
    }

    /**
     * Writes {@code length} bytes of {@code src} at {@code index} as one LZ4 frame at {@code out}'s writer index.
     *
     * <p>Written through one NIO view of each buffer, taken once per frame, by absolute index: every Netty accessor
     * call ({@code writeIntLE}, {@code writeByte}, a {@code nioBuffer} per block) inlined its own bounds and access
     * checks into this method's compiled code (about 5 KB of bytecode, 15-21 KiB of C2 code per producer run). The
     * view of {@code out} covers the worst-case frame, which {@code out} is made writable for first.
     */
    static void compress(LZ4Compressor compressor, ByteBuf src, int index, int length, ByteBuf out) {
        int maxSize = maxFrameSize(compressor, length);
        out.ensureWritable(maxSize);
        int start = out.writerIndex();
        ByteBuffer target = out.nioBuffer(start, maxSize).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer source = src.nioBuffer(index, length);
        // One 8-byte write (a bulk put of 7 bytes is a copy loop in compiled code); its last byte is the first byte of
        // what follows, a block size or the end mark, which overwrites it.
        target.putLong(0, HEADER);
        int pos = HEADER_SIZE;
        for (int offset = 0; offset < length; offset += MAX_BLOCK_SIZE) {
            int blockLength = Math.min(MAX_BLOCK_SIZE, length - offset);
            int compressed = compressor.compress(source, offset, blockLength, target, pos + 4,
                    compressor.maxCompressedLength(blockLength));
            if (compressed >= blockLength) {
                // Incompressible: store the block as is, flagged by the size's high bit (as Kafka does).
                target.putInt(pos, blockLength | BLOCK_UNCOMPRESSED);
                target.put(pos + 4, source, offset, blockLength);
                pos += 4 + blockLength;
            } else {
                target.putInt(pos, compressed);
                pos += 4 + compressed;
            }
        }
        target.putInt(pos, 0); // end mark
        out.writerIndex(start + pos + 4);
    }

    /**
     * Decompresses the frame in {@code src}'s readable bytes, appending the content to {@code out} while keeping its writer index at most {@code maxBytes}.
     *
     * @throws Lz4FrameException naming the problem if the frame is malformed or its content exceeds the bound
     */
    static void decompress(ByteBuf src, ByteBuf out, int maxBytes) {
        int pos = src.readerIndex();
        int end = src.writerIndex();
        if (end - pos < 7) {
            throw new Lz4FrameException("LZ4 frame truncated: " + (end - pos) + " bytes, the header needs 7");
        }
        int magic = src.getIntLE(pos);
        if (magic != MAGIC) {
            throw new Lz4FrameException("not an LZ4 frame: magic 0x" + Integer.toHexString(magic));
        }
        int flg = src.getUnsignedByte(pos + 4);
        int bd = src.getUnsignedByte(pos + 5);
        if ((flg & FLG_VERSION_MASK) != FLG_VERSION_01) {
            throw new Lz4FrameException("LZ4 frame version " + (flg >>> 6) + " is not supported (expected 1)");
        }
        if ((flg & (FLG_RESERVED | FLG_DICT_ID)) != 0) {
            throw new Lz4FrameException("LZ4 frame descriptor FLG 0x" + Integer.toHexString(flg)
                    + " sets a reserved or dictionary-id bit");
        }
        if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
            throw new Lz4FrameException("LZ4 frames with dependent blocks are not supported (Kafka writes none)");
        }
        int blockSizeId = (bd >>> 4) & 0x07;
        if ((bd & 0x8F) != 0 || blockSizeId < 4) {
            throw new Lz4FrameException("LZ4 frame descriptor BD 0x" + Integer.toHexString(bd) + " is invalid");
        }
        int maxBlockSize = 1 << (2 * blockSizeId + 8);
        int descriptorLength = 2 + ((flg & FLG_CONTENT_SIZE) != 0 ? 8 : 0);
        if (end - pos < 4 + descriptorLength + 1) {
            throw new Lz4FrameException("LZ4 frame header truncated");
        }
        byte expectedChecksum = headerChecksum(src.nioBuffer(pos + 4, descriptorLength), descriptorLength);
        if (src.getByte(pos + 4 + descriptorLength) != expectedChecksum) {
            throw new Lz4FrameException("LZ4 frame header checksum mismatch");
        }
        pos += 4 + descriptorLength + 1;
        boolean blockChecksum = (flg & FLG_BLOCK_CHECKSUM) != 0;
        StreamingXXHash32 contentChecksum = (flg & FLG_CONTENT_CHECKSUM) != 0 ? XXHASH.newStreamingHash32(0) : null;
        try {
            while (true) {
                if (end - pos < 4) {
                    throw new Lz4FrameException("LZ4 frame truncated: no end mark");
                }
                int size = src.getIntLE(pos);
                pos += 4;
                if (size == 0) {
                    if (contentChecksum != null) {
                        if (end - pos < 4) {
                            throw new Lz4FrameException("LZ4 frame truncated in its content checksum");
                        }
                        if (src.getIntLE(pos) != contentChecksum.getValue()) {
                            throw new Lz4FrameException("LZ4 frame content checksum mismatch");
                        }
                    }
                    return;
                }
                boolean stored = (size & BLOCK_UNCOMPRESSED) != 0;
                int length = size & ~BLOCK_UNCOMPRESSED;
                if (length > maxBlockSize) {
                    throw new Lz4FrameException("LZ4 block of " + length + " bytes exceeds the frame's maximum "
                            + maxBlockSize);
                }
                if (length > end - pos - (blockChecksum ? 4 : 0)) {
                    throw new Lz4FrameException("LZ4 block of " + length + " bytes runs past the end of the frame");
                }
                if (blockChecksum && XXH32.hash(src.nioBuffer(pos, length), 0, length, 0) != src.getIntLE(pos
                        + length)) {
                    throw new Lz4FrameException("LZ4 block checksum mismatch");
                }
                int room = maxBytes - out.writerIndex();
                int contentStart = out.writerIndex();
                if (stored) {
                    if (length > room) {
                        throw new Lz4FrameException("LZ4 content exceeds the limit of " + maxBytes + " bytes");
                    }
                    out.writeBytes(src, pos, length);
                } else {
                    int limit = Math.min(room, maxBlockSize);
                    out.ensureWritable(limit);
                    int n;
                    try {
                        n = DECOMPRESSOR.decompress(src.nioBuffer(pos, length), 0, length,
                                out.nioBuffer(contentStart, limit), 0, limit);
                    } catch (LZ4Exception e) {
                        throw new Lz4FrameException(limit < maxBlockSize
                                ? "LZ4 block is malformed or its content exceeds the limit of " + maxBytes + " bytes"
                                : "LZ4 block is malformed: " + e.getMessage());
                    }
                    out.writerIndex(contentStart + n);
                }
                if (contentChecksum != null) {
                    int n = out.writerIndex() - contentStart;
                    if (out.hasArray()) {
                        contentChecksum.update(out.array(), out.arrayOffset() + contentStart, n);
                    } else {
                        contentChecksum.update(io.netty.buffer.ByteBufUtil.getBytes(out, contentStart, n), 0, n);
                    }
                }
                pos += length + (blockChecksum ? 4 : 0);
            }
        } finally {
            if (contentChecksum != null) {
                contentChecksum.close();
            }
        }
    }

    private static byte headerChecksum(byte[] descriptor, int offset, int length) {
        return (byte) ((XXH32.hash(descriptor, offset, length, 0) >> 8) & 0xFF);
    }

    private static byte headerChecksum(ByteBuffer descriptor, int length) {
        return (byte) ((XXH32.hash(descriptor, 0, length, 0) >> 8) & 0xFF);
    }

    /** A malformed LZ4 frame; the caller turns it into a {@code CorruptRecordException} naming the batch. */
    static final class Lz4FrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Lz4FrameException(String message) {
            super(message);
        }
    }
}
