package dev.samsa.internal.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads and writes the Kafka protocol's primitive types on Netty buffers: unsigned varints (flexible versions,
 * KIP-482), zig-zag varints and varlongs (record batch v2), UUIDs and UTF-8 strings.
 *
 * <p>Every reader checks a declared length against {@link ByteBuf#readableBytes()} before it allocates, so a
 * hostile size field ends in a {@link ProtocolException}, never an {@link OutOfMemoryError}. Stateless (but for the
 * thread-confined {@link RecordsSink}) and thread-safe.
 */
public final class ByteBufs {
    /** Netty's sampling leak wrapper of the SIMPLE level (package-private, so named). */
    private static final String SIMPLE_LEAK_AWARE = "io.netty.buffer.SimpleLeakAwareByteBuf";
    /** The sink of {@link #writeRecords} on this thread, if any. */
    private static final ThreadLocal<RecordsSink> RECORDS_SINK = new ThreadLocal<>();

    private ByteBufs() {
    }

    /**
     * The buffer to read or write through on a per-record path: the buffer inside Netty's leak-detection wrapper of
     * its default level (SIMPLE), else {@code buffer} itself. That level wraps one allocated buffer in 128 in a
     * wrapper that delegates every access and only watches the release, so going through it adds nothing but a
     * second buffer class at per-record call sites; that class turning up after C2 had compiled them deoptimised
     * them (JIT logs of the benchmarks). The caller keeps releasing through {@code buffer}, so a leak is still
     * reported. The ADVANCED and PARANOID wrappers (a subclass) record each access to find a leak's last user: they
     * are returned as given, as is any other wrapper.
     */
    public static ByteBuf withoutSamplingLeakWrapper(ByteBuf buffer) {
        if (buffer.getClass().getName().equals(SIMPLE_LEAK_AWARE)) {
            ByteBuf inner = buffer.unwrap();
            if (inner != null) {
                return inner;
            }
        }
        return buffer;
    }

    /** Size in bytes of {@code value} written as an unsigned varint (1 to 5). */
    public static int sizeOfUnsignedVarint(int value) {
        // 32 - numberOfLeadingZeros gives the significant bits; each varint byte carries 7 of them.
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** Size in bytes of {@code value} written as a zig-zag varint (1 to 5). */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** Size in bytes of {@code value} written as a zig-zag varlong (1 to 10). */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    public static void writeUnsignedVarint(ByteBuf out, int value) {
        while ((value & 0xFFFFFF80) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    public static void writeVarint(ByteBuf out, int value) {
        writeUnsignedVarint(out, (value << 1) ^ (value >> 31));
    }

    public static void writeVarlong(ByteBuf out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            out.writeByte(((int) v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /**
     * Reads an unsigned varint.
     *
     * @throws ProtocolException if the buffer ends inside it or it runs past 5 bytes
     */
    public static int readUnsignedVarint(ByteBuf in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.isReadable()) {
                throw new ProtocolException("truncated varint");
            }
            byte b = in.readByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolException("varint longer than 5 bytes");
    }

    /**
     * Reads an unsigned varint that encodes a length, count or tag of {@code field}.
     *
     * @param in the buffer, advanced past the varint
     * @param field the field being decoded, named in the exception
     * @return the value (as an int: values of 2^31 and more come out negative)
     * @throws ProtocolException naming {@code field} if the buffer ends inside it or it runs past 5 bytes
     */
    public static int readUnsignedVarint(ByteBuf in, String field) {
        // Fast path for the common one-byte case; the slow path names the field on failure.
        if (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b >= 0) {
                in.skipBytes(1);
                return b;
            }
        }
        try {
            return readUnsignedVarint(in);
        } catch (ProtocolException e) {
            throw new ProtocolException(field + ": " + e.getMessage(), e);
        }
    }

    /** Reads a zig-zag varint. @throws ProtocolException as {@link #readUnsignedVarint} */
    public static int readVarint(ByteBuf in) {
        int raw = readUnsignedVarint(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads a zig-zag varlong.
     *
     * @throws ProtocolException if the buffer ends inside it or it runs past 10 bytes
     */
    public static long readVarlong(ByteBuf in) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!in.isReadable()) {
                throw new ProtocolException("truncated varlong");
            }
            byte b = in.readByte();
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new ProtocolException("varlong longer than 10 bytes");
    }

    public static void writeUuid(ByteBuf out, UUID uuid) {
        out.writeLong(uuid.getMostSignificantBits());
        out.writeLong(uuid.getLeastSignificantBits());
    }

    public static UUID readUuid(ByteBuf in) {
        requireReadable(in, 16, "uuid");
        return new UUID(in.readLong(), in.readLong());
    }

    /** UTF-8 length of {@code s} in bytes, without encoding it. */
    public static int utf8Length(CharSequence s) {
        return io.netty.buffer.ByteBufUtil.utf8Bytes(s);
    }

    /** Writes the UTF-8 bytes of {@code s}, with no length prefix. */
    public static void writeUtf8(ByteBuf out, CharSequence s) {
        io.netty.buffer.ByteBufUtil.reserveAndWriteUtf8(out, s, utf8Length(s));
    }

    /**
     * Writes the UTF-8 bytes of {@code s}, with no length prefix, given its UTF-8 length (as computed by
     * {@link #utf8Length}) so that the string is scanned once, not twice. Allocates nothing when {@code out} has
     * room.
     *
     * @param out the buffer to append to
     * @param s the string
     * @param utf8Length {@code utf8Length(s)}
     */
    public static void writeUtf8(ByteBuf out, CharSequence s, int utf8Length) {
        io.netty.buffer.ByteBufUtil.reserveAndWriteUtf8(out, s, utf8Length);
    }

    /**
     * Reads {@code length} bytes as UTF-8.
     *
     * @throws ProtocolException if fewer than {@code length} bytes remain
     */
    public static String readUtf8(ByteBuf in, int length, String field) {
        requireReadable(in, length, field);
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    /**
     * Fails unless {@code length} is non-negative and at most the readable bytes: the bound every decoder checks
     * before it allocates for a length read off the wire.
     *
     * @throws ProtocolException naming {@code field}, the length and what remains
     */
    public static void requireReadable(ByteBuf in, int length, String field) {
        if (length < 0 || length > in.readableBytes()) {
            throw new ProtocolException(field + ": length " + length + " exceeds the " + in.readableBytes()
                    + " bytes remaining");
        }
    }

    /**
     * Appends a {@code records} field's bytes (a sequence of record batches), without a length prefix. The one
     * place record payloads are written into a message: the thread's {@link RecordsSink} ({@link #recordsSink}) takes
     * them by reference if {@code out} is its buffer (the Netty transport's zero-copy path), else they are copied.
     */
    public static void writeRecords(ByteBuf out, ByteBuf records) {
        RecordsSink sink = RECORDS_SINK.get();
        if (sink != null && sink.appendRecords(out, records)) {
            return;
        }
        out.writeBytes(records, records.readerIndex(), records.readableBytes());
    }

    /**
     * Makes {@code sink} (null: none) take the {@code records} fields this thread writes from now on, until it is
     * set again: the Netty transport installs one around encoding a Produce request. A thread-local rather than a
     * sink type of buffer, so that the fields are written into a plain pooled buffer: a buffer subclass (it was a
     * {@code CompositeByteBuf}) made every generated {@code write} method call its heavier writes (JIT logs).
     */
    public static void recordsSink(RecordsSink sink) {
        RECORDS_SINK.set(sink);
    }

    /**
     * Reads a {@code records} field of {@code length} bytes as a retained slice of {@code in}: no copy. The caller
     * of the message's {@code read} owns that reference and releases it when done with the records. Inside a
     * {@link #trackRecords} scope the slice is also noted, so that a read failing later in the message frees it.
     *
     * @throws ProtocolException if fewer than {@code length} bytes remain
     */
    public static ByteBuf readRecords(ByteBuf in, int length) {
        requireReadable(in, length, "records");
        ByteBuf records = in.readRetainedSlice(length);
        RecordsTracker tracker = TRACKER.get();
        if (tracker.active) {
            tracker.add(records);
        }
        return records;
    }

    /** This thread's {@link RecordsTracker}. */
    private static final ThreadLocal<RecordsTracker> TRACKER = ThreadLocal.withInitial(RecordsTracker::new);

    /**
     * Starts noting the {@code records} fields this thread reads, until {@link RecordsTracker#end}: a message whose
     * read fails after some of its {@code records} fields were read has no caller to release them, and they hold the
     * whole frame they are slices of (a malformed Fetch response would keep its frame, up to fetch.max.bytes). Not
     * nested; one per thread, reused. {@link #readRequestFreeingRecordsOnFailure} and
     * {@link #readResponseFreeingRecordsOnFailure} use it.
     */
    private static RecordsTracker trackRecords() {
        RecordsTracker tracker = TRACKER.get();
        tracker.active = true;
        return tracker;
    }

    /**
     * {@code api.readRequest(in, version)}, freeing the {@code records} slices it took if it fails partway
     * ({@link #trackRecords}): for the requests with records fields (Produce), read as any other otherwise.
     *
     * @throws ProtocolException as the read does
     */
    public static ApiRequest<?> readRequestFreeingRecordsOnFailure(ApiKey api, ByteBuf in, short version) {
        if (api != ApiKey.PRODUCE) {
            return api.readRequest(in, version);
        }
        RecordsTracker tracker = trackRecords();
        boolean failed = true;
        try {
            ApiRequest<?> request = api.readRequest(in, version);
            failed = false;
            return request;
        } finally {
            tracker.end(failed);
        }
    }

    /**
     * {@code api.readResponse(in, version)}, freeing the {@code records} slices it took if it fails partway
     * ({@link #trackRecords}): for the responses with records fields (Fetch, ShareFetch, FetchSnapshot), read as any
     * other otherwise. A Fetch response cut short in its second partition would else keep the whole frame alive
     * through the first partition's slice.
     *
     * @throws ProtocolException as the read does
     */
    public static ApiResponse readResponseFreeingRecordsOnFailure(ApiKey api, ByteBuf in, short version) {
        if (api != ApiKey.FETCH && api != ApiKey.SHARE_FETCH && api != ApiKey.FETCH_SNAPSHOT) {
            // Nothing of the buffer is kept, so it is read past a sampling leak wrapper: else the wrapper, seen in
            // the type profile, has C2 compile every read of the generated code for both classes (JIT logs). A
            // response with records keeps slices, which must come through the wrapper to be tracked with it.
            return api.readResponse(withoutSamplingLeakWrapper(in), version);
        }
        RecordsTracker tracker = trackRecords();
        boolean failed = true;
        try {
            ApiResponse response = api.readResponse(in, version);
            failed = false;
            return response;
        } finally {
            tracker.end(failed);
        }
    }

    /** The {@code records} slices one message read has taken so far ({@link #trackRecords}). */
    private static final class RecordsTracker {
        private boolean active;
        private ByteBuf[] taken = new ByteBuf[4];
        private int count;

        private RecordsTracker() {
        }

        private void add(ByteBuf records) {
            if (count == taken.length) {
                taken = Arrays.copyOf(taken, count * 2);
            }
            taken[count++] = records;
        }

        /**
         * Ends the scope.
         *
         * @param failed whether the read failed: then every slice it took is released, since nothing else holds
         *     them; else they belong to the message read
         */
        void end(boolean failed) {
            for (int i = 0; i < count; i++) {
                if (failed) {
                    taken[i].release();
                }
                taken[i] = null;
            }
            count = 0;
            active = false;
        }
    }
}
