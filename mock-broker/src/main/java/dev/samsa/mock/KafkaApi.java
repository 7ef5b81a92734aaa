package dev.samsa.mock;

/**
 * The Kafka APIs, by the names and keys Kafka's protocol gives them (the request header's {@code request_api_key}),
 * for naming requests in fault injection ({@link Faults#on(KafkaApi)}) and request inspection
 * ({@link MockCluster#requests(KafkaApi)}, {@link ReceivedRequest#api()}).
 *
 * <pre>{@code
 * cluster.faults().on(KafkaApi.PRODUCE).forPartition("orders", 0).failWith(ErrorCode.NOT_LEADER_OR_FOLLOWER);
 * assertThat(cluster.requests(KafkaApi.INIT_PRODUCER_ID)).hasSize(1);
 * }</pre>
 *
 * <p>Every API Kafka assigned a key is listed, including those the mock broker does not serve (inter-broker,
 * controller, transaction and share-group APIs among them): the mock advertises only the ones it serves in its
 * ApiVersions response, and {@link Faults#on(KafkaApi)} rejects the others. Constants may be added as Kafka assigns
 * new keys; none is removed or renumbered. Source: the protocol guide's API key table and Kafka's JSON message
 * definitions ({@code clients/src/main/resources/common/message}). Immutable.
 */
