package dev.samsa.samples.perf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a payload file for the producer tools' {@code --payload-file} option (Kafka's {@code ProducerPerformance}
 * and {@link ProducerPerf} read it alike: UTF-8, one payload per line, one picked at random for each record).
 *
 * <p>Why {@code ProducerBenchmark --payload-file} uses one: with {@code --record-size} both tools refill every record
 * with random capital letters before sending it, about 0.3 us of CPU per 100-byte record and 3.2-4.2 us per 1 KiB
 * record in a real run (async-profiler: a quarter to a half of Samsa's process CPU at 1 KiB), work that is the tool's
 * and not the client's. From a file, a record costs the tool one random pick. The file holds the same kind of bytes (random
 * capital letters from {@code SplittableRandom(0)}), and enough distinct payloads that a batch rarely holds one twice,
 * so compression sees what it sees with {@code --record-size}.
 *
 * <p>Not thread-safe; a static method over its arguments.
 */
final class PayloadFile {
    /** The file's target size in bytes: large enough for distinct payloads per batch, small enough to read quickly. */
    static final long TARGET_BYTES = 4L * 1024 * 1024;
    /** The fewest payloads a file holds, whatever their size. */
    static final int MIN_PAYLOADS = 2048;

    private PayloadFile() {
    }

    /** How many payloads of {@code recordSize} bytes {@link #write} puts in a file. */
    static int payloadCount(int recordSize) {
        return (int) Math.max(MIN_PAYLOADS, TARGET_BYTES / recordSize);
    }

    /**
     * Writes {@link #payloadCount} payloads of exactly {@code recordSize} random capital letters, one per line, to
     * {@code file} (replaced if present); the same file for the same size every time.
     *
     * @param recordSize bytes per payload, at least 1
     * @return {@code file}
     * @throws IllegalArgumentException if {@code recordSize} is below 1
     * @throws IOException if the file cannot be written
     */
    static Path write(Path file, int recordSize) throws IOException {
        if (recordSize < 1) {
            throw new IllegalArgumentException("record size must be at least 1 byte, got " + recordSize);
        }
        SplittableRandom random = new SplittableRandom(0);
        byte[] line = new byte[recordSize + 1];
        line[recordSize] = '\n';
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = payloadCount(recordSize); n > 0; n--) {
                for (int i = 0; i < recordSize; i++) {
                    line[i] = (byte) ('A' + random.nextInt(26));
                }
                // The last line without its newline: a trailing delimiter would make an empty last payload.
                out.write(line, 0, n == 1 ? recordSize : recordSize + 1);
            }
        }
        return file;
    }
}
