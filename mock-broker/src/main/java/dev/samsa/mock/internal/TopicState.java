package dev.samsa.mock.internal;

import dev.samsa.consumer.TimestampType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One topic: name, topic id (KIP-516), configs and partitions. Only the topic configs the mock acts on are
 * interpreted (see {@link #KNOWN_CONFIGS}); others are stored and echoed. Guarded by the cluster lock.
 */
final class TopicState {
    static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    static final String RETENTION_MS = "retention.ms";
    static final String RETENTION_BYTES = "retention.bytes";
    static final String CLEANUP_POLICY = "cleanup.policy";
    static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    static final String DELETE_RETENTION_MS = "delete.retention.ms";

    /** Kafka's defaults for the configs the mock interprets. */
    static final Map<String, String> KNOWN_CONFIGS = Map.of(
            MESSAGE_TIMESTAMP_TYPE, "CreateTime",
            RETENTION_MS, "604800000",
            RETENTION_BYTES, "-1",
            CLEANUP_POLICY, "delete",
            MIN_INSYNC_REPLICAS, "1",
            MAX_MESSAGE_BYTES, "1048588",
            DELETE_RETENTION_MS, "86400000");

    final String name;
    final UUID id;
    final Map<String, String> configs;
    final List<PartitionState> partitions = new ArrayList<>();

    /** The broker's message.max.bytes, the default of max.message.bytes. */
    private final int brokerMaxMessageBytes;

    TopicState(String name, UUID id, Map<String, String> configs, int brokerMaxMessageBytes) {
        this.name = name;
        this.id = id;
        this.configs = new LinkedHashMap<>(configs);
        this.brokerMaxMessageBytes = brokerMaxMessageBytes;
    }

    String config(String key) {
        String v = configs.get(key);
        if (v == null && key.equals(MAX_MESSAGE_BYTES)) {
            return Integer.toString(brokerMaxMessageBytes);
        }
        return v != null ? v : KNOWN_CONFIGS.get(key);
    }

    TimestampType timestampType() {
        return "LogAppendTime".equals(config(MESSAGE_TIMESTAMP_TYPE)) ? TimestampType.LOG_APPEND_TIME
                : TimestampType.CREATE_TIME;
    }

    long retentionMs() {
        return Long.parseLong(config(RETENTION_MS));
    }

    long retentionBytes() {
        return Long.parseLong(config(RETENTION_BYTES));
    }

    boolean compact() {
        return config(CLEANUP_POLICY).contains("compact");
    }

    boolean delete() {
        return config(CLEANUP_POLICY).contains("delete");
    }

    int minInsyncReplicas() {
        return Integer.parseInt(config(MIN_INSYNC_REPLICAS));
    }

    int maxMessageBytes() {
        return Integer.parseInt(config(MAX_MESSAGE_BYTES));
    }

    long deleteRetentionMs() {
        return Long.parseLong(config(DELETE_RETENTION_MS));
    }

    PartitionState partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }

    /**
     * Checks a config a client wants to set; the ones the mock interprets must parse.
     *
     * @return null if acceptable, else why not
     */
    static String validateConfig(String key, String value) {
        if (value == null) {
            return "config " + key + " has no value";
        }
        try {
            switch (key) {
                case MESSAGE_TIMESTAMP_TYPE -> {
                    if (!value.equals("CreateTime") && !value.equals("LogAppendTime")) {
                        return "Invalid value " + value + " for configuration " + key
                                + ": String must be one of: CreateTime, LogAppendTime";
                    }
                }
                case CLEANUP_POLICY -> {
                    for (String p : value.split(",")) {
                        String t = p.trim();
                        if (!t.equals("delete") && !t.equals("compact")) {
                            return "Invalid value " + value + " for configuration " + key
                                    + ": expected a list of delete, compact";
                        }
                    }
                }
                case RETENTION_MS, RETENTION_BYTES, DELETE_RETENTION_MS -> Long.parseLong(value);
                case MIN_INSYNC_REPLICAS, MAX_MESSAGE_BYTES -> {
                    if (Integer.parseInt(value) < (key.equals(MIN_INSYNC_REPLICAS) ? 1 : 0)) {
                        return "Invalid value " + value + " for configuration " + key;
                    }
                }
                default -> {
                }
            }
        } catch (NumberFormatException e) {
            return "Invalid value " + value + " for configuration " + key + ": not a number";
        }
        return null;
    }
}