public enum KafkaApi {
    /** {@code Produce}, API key 0. */
    PRODUCE(0, "Produce"),
    /** {@code Fetch}, API key 1. */
    FETCH(1, "Fetch"),
    /** {@code ListOffsets}, API key 2. */
    LIST_OFFSETS(2, "ListOffsets"),
    /** {@code Metadata}, API key 3. */
    METADATA(3, "Metadata"),
    /** {@code LeaderAndIsr}, API key 4. */
    LEADER_AND_ISR(4, "LeaderAndIsr"),
    /** {@code StopReplica}, API key 5. */
    STOP_REPLICA(5, "StopReplica"),
    /** {@code UpdateMetadata}, API key 6. */
    UPDATE_METADATA(6, "UpdateMetadata"),
    /** {@code ControlledShutdown}, API key 7. */
    CONTROLLED_SHUTDOWN(7, "ControlledShutdown"),
    /** {@code OffsetCommit}, API key 8. */
    OFFSET_COMMIT(8, "OffsetCommit"),
    /** {@code OffsetFetch}, API key 9. */
    OFFSET_FETCH(9, "OffsetFetch"),
    /** {@code FindCoordinator}, API key 10. */
    FIND_COORDINATOR(10, "FindCoordinator"),
    /** {@code JoinGroup}, API key 11. */
    JOIN_GROUP(11, "JoinGroup"),
    /** {@code Heartbeat}, API key 12. */
    HEARTBEAT(12, "Heartbeat"),
    /** {@code LeaveGroup}, API key 13. */
    LEAVE_GROUP(13, "LeaveGroup"),
    /** {@code SyncGroup}, API key 14. */
    SYNC_GROUP(14, "SyncGroup"),
    /** {@code DescribeGroups}, API key 15. */
    DESCRIBE_GROUPS(15, "DescribeGroups"),
    /** {@code ListGroups}, API key 16. */
    LIST_GROUPS(16, "ListGroups"),
    /** {@code SaslHandshake}, API key 17. */
    SASL_HANDSHAKE(17, "SaslHandshake"),
    /** {@code ApiVersions}, API key 18. */
    API_VERSIONS(18, "ApiVersions"),
    /** {@code CreateTopics}, API key 19. */
    CREATE_TOPICS(19, "CreateTopics"),
    /** {@code DeleteTopics}, API key 20. */
    DELETE_TOPICS(20, "DeleteTopics"),
    /** {@code DeleteRecords}, API key 21. */
    DELETE_RECORDS(21, "DeleteRecords"),
    /** {@code InitProducerId}, API key 22. */
    INIT_PRODUCER_ID(22, "InitProducerId"),
    /** {@code OffsetForLeaderEpoch}, API key 23. */
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch"),
    /** {@code AddPartitionsToTxn}, API key 24. */
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn"),
    /** {@code AddOffsetsToTxn}, API key 25. */
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn"),
    /** {@code EndTxn}, API key 26. */
    END_TXN(26, "EndTxn"),
    /** {@code WriteTxnMarkers}, API key 27. */
    WRITE_TXN_MARKERS(27, "WriteTxnMarkers"),
    /** {@code TxnOffsetCommit}, API key 28. */
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit"),
    /** {@code DescribeAcls}, API key 29. */
    DESCRIBE_ACLS(29, "DescribeAcls"),
    /** {@code CreateAcls}, API key 30. */
    CREATE_ACLS(30, "CreateAcls"),
    /** {@code DeleteAcls}, API key 31. */
    DELETE_ACLS(31, "DeleteAcls"),
    /** {@code DescribeConfigs}, API key 32. */
    DESCRIBE_CONFIGS(32, "DescribeConfigs"),
    /** {@code AlterConfigs}, API key 33. */
    ALTER_CONFIGS(33, "AlterConfigs"),
    /** {@code AlterReplicaLogDirs}, API key 34. */
    ALTER_REPLICA_LOG_DIRS(34, "AlterReplicaLogDirs"),
    /** {@code DescribeLogDirs}, API key 35. */
    DESCRIBE_LOG_DIRS(35, "DescribeLogDirs"),
    /** {@code SaslAuthenticate}, API key 36. */
    SASL_AUTHENTICATE(36, "SaslAuthenticate"),
    /** {@code CreatePartitions}, API key 37. */
    CREATE_PARTITIONS(37, "CreatePartitions"),
    /** {@code CreateDelegationToken}, API key 38. */
    CREATE_DELEGATION_TOKEN(38, "CreateDelegationToken"),
    /** {@code RenewDelegationToken}, API key 39. */
    RENEW_DELEGATION_TOKEN(39, "RenewDelegationToken"),
    /** {@code ExpireDelegationToken}, API key 40. */
    EXPIRE_DELEGATION_TOKEN(40, "ExpireDelegationToken"),
    /** {@code DescribeDelegationToken}, API key 41. */
    DESCRIBE_DELEGATION_TOKEN(41, "DescribeDelegationToken"),
    /** {@code DeleteGroups}, API key 42. */
    DELETE_GROUPS(42, "DeleteGroups"),
    /** {@code ElectLeaders}, API key 43. */
    ELECT_LEADERS(43, "ElectLeaders"),
    /** {@code IncrementalAlterConfigs}, API key 44. */
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs"),
    /** {@code AlterPartitionReassignments}, API key 45. */
    ALTER_PARTITION_REASSIGNMENTS(45, "AlterPartitionReassignments"),
    /** {@code ListPartitionReassignments}, API key 46. */
    LIST_PARTITION_REASSIGNMENTS(46, "ListPartitionReassignments"),
    /** {@code OffsetDelete}, API key 47. */
    OFFSET_DELETE(47, "OffsetDelete"),
    /** {@code DescribeClientQuotas}, API key 48. */
    DESCRIBE_CLIENT_QUOTAS(48, "DescribeClientQuotas"),
    /** {@code AlterClientQuotas}, API key 49. */
    ALTER_CLIENT_QUOTAS(49, "AlterClientQuotas"),
    /** {@code DescribeUserScramCredentials}, API key 50. */
    DESCRIBE_USER_SCRAM_CREDENTIALS(50, "DescribeUserScramCredentials"),
    /** {@code AlterUserScramCredentials}, API key 51. */
    ALTER_USER_SCRAM_CREDENTIALS(51, "AlterUserScramCredentials"),
    /** {@code Vote}, API key 52. */
    VOTE(52, "Vote"),
    /** {@code BeginQuorumEpoch}, API key 53. */
    BEGIN_QUORUM_EPOCH(53, "BeginQuorumEpoch"),
    /** {@code EndQuorumEpoch}, API key 54. */
    END_QUORUM_EPOCH(54, "EndQuorumEpoch"),
    /** {@code DescribeQuorum}, API key 55. */
    DESCRIBE_QUORUM(55, "DescribeQuorum"),
    /** {@code AlterPartition}, API key 56. */
    ALTER_PARTITION(56, "AlterPartition"),
    /** {@code UpdateFeatures}, API key 57. */
    UPDATE_FEATURES(57, "UpdateFeatures"),
    /** {@code Envelope}, API key 58. */
    ENVELOPE(58, "Envelope"),
    /** {@code FetchSnapshot}, API key 59. */
    FETCH_SNAPSHOT(59, "FetchSnapshot"),
    /** {@code DescribeCluster}, API key 60. */
    DESCRIBE_CLUSTER(60, "DescribeCluster"),
    /** {@code DescribeProducers}, API key 61. */
    DESCRIBE_PRODUCERS(61, "DescribeProducers"),
    /** {@code BrokerRegistration}, API key 62. */
    BROKER_REGISTRATION(62, "BrokerRegistration"),
    /** {@code BrokerHeartbeat}, API key 63. */
    BROKER_HEARTBEAT(63, "BrokerHeartbeat"),
    /** {@code UnregisterBroker}, API key 64. */
    UNREGISTER_BROKER(64, "UnregisterBroker"),
    /** {@code DescribeTransactions}, API key 65. */
    DESCRIBE_TRANSACTIONS(65, "DescribeTransactions"),
    /** {@code ListTransactions}, API key 66. */
    LIST_TRANSACTIONS(66, "ListTransactions"),
    /** {@code AllocateProducerIds}, API key 67. */
    ALLOCATE_PRODUCER_IDS(67, "AllocateProducerIds"),
    /** {@code ConsumerGroupHeartbeat}, API key 68. */
    CONSUMER_GROUP_HEARTBEAT(68, "ConsumerGroupHeartbeat"),
    /** {@code ConsumerGroupDescribe}, API key 69. */
    CONSUMER_GROUP_DESCRIBE(69, "ConsumerGroupDescribe"),
    /** {@code ControllerRegistration}, API key 70. */
    CONTROLLER_REGISTRATION(70, "ControllerRegistration"),
    /** {@code GetTelemetrySubscriptions}, API key 71. */
    GET_TELEMETRY_SUBSCRIPTIONS(71, "GetTelemetrySubscriptions"),
    /** {@code PushTelemetry}, API key 72. */
    PUSH_TELEMETRY(72, "PushTelemetry"),
    /** {@code AssignReplicasToDirs}, API key 73. */
    ASSIGN_REPLICAS_TO_DIRS(73, "AssignReplicasToDirs"),
    /** {@code ListConfigResources}, API key 74. */
    LIST_CONFIG_RESOURCES(74, "ListConfigResources"),
    /** {@code DescribeTopicPartitions}, API key 75. */
    DESCRIBE_TOPIC_PARTITIONS(75, "DescribeTopicPartitions"),
    /** {@code ShareGroupHeartbeat}, API key 76. */
    SHARE_GROUP_HEARTBEAT(76, "ShareGroupHeartbeat"),
    /** {@code ShareGroupDescribe}, API key 77. */
    SHARE_GROUP_DESCRIBE(77, "ShareGroupDescribe"),
    /** {@code ShareFetch}, API key 78. */
    SHARE_FETCH(78, "ShareFetch"),
    /** {@code ShareAcknowledge}, API key 79. */
    SHARE_ACKNOWLEDGE(79, "ShareAcknowledge"),
    /** {@code AddRaftVoter}, API key 80. */
    ADD_RAFT_VOTER(80, "AddRaftVoter"),
    /** {@code RemoveRaftVoter}, API key 81. */
    REMOVE_RAFT_VOTER(81, "RemoveRaftVoter"),
    /** {@code UpdateRaftVoter}, API key 82. */
    UPDATE_RAFT_VOTER(82, "UpdateRaftVoter"),
    /** {@code InitializeShareGroupState}, API key 83. */
    INITIALIZE_SHARE_GROUP_STATE(83, "InitializeShareGroupState"),
    /** {@code ReadShareGroupState}, API key 84. */
    READ_SHARE_GROUP_STATE(84, "ReadShareGroupState"),
    /** {@code WriteShareGroupState}, API key 85. */
    WRITE_SHARE_GROUP_STATE(85, "WriteShareGroupState"),
    /** {@code DeleteShareGroupState}, API key 86. */
    DELETE_SHARE_GROUP_STATE(86, "DeleteShareGroupState"),
    /** {@code ReadShareGroupStateSummary}, API key 87. */
    READ_SHARE_GROUP_STATE_SUMMARY(87, "ReadShareGroupStateSummary"),
    /** {@code StreamsGroupHeartbeat}, API key 88. */
    STREAMS_GROUP_HEARTBEAT(88, "StreamsGroupHeartbeat"),
    /** {@code StreamsGroupDescribe}, API key 89. */
    STREAMS_GROUP_DESCRIBE(89, "StreamsGroupDescribe"),
    /** {@code DescribeShareGroupOffsets}, API key 90. */
    DESCRIBE_SHARE_GROUP_OFFSETS(90, "DescribeShareGroupOffsets"),
    /** {@code AlterShareGroupOffsets}, API key 91. */
    ALTER_SHARE_GROUP_OFFSETS(91, "AlterShareGroupOffsets"),
    /** {@code DeleteShareGroupOffsets}, API key 92. */
    DELETE_SHARE_GROUP_OFFSETS(92, "DeleteShareGroupOffsets");

    private static final KafkaApi[] BY_ID;

    static {
        KafkaApi[] all = values();
        BY_ID = new KafkaApi[all[all.length - 1].id + 1];
        for (KafkaApi api : all) {
            BY_ID[api.id] = api;
        }
    }

    private final short id;
    private final String title;

    KafkaApi(int id, String title) {
        this.id = (short) id;
        this.title = title;
    }

    /**
     * The API key on the wire.
     *
     * @return the request header's {@code request_api_key}, e.g. 0 for {@link #PRODUCE}
     */
    public short id() {
        return id;
    }

    /**
     * Kafka's name for the API, as the protocol guide and the request definitions spell it.
     *
     * @return e.g. {@code Produce} for {@link #PRODUCE}
     */
    public String title() {
        return title;
    }

    /**
     * The API with the given key.
     *
     * @param id an API key, as in a request header
     * @return its constant
     * @throws IllegalArgumentException if no API has that key
     */
    public static KafkaApi forId(int id) {
        KafkaApi api = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        if (api == null) {
            throw new IllegalArgumentException("API key: " + id + " (expected: one of Kafka's, 0.."
                    + (BY_ID.length - 1) + ")");
        }
        return api;
    }
}
