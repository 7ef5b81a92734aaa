package dev.samsa.netty.internal;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.ApiRequest;
import dev.samsa.internal.protocol.ApiResponse;
import dev.samsa.internal.protocol.ByteBufs;
import dev.samsa.internal.protocol.message.ApiVersionsResponse;
import dev.samsa.internal.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Request framing and response header parsing, shared by the handshake stage and the correlation stage. */
final class Frames {
    /** Kafka's UNSUPPORTED_VERSION error code, which ApiVersions answers in v0 (KIP-511). */
    static final short UNSUPPORTED_VERSION = 35;

    private Frames() {
    }

    /**
     * Encodes one request frame into one buffer: size prefix, request header v1/v2 (client_id stays a non-compact
     * nullable string even in v2), body. A Produce request's records are copied: the connection sends those with
     * {@link #encodeProduce} instead.
     */
    static ByteBuf encode(ByteBufAllocator alloc, ApiRequest<?> request, short version, int correlationId,
            byte[] clientIdUtf8) {
        int bodySize = request.size(version);
        int frameSize = 4 + headerSize(request.apiKey(), version, clientIdUtf8) + bodySize;
        ByteBuf buf = alloc.ioBuffer(frameSize);
        try {
            buf.writeInt(frameSize - 4);
            buf.writeShort(request.apiKey().id());
            buf.writeShort(version);
            writeHeaderRest(buf, request.apiKey(), version, correlationId, clientIdUtf8);
            request.write(buf, version);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * Encodes a Produce request frame as {@link #encode} does, but with its record batches taken by reference
     * ({@link RequestFrame}). The size prefix is set once the fields are written (fields plus batches), so the
     * request's {@code size} walk is not needed. The fields go into {@code fields}' kept buffer when it is free
     * ({@link KeptBuffer}), else (or with {@code fields} null) into a new buffer of {@code alloc}.
     */
    static RequestFrame encodeProduce(ByteBufAllocator alloc, KeptBuffer fields, ProduceRequest request,
            short version, int correlationId, byte[] clientIdUtf8) {
        RequestFrame frame = new RequestFrame(alloc, fields);
        ByteBuf buf = frame.fields();
        ByteBufs.recordsSink(frame);
        try {
            // The size (0 until set below), API key and version in one write: each write is inlined on its own into the
            // per-request code C2 compiles.
            buf.writeLong((long) ApiKey.PRODUCE.id() << 16 | (version & 0xFFFF));
            writeHeaderRest(buf, ApiKey.PRODUCE, version, correlationId, clientIdUtf8);
            request.write(buf, version);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        } finally {
            ByteBufs.recordsSink(null);
        }
        buf.setInt(0, buf.writerIndex() - 4 + frame.recordsBytes());
        return frame;
    }

    private static int headerSize(ApiKey api, short version, byte[] clientIdUtf8) {
        return 2 + 2 + 4 + 2 + (clientIdUtf8 == null ? 0 : clientIdUtf8.length)
                + (api.requestHeaderVersion(version) >= 2 ? 1 : 0);
    }

    /** The request header from the correlation id on. */
    private static void writeHeaderRest(ByteBuf buf, ApiKey api, short version, int correlationId,
            byte[] clientIdUtf8) {
        buf.writeInt(correlationId);
        if (clientIdUtf8 == null) {
            buf.writeShort(-1);
        } else {
            buf.writeShort(clientIdUtf8.length);
            buf.writeBytes(clientIdUtf8);
        }
        if (api.requestHeaderVersion(version) >= 2) {
            buf.writeByte(0); // no tagged fields
        }
    }

    /**
     * Reads what follows the correlation id: the response header's tagged fields (header v1) and the body.
     *
     * @throws dev.samsa.internal.protocol.ProtocolException or {@link dev.samsa.errors.UnsupportedVersionException}
     *     if the bytes do not decode
     */
    static ApiResponse readResponse(ApiKey api, short version, ByteBuf frame) {
        if (api.responseHeaderVersion(version) >= 1) {
            skipTaggedFields(ByteBufs.withoutSamplingLeakWrapper(frame)); // as the body is read: see there
        }
        if (api != ApiKey.API_VERSIONS) {
            return ByteBufs.readResponseFreeingRecordsOnFailure(api, frame, version);
        }
        // A broker that lacks our ApiVersions version answers in v0 (KIP-511); read it that way if ours fails.
        int start = frame.readerIndex();
        try {
            return api.readResponse(frame, version);
        } catch (RuntimeException e) {
            frame.readerIndex(start);
            ApiResponse v0;
            try {
                v0 = api.readResponse(frame, (short) 0);
            } catch (RuntimeException e0) {
                e.addSuppressed(e0);
                throw e;
            }
            if (((ApiVersionsResponse) v0).errorCode() != UNSUPPORTED_VERSION) {
                throw e;
            }
            return v0;
        }
    }

    private static void skipTaggedFields(ByteBuf in) {
        int count = ByteBufs.readUnsignedVarint(in);
        for (int i = 0; i < count; i++) {
            ByteBufs.readUnsignedVarint(in); // tag
            int size = ByteBufs.readUnsignedVarint(in);
            ByteBufs.requireReadable(in, size, "response header tagged field");
            in.skipBytes(size);
        }
    }
}
