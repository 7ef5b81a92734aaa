package dev.samsa.mock.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The topic and broker configs the mock describes (DescribeConfigs) and accepts in IncrementalAlterConfigs, with
 * Apache Kafka 4.1's documented defaults and types. Only some of them change what the mock does (see
 * {@link TopicState}); the rest are stored and echoed, which is enough for clients that read back what they set.
 */
final class ConfigDefinitions {
    /** DescribeConfigs' config types. */
    static final byte BOOLEAN = 1;
    static final byte STRING = 2;
    static final byte INT = 3;
    static final byte LONG = 5;
    static final byte DOUBLE = 6;
    static final byte LIST = 7;

    /** One config: its default (null for none), its type, and whether it can be altered. */
    record Def(String defaultValue, byte type, boolean readOnly) {
    }

    /** Kafka 4.1's topic configs and their defaults when the broker sets no log.* override. */
    static final Map<String, Def> TOPIC = new TreeMap<>();
    /** A subset of broker configs: those the mock has a value for. */
    static final Map<String, Def> BROKER = new TreeMap<>();

    private static final String LONG_MAX = Long.toString(Long.MAX_VALUE);

    static {
        topic("cleanup.policy", "delete", LIST);
        topic("compression.gzip.level", "-1", INT);
        topic("compression.lz4.level", "9", INT);
        topic("compression.type", "producer", STRING);
        topic("compression.zstd.level", "3", INT);
        topic("delete.retention.ms", "86400000", LONG);
        topic("file.delete.delay.ms", "60000", LONG);
        topic("flush.messages", LONG_MAX, LONG);
        topic("flush.ms", LONG_MAX, LONG);
        topic("follower.replication.throttled.replicas", "", LIST);
        topic("index.interval.bytes", "4096", INT);
        topic("leader.replication.throttled.replicas", "", LIST);
        topic("local.retention.bytes", "-2", LONG);
        topic("local.retention.ms", "-2", LONG);
        topic("max.compaction.lag.ms", LONG_MAX, LONG);
        topic("max.message.bytes", "1048588", INT);
        topic("message.timestamp.after.max.ms", "3600000", LONG);
        topic("message.timestamp.before.max.ms", LONG_MAX, LONG);
        topic("message.timestamp.type", "CreateTime", STRING);
        topic("min.cleanable.dirty.ratio", "0.5", DOUBLE);
        topic("min.compaction.lag.ms", "0", LONG);
        topic("min.insync.replicas", "1", INT);
        topic("preallocate", "false", BOOLEAN);
        topic("remote.log.copy.disable", "false", BOOLEAN);
        topic("remote.log.delete.on.disable", "false", BOOLEAN);
        topic("remote.storage.enable", "false", BOOLEAN);
        topic("retention.bytes", "-1", LONG);
        topic("retention.ms", "604800000", LONG);
        topic("segment.bytes", "1073741824", INT);
        topic("segment.index.bytes", "10485760", INT);
        topic("segment.jitter.ms", "0", LONG);
        topic("segment.ms", "604800000", LONG);
        topic("unclean.leader.election.enable", "false", BOOLEAN);

        broker("auto.create.topics.enable", BOOLEAN, true);
        broker("broker.id", INT, true);
        broker("default.replication.factor", INT, true);
        broker("group.initial.rebalance.delay.ms", INT, true);
        broker("group.max.session.timeout.ms", INT, true);
        broker("group.min.session.timeout.ms", INT, true);
        broker("log.cleanup.policy", LIST, false);
        broker("log.retention.bytes", LONG, false);
        broker("log.retention.ms", LONG, false);
        broker("message.max.bytes", INT, false);
        broker("min.insync.replicas", INT, false);
        broker("node.id", INT, true);
        broker("num.partitions", INT, false);
        broker("offsets.topic.num.partitions", INT, true);
    }

    private ConfigDefinitions() {
    }

    private static void topic(String name, String def, byte type) {
        TOPIC.put(name, new Def(def, type, false));
    }

    private static void broker(String name, byte type, boolean readOnly) {
        BROKER.put(name, new Def(null, type, readOnly));
    }

    /** A broker config's value from the cluster's settings (as its server.properties would have set it). */
    static String brokerValue(ClusterState cluster, int brokerId, String name) {
        ClusterConfig c = cluster.config;
        return switch (name) {
            case "auto.create.topics.enable" -> Boolean.toString(c.autoCreateTopics());
            case "broker.id", "node.id" -> Integer.toString(brokerId);
            case "default.replication.factor" -> Integer.toString(c.defaultReplicationFactor());
            case "group.initial.rebalance.delay.ms" -> Integer.toString(c.groupInitialRebalanceDelayMs());
            case "group.max.session.timeout.ms" -> Integer.toString(c.groupMaxSessionTimeoutMs());
            case "group.min.session.timeout.ms" -> Integer.toString(c.groupMinSessionTimeoutMs());
            case "log.cleanup.policy" -> "delete";
            case "log.retention.bytes" -> "-1";
            case "log.retention.ms" -> "604800000";
            case "message.max.bytes" -> Integer.toString(c.messageMaxBytes());
            case "min.insync.replicas" -> "1";
            case "num.partitions" -> Integer.toString(c.numPartitions());
            case "offsets.topic.num.partitions" -> Integer.toString(ClusterState.OFFSETS_TOPIC_PARTITIONS);
            default -> null;
        };
    }

    /**
     * Checks a value against a config's type, and for the configs the mock interprets, their rules.
     *
     * @return null if acceptable, else why not (Kafka's wording where it matters)
     */
    static String validate(String name, Def def, String value) {
        if (value == null) {
            return "Null value not supported for config " + name;
        }
        String problem = TopicState.validateConfig(name, value);
        if (problem != null) {
            return problem;
        }
        try {
            switch (def.type()) {
                case INT -> Integer.parseInt(value.trim());
                case LONG -> Long.parseLong(value.trim());
                case DOUBLE -> Double.parseDouble(value.trim());
                case BOOLEAN -> {
                    if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
                        return "Invalid value " + value + " for configuration " + name
                                + ": Expected value to be either true or false";
                    }
                }
                default -> {
                }
            }
        } catch (NumberFormatException e) {
            return "Invalid value " + value + " for configuration " + name + ": Not a number of the expected type";
        }
        return null;
    }
}
