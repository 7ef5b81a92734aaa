package dev.samsa.common;

import java.util.Locale;

/**
 * The compression codecs a Kafka record batch may use: the producer's {@code compression.type}, stored in the low
 * three bits of a batch's {@code attributes} (record batch v2, KIP-98).
 *
 * <p>Gzip, lz4 and zstd take a compression level ({@code compression.gzip.level}, {@code compression.lz4.level},
 * {@code compression.zstd.level}, KIP-390); this enum carries the same defaults and bounds as Apache Kafka, so a
 * level accepted here is accepted there. {@code none} and {@code snappy} have no level.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum CompressionType {
    /** No compression. Id 0, {@code compression.type=none}. */
    NONE(0, "none", null, 0, 0, 0),
    /**
     * Gzip (DEFLATE in a gzip container, RFC 1952). Id 1. Levels 1 (fastest) to 9 (smallest), or -1 for the
     * deflater's own default (6); default -1.
     */
    GZIP(1, "gzip", "compression.gzip.level", -1, 1, 9),
    /** Snappy in snappy-java's framing. Id 2. No levels. */
    SNAPPY(2, "snappy", null, 0, 0, 0),
    /**
     * LZ4 in the LZ4 frame format. Id 3. Levels 1 to 17; default 9, which selects LZ4's fast compressor (any
     * other level selects LZ4-HC at that level, as Kafka does).
     */
    LZ4(3, "lz4", "compression.lz4.level", 9, 1, 17),
    /**
     * Zstandard. Id 4 (KIP-110, brokers 2.1+). Levels -131072 (zstd's fastest negative level) to 22; default 3.
     */
    ZSTD(4, "zstd", "compression.zstd.level", 3, -131072, 22);

    private static final CompressionType[] BY_ID = values();

    private final int id;
    private final String configName;
    private final String levelConfigName;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    CompressionType(int id, String configName, String levelConfigName, int defaultLevel, int minLevel,
            int maxLevel) {
        this.id = id;
        this.configName = configName;
        this.levelConfigName = levelConfigName;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    /** The codec's id in a record batch's attributes (0 to 4). */
    public int id() {
        return id;
    }

    /** The name Kafka's {@code compression.type} config uses: {@code none}, {@code gzip}, ... */
    public String configName() {
        return configName;
    }

    /** Whether this codec takes a compression level ({@code gzip}, {@code lz4}, {@code zstd}). */
    public boolean hasLevels() {
        return levelConfigName != null;
    }

    /**
     * The config key of this codec's level, such as {@code compression.lz4.level}.
     *
     * @throws UnsupportedOperationException if this codec has no levels ({@link #hasLevels()} is false)
     */
    public String levelConfigName() {
        requireLevels();
        return levelConfigName;
    }

    /**
     * The level used when none is configured (KIP-390's defaults: gzip -1, lz4 9, zstd 3).
     *
     * @throws UnsupportedOperationException if this codec has no levels
     */
    public int defaultLevel() {
        requireLevels();
        return defaultLevel;
    }

    /**
     * The lowest accepted level.
     *
     * @throws UnsupportedOperationException if this codec has no levels
     */
    public int minLevel() {
        requireLevels();
        return minLevel;
    }

    /**
     * The highest accepted level.
     *
     * @throws UnsupportedOperationException if this codec has no levels
     */
    public int maxLevel() {
        requireLevels();
        return maxLevel;
    }

    /**
     * Returns {@code level} if this codec accepts it: between {@link #minLevel()} and {@link #maxLevel()}, or
     * equal to {@link #defaultLevel()} (gzip's -1 lies outside 1..9).
     *
     * @throws IllegalArgumentException naming the config key, the level and the accepted range, if the level is
     *         out of range or this codec has no levels
     */
    public int checkLevel(int level) {
        if (!hasLevels()) {
            throw new IllegalArgumentException("compression type " + configName + " has no compression level (got "
                    + level + ")");
        }
        if ((level < minLevel || level > maxLevel) && level != defaultLevel) {
            String expected = minLevel + ".." + maxLevel + (defaultLevel < minLevel ? " or " + defaultLevel : "");
            throw new IllegalArgumentException(levelConfigName + ": " + level + " (expected: " + expected + ")");
        }
        return level;
    }

    /**
     * The codec with the given attributes id.
     *
     * @throws IllegalArgumentException if {@code id} is not 0 to 4
     */
    public static CompressionType forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("unknown compression type id " + id + " (expected: 0..4)");
        }
        return BY_ID[id];
    }

    /**
     * The codec named by a {@code compression.type} value, ignoring case.
     *
     * @throws IllegalArgumentException listing the accepted names if {@code name} is none of them
     * @throws NullPointerException if {@code name} is null
     */
    public static CompressionType forName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CompressionType type : BY_ID) {
            if (type.configName.equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("compression.type: '" + name
                + "' (expected one of: none, gzip, snappy, lz4, zstd)");
    }

    private void requireLevels() {
        if (levelConfigName == null) {
            throw new UnsupportedOperationException("compression type " + configName + " has no compression level");
        }
    }
}
