package dev.samsa.errors;

/**
 * Every error code of the Kafka protocol (as defined by Apache Kafka 4.1.1), with its wire value, its
 * retriability, a description and the exception that stands for it. Constants carry Kafka's own names; the
 * retriable ones are exactly those whose exception in the official client is a {@code RetriableException}.
 *
 * <p>Decoding a response: {@link #forCode(short)} turns the wire value into a constant, and
 * {@link #exceptionFor(short, String)} builds the exception in one step, keeping an unrecognised code (from a newer
 * broker) in an {@link UnknownServerException}. Building an error with a message that names the entity:
 * <pre>{@code
 * throw ErrorCode.TOPIC_ALREADY_EXISTS.exception("Topic 'orders' already exists");
 * }</pre>
 * Encoding one (the mock broker): {@link #forException(Throwable)}.
 *
 * <p>Immutable and safe to use from any thread. Source: the {@code Errors} table of Apache Kafka and the protocol
 * guide's error code list (kafka.apache.org/protocol#protocol_error_codes).
 */
public enum ErrorCode {
    /**
     * The broker hit an unexpected failure while handling the request; the broker log holds the details. Fatal.
     * Thrown as {@link UnknownServerException}.
     */
    UNKNOWN_SERVER_ERROR(-1, false,
            "The broker hit an unexpected failure while handling the request; the broker log holds the details."),

    /**
     * No error. It has no exception.
     */
    NONE(0, false,
            "No error."),

    /**
     * The requested offset lies outside the partition's log: before its log start offset or past its end. Fatal.
     * Thrown as {@link OffsetOutOfRangeException}.
     */
    OFFSET_OUT_OF_RANGE(1, false,
            "The requested offset lies outside the partition's log: before its log start offset or past its end."),

    /**
     * A record batch failed its CRC check, exceeds the allowed size, or is otherwise malformed, for example a null
     * key on a compacted topic. Retriable. Thrown as {@link CorruptRecordException}.
     */
    CORRUPT_MESSAGE(2, true,
            "A record batch failed its CRC check, exceeds the allowed size, or is otherwise malformed, for " +
            "example a null key on a compacted topic."),

    /**
     * The broker does not host this topic or partition: it may not exist (yet), or the client's metadata is stale.
     * Retriable. Thrown as {@link UnknownTopicOrPartitionException}.
     */
    UNKNOWN_TOPIC_OR_PARTITION(3, true,
            "The broker does not host this topic or partition: it may not exist (yet), or the client's metadata " +
            "is stale."),

    /**
     * The fetch asked for a number of bytes the broker does not accept. Fatal. Thrown as {@link
     * InvalidFetchSizeException}.
     */
    INVALID_FETCH_SIZE(4, false,
            "The fetch asked for a number of bytes the broker does not accept."),

    /**
     * The partition has no leader at the moment, typically while a leader election runs. Retriable. Thrown as
     * {@link LeaderNotAvailableException}.
     */
    LEADER_NOT_AVAILABLE(5, true,
            "The partition has no leader at the moment, typically while a leader election runs."),

    /**
     * The broker is not the leader of this partition (or, for a follower fetch, not one of its replicas); the
     * client's metadata is stale. Retriable. Thrown as {@link NotLeaderOrFollowerException}.
     */
    NOT_LEADER_OR_FOLLOWER(6, true,
            "The broker is not the leader of this partition (or, for a follower fetch, not one of its replicas); " +
            "the client's metadata is stale."),

    /**
     * The request did not complete within its timeout. Retriable. Thrown as {@link TimeoutException}.
     */
    REQUEST_TIMED_OUT(7, true,
            "The request did not complete within its timeout."),

    /**
     * The broker named in the request is not alive in the cluster. Fatal. Thrown as {@link
     * BrokerNotAvailableException}.
     */
    BROKER_NOT_AVAILABLE(8, false,
            "The broker named in the request is not alive in the cluster."),

    /**
     * The broker has no usable replica of this partition at the moment, for example while the replica is created or
     * moved. Retriable. Thrown as {@link ReplicaNotAvailableException}.
     */
    REPLICA_NOT_AVAILABLE(9, true,
            "The broker has no usable replica of this partition at the moment, for example while the replica is " +
            "created or moved."),

    /**
     * A record batch is larger than the broker accepts (message.max.bytes, or the topic's max.message.bytes).
     * Fatal. Thrown as {@link RecordTooLargeException}.
     */
    MESSAGE_TOO_LARGE(10, false,
            "A record batch is larger than the broker accepts (message.max.bytes, or the topic's " +
            "max.message.bytes)."),

    /**
     * The request carried an old controller epoch: the controller has moved to another node. Fatal. Thrown as
     * {@link ControllerMovedException}.
     */
    STALE_CONTROLLER_EPOCH(11, false,
            "The request carried an old controller epoch: the controller has moved to another node."),

    /**
     * The metadata string of an offset commit is longer than the broker allows (offset.metadata.max.bytes). Fatal.
     * Thrown as {@link OffsetMetadataTooLarge}.
     */
    OFFSET_METADATA_TOO_LARGE(12, false,
            "The metadata string of an offset commit is longer than the broker allows " +
            "(offset.metadata.max.bytes)."),

    /**
     * The connection closed before the response arrived. Retriable. Thrown as {@link NetworkException}.
     */
    NETWORK_EXCEPTION(13, true,
            "The connection closed before the response arrived."),

    /**
     * The coordinator is still loading its state from its internal topic and cannot answer yet. Retriable. Thrown
     * as {@link CoordinatorLoadInProgressException}.
     */
    COORDINATOR_LOAD_IN_PROGRESS(14, true,
            "The coordinator is still loading its state from its internal topic and cannot answer yet."),

    /**
     * The coordinator is not available, for example because its internal topic is not ready. Retriable. Thrown as
     * {@link CoordinatorNotAvailableException}.
     */
    COORDINATOR_NOT_AVAILABLE(15, true,
            "The coordinator is not available, for example because its internal topic is not ready."),

    /**
     * The broker is not the coordinator for this group or transactional id; the client must look the coordinator up
     * again. Retriable. Thrown as {@link NotCoordinatorException}.
     */
    NOT_COORDINATOR(16, true,
            "The broker is not the coordinator for this group or transactional id; the client must look the " +
            "coordinator up again."),

    /**
     * The topic name is not valid (empty, too long, illegal characters) or names an internal topic that may not be
     * used this way. Fatal. Thrown as {@link InvalidTopicException}.
     */
    INVALID_TOPIC_EXCEPTION(17, false,
            "The topic name is not valid (empty, too long, illegal characters) or names an internal topic that " +
            "may not be used this way."),

    /**
     * A record batch is larger than the topic's log segment size (segment.bytes). Fatal. Thrown as {@link
     * RecordBatchTooLargeException}.
     */
    RECORD_LIST_TOO_LARGE(18, false,
            "A record batch is larger than the topic's log segment size (segment.bytes)."),

    /**
     * The write was refused because the partition has fewer in-sync replicas than min.insync.replicas requires.
     * Retriable. Thrown as {@link NotEnoughReplicasException}.
     */
    NOT_ENOUGH_REPLICAS(19, true,
            "The write was refused because the partition has fewer in-sync replicas than min.insync.replicas " +
            "requires."),

    /**
     * The records were appended, but fewer in-sync replicas than min.insync.replicas acknowledged them. Retriable.
     * Thrown as {@link NotEnoughReplicasAfterAppendException}.
     */
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true,
            "The records were appended, but fewer in-sync replicas than min.insync.replicas acknowledged them."),

    /**
     * The produce request carried an acks value the broker does not accept (allowed: -1, 0, 1). Fatal. Thrown as
     * {@link InvalidRequiredAcksException}.
     */
    INVALID_REQUIRED_ACKS(21, false,
            "The produce request carried an acks value the broker does not accept (allowed: -1, 0, 1)."),

    /**
     * The group generation id in the request is not the current one; the member must rejoin the group. Fatal.
     * Thrown as {@link IllegalGenerationException}.
     */
    ILLEGAL_GENERATION(22, false,
            "The group generation id in the request is not the current one; the member must rejoin the group."),

    /**
     * The member's protocol type or protocol list does not fit the group's, or the list is empty. Fatal. Thrown as
     * {@link InconsistentGroupProtocolException}.
     */
    INCONSISTENT_GROUP_PROTOCOL(23, false,
            "The member's protocol type or protocol list does not fit the group's, or the list is empty."),

    /**
     * The group id is not valid, for example empty. Fatal. Thrown as {@link InvalidGroupIdException}.
     */
    INVALID_GROUP_ID(24, false,
            "The group id is not valid, for example empty."),

    /**
     * The coordinator does not know this member id; the member must rejoin the group. Fatal. Thrown as {@link
     * UnknownMemberIdException}.
     */
    UNKNOWN_MEMBER_ID(25, false,
            "The coordinator does not know this member id; the member must rejoin the group."),

    /**
     * The requested session timeout is shorter than the broker's group.min.session.timeout.ms or longer than its
     * group.max.session.timeout.ms. Fatal. Thrown as {@link InvalidSessionTimeoutException}.
     */
    INVALID_SESSION_TIMEOUT(26, false,
            "The requested session timeout is shorter than the broker's group.min.session.timeout.ms or longer " +
            "than its group.max.session.timeout.ms."),

    /**
     * The group is rebalancing; the member must rejoin. Fatal. Thrown as {@link RebalanceInProgressException}.
     */
    REBALANCE_IN_PROGRESS(27, false,
            "The group is rebalancing; the member must rejoin."),

    /**
     * The offset commit is too large for the broker to write. Fatal. Thrown as {@link
     * InvalidCommitOffsetSizeException}.
     */
    INVALID_COMMIT_OFFSET_SIZE(28, false,
            "The offset commit is too large for the broker to write."),

    /**
     * The principal is not authorized for this operation on the topic. Fatal. Thrown as {@link
     * TopicAuthorizationException}.
     */
    TOPIC_AUTHORIZATION_FAILED(29, false,
            "The principal is not authorized for this operation on the topic."),

    /**
     * The principal is not authorized for this operation on the group. Fatal. Thrown as {@link
     * GroupAuthorizationException}.
     */
    GROUP_AUTHORIZATION_FAILED(30, false,
            "The principal is not authorized for this operation on the group."),

    /**
     * The principal is not authorized for this cluster-level operation. Fatal. Thrown as {@link
     * ClusterAuthorizationException}.
     */
    CLUSTER_AUTHORIZATION_FAILED(31, false,
            "The principal is not authorized for this cluster-level operation."),

    /**
     * A record's timestamp lies outside the range the topic accepts (see message.timestamp.before.max.ms and
     * message.timestamp.after.max.ms). Fatal. Thrown as {@link InvalidTimestampException}.
     */
    INVALID_TIMESTAMP(32, false,
            "A record's timestamp lies outside the range the topic accepts (see message.timestamp.before.max.ms " +
            "and message.timestamp.after.max.ms)."),

    /**
     * The broker does not enable the SASL mechanism the client asked for. Fatal. Thrown as {@link
     * UnsupportedSaslMechanismException}.
     */
    UNSUPPORTED_SASL_MECHANISM(33, false,
            "The broker does not enable the SASL mechanism the client asked for."),

    /**
     * The request is not valid at this step of the SASL exchange. Fatal. Thrown as {@link
     * IllegalSaslStateException}.
     */
    ILLEGAL_SASL_STATE(34, false,
            "The request is not valid at this step of the SASL exchange."),

    /**
     * The broker does not support this version of the API. Fatal. Thrown as {@link UnsupportedVersionException}.
     */
    UNSUPPORTED_VERSION(35, false,
            "The broker does not support this version of the API."),

    /**
     * The topic cannot be created: one of that name exists already. Fatal. Thrown as {@link TopicExistsException}.
     */
    TOPIC_ALREADY_EXISTS(36, false,
            "The topic cannot be created: one of that name exists already."),

    /**
     * The partition count is not valid: below 1, or not above the current count when partitions are added. Fatal.
     * Thrown as {@link InvalidPartitionsException}.
     */
    INVALID_PARTITIONS(37, false,
            "The partition count is not valid: below 1, or not above the current count when partitions are added."),

    /**
     * The replication factor must be at least 1 and at most the number of live brokers. Fatal. Thrown as {@link
     * InvalidReplicationFactorException}.
     */
    INVALID_REPLICATION_FACTOR(38, false,
            "The replication factor must be at least 1 and at most the number of live brokers."),

    /**
     * The replica assignment is not valid, for example it names an unknown broker or repeats one. Fatal. Thrown as
     * {@link InvalidReplicaAssignmentException}.
     */
    INVALID_REPLICA_ASSIGNMENT(39, false,
            "The replica assignment is not valid, for example it names an unknown broker or repeats one."),

    /**
     * A configuration in the request is not valid. Fatal. Thrown as {@link InvalidConfigurationException}.
     */
    INVALID_CONFIG(40, false,
            "A configuration in the request is not valid."),

    /**
     * The broker is not the active controller of the cluster. Retriable. Thrown as {@link NotControllerException}.
     */
    NOT_CONTROLLER(41, true,
            "The broker is not the active controller of the cluster."),

    /**
     * The broker found the request malformed: a client bug, or a broker that does not understand it; the broker log
     * says more. Fatal. Thrown as {@link InvalidRequestException}.
     */
    INVALID_REQUEST(42, false,
            "The broker found the request malformed: a client bug, or a broker that does not understand it; the " +
            "broker log says more."),

    /**
     * The request needs a newer record format than the broker uses for this topic. Fatal. Thrown as {@link
     * UnsupportedForMessageFormatException}.
     */
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43, false,
            "The request needs a newer record format than the broker uses for this topic."),

    /**
     * The request breaks a policy configured on the broker, such as a topic creation policy. Fatal. Thrown as
     * {@link PolicyViolationException}.
     */
    POLICY_VIOLATION(44, false,
            "The request breaks a policy configured on the broker, such as a topic creation policy."),

    /**
     * The broker received a sequence number that is not the next one it expects from this producer. Fatal. Thrown
     * as {@link OutOfOrderSequenceException}.
     */
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false,
            "The broker received a sequence number that is not the next one it expects from this producer."),

    /**
     * The broker received a sequence number it has already written for this producer. Fatal. Thrown as {@link
     * DuplicateSequenceException}.
     */
    DUPLICATE_SEQUENCE_NUMBER(46, false,
            "The broker received a sequence number it has already written for this producer."),

    /**
     * The producer sent with an epoch older than the current one for its producer id. Fatal. Thrown as {@link
     * InvalidProducerEpochException}.
     */
    INVALID_PRODUCER_EPOCH(47, false,
            "The producer sent with an epoch older than the current one for its producer id."),

    /**
     * The transactional operation is not valid in the transaction's current state. Fatal. Thrown as {@link
     * InvalidTxnStateException}.
     */
    INVALID_TXN_STATE(48, false,
            "The transactional operation is not valid in the transaction's current state."),

    /**
     * The producer id is not the one currently assigned to this transactional id. Fatal. Thrown as {@link
     * InvalidPidMappingException}.
     */
    INVALID_PRODUCER_ID_MAPPING(49, false,
            "The producer id is not the one currently assigned to this transactional id."),

    /**
     * The transaction timeout exceeds the broker's maximum (transaction.max.timeout.ms). Fatal. Thrown as {@link
     * InvalidTxnTimeoutException}.
     */
    INVALID_TRANSACTION_TIMEOUT(50, false,
            "The transaction timeout exceeds the broker's maximum (transaction.max.timeout.ms)."),

    /**
     * Another operation on the same transaction is still in progress. Retriable. Thrown as {@link
     * ConcurrentTransactionsException}.
     */
    CONCURRENT_TRANSACTIONS(51, true,
            "Another operation on the same transaction is still in progress."),

    /**
     * The transaction coordinator that sent a transaction marker is no longer the current coordinator for the
     * producer. Fatal. Thrown as {@link TransactionCoordinatorFencedException}.
     */
    TRANSACTION_COORDINATOR_FENCED(52, false,
            "The transaction coordinator that sent a transaction marker is no longer the current coordinator for " +
            "the producer."),

    /**
     * The principal is not authorized for this transactional id. Fatal. Thrown as {@link
     * TransactionalIdAuthorizationException}.
     */
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false,
            "The principal is not authorized for this transactional id."),

    /**
     * The broker has security features disabled, so the security operation cannot run. Fatal. Thrown as {@link
     * SecurityDisabledException}.
     */
    SECURITY_DISABLED(54, false,
            "The broker has security features disabled, so the security operation cannot run."),

    /**
     * The broker skipped this operation, typically because another operation in the same batched request failed.
     * Fatal. Thrown as {@link OperationNotAttemptedException}.
     */
    OPERATION_NOT_ATTEMPTED(55, false,
            "The broker skipped this operation, typically because another operation in the same batched request " +
            "failed."),

    /**
     * The broker hit a disk error while accessing the partition's log. Retriable. Thrown as {@link
     * KafkaStorageException}.
     */
    KAFKA_STORAGE_ERROR(56, true,
            "The broker hit a disk error while accessing the partition's log."),

    /**
     * The named log directory is not one of the broker's configured log directories. Fatal. Thrown as {@link
     * LogDirNotFoundException}.
     */
    LOG_DIR_NOT_FOUND(57, false,
            "The named log directory is not one of the broker's configured log directories."),

    /**
     * SASL authentication failed, for example because of wrong credentials. Fatal. Thrown as {@link
     * SaslAuthenticationException}.
     */
    SASL_AUTHENTICATION_FAILED(58, false,
            "SASL authentication failed, for example because of wrong credentials."),

    /**
     * The broker holds no state for this producer id, for example because retention removed all of its records.
     * Fatal. Thrown as {@link UnknownProducerIdException}.
     */
    UNKNOWN_PRODUCER_ID(59, false,
            "The broker holds no state for this producer id, for example because retention removed all of its " +
            "records."),

    /**
     * The partition is being reassigned, which rules out this operation for now. Fatal. Thrown as {@link
     * ReassignmentInProgressException}.
     */
    REASSIGNMENT_IN_PROGRESS(60, false,
            "The partition is being reassigned, which rules out this operation for now."),

    /**
     * Delegation tokens are not enabled on the broker. Fatal. Thrown as {@link DelegationTokenDisabledException}.
     */
    DELEGATION_TOKEN_AUTH_DISABLED(61, false,
            "Delegation tokens are not enabled on the broker."),

    /**
     * The broker has no such delegation token. Fatal. Thrown as {@link DelegationTokenNotFoundException}.
     */
    DELEGATION_TOKEN_NOT_FOUND(62, false,
            "The broker has no such delegation token."),

    /**
     * The principal is neither an owner nor a renewer of the delegation token. Fatal. Thrown as {@link
     * DelegationTokenOwnerMismatchException}.
     */
    DELEGATION_TOKEN_OWNER_MISMATCH(63, false,
            "The principal is neither an owner nor a renewer of the delegation token."),

    /**
     * Delegation token requests are refused on plaintext and one-way TLS connections, and on connections that a
     * delegation token authenticated. Fatal. Thrown as {@link UnsupportedByAuthenticationException}.
     */
    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED(64, false,
            "Delegation token requests are refused on plaintext and one-way TLS connections, and on connections " +
            "that a delegation token authenticated."),

    /**
     * The principal is not authorized for this delegation token operation. Fatal. Thrown as {@link
     * DelegationTokenAuthorizationException}.
     */
    DELEGATION_TOKEN_AUTHORIZATION_FAILED(65, false,
            "The principal is not authorized for this delegation token operation."),

    /**
     * The delegation token is past its expiry time. Fatal. Thrown as {@link DelegationTokenExpiredException}.
     */
    DELEGATION_TOKEN_EXPIRED(66, false,
            "The delegation token is past its expiry time."),

    /**
     * The broker does not support the principal type given (only User is). Fatal. Thrown as {@link
     * InvalidPrincipalTypeException}.
     */
    INVALID_PRINCIPAL_TYPE(67, false,
            "The broker does not support the principal type given (only User is)."),

    /**
     * The group still has members, so it cannot be deleted. Fatal. Thrown as {@link GroupNotEmptyException}.
     */
    NON_EMPTY_GROUP(68, false,
            "The group still has members, so it cannot be deleted."),

    /**
     * No group with this id exists. Fatal. Thrown as {@link GroupIdNotFoundException}.
     */
    GROUP_ID_NOT_FOUND(69, false,
            "No group with this id exists."),

    /**
     * The broker has no fetch session with this id; the client starts a new session. Retriable. Thrown as {@link
     * FetchSessionIdNotFoundException}.
     */
    FETCH_SESSION_ID_NOT_FOUND(70, true,
            "The broker has no fetch session with this id; the client starts a new session."),

    /**
     * The fetch session epoch is not the one the broker expects; the client starts a new session. Retriable. Thrown
     * as {@link InvalidFetchSessionEpochException}.
     */
    INVALID_FETCH_SESSION_EPOCH(71, true,
            "The fetch session epoch is not the one the broker expects; the client starts a new session."),

    /**
     * The partition's leader has no listener matching the one the metadata request arrived on. Retriable. Thrown as
     * {@link ListenerNotFoundException}.
     */
    LISTENER_NOT_FOUND(72, true,
            "The partition's leader has no listener matching the one the metadata request arrived on."),

    /**
     * Topic deletion is disabled on the broker (delete.topic.enable=false). Fatal. Thrown as {@link
     * TopicDeletionDisabledException}.
     */
    TOPIC_DELETION_DISABLED(73, false,
            "Topic deletion is disabled on the broker (delete.topic.enable=false)."),

    /**
     * The leader epoch in the request is older than the broker's; the client's metadata is stale. Retriable. Thrown
     * as {@link FencedLeaderEpochException}.
     */
    FENCED_LEADER_EPOCH(74, true,
            "The leader epoch in the request is older than the broker's; the client's metadata is stale."),

    /**
     * The leader epoch in the request is newer than the broker's; the broker has not caught up yet. Retriable.
     * Thrown as {@link UnknownLeaderEpochException}.
     */
    UNKNOWN_LEADER_EPOCH(75, true,
            "The leader epoch in the request is newer than the broker's; the broker has not caught up yet."),

    /**
     * The partition uses a compression type that the request's version cannot carry, such as zstd on an old fetch
     * version. Fatal. Thrown as {@link UnsupportedCompressionTypeException}.
     */
    UNSUPPORTED_COMPRESSION_TYPE(76, false,
            "The partition uses a compression type that the request's version cannot carry, such as zstd on an " +
            "old fetch version."),

    /**
     * The broker epoch in the request is out of date. Fatal. Thrown as {@link StaleBrokerEpochException}.
     */
    STALE_BROKER_EPOCH(77, false,
            "The broker epoch in the request is out of date."),

    /**
     * After a leader election the new leader's high watermark has not caught up, so it cannot yet answer offset
     * lookups safely. Retriable. Thrown as {@link OffsetNotAvailableException}.
     */
    OFFSET_NOT_AVAILABLE(78, true,
            "After a leader election the new leader's high watermark has not caught up, so it cannot yet answer " +
            "offset lookups safely."),

    /**
     * The member must join again with the member id the coordinator just assigned to it. Fatal. Thrown as {@link
     * MemberIdRequiredException}.
     */
    MEMBER_ID_REQUIRED(79, false,
            "The member must join again with the member id the coordinator just assigned to it."),

    /**
     * The preferred leader replica of the partition is not available. Retriable. Thrown as {@link
     * PreferredLeaderNotAvailableException}.
     */
    PREFERRED_LEADER_NOT_AVAILABLE(80, true,
            "The preferred leader replica of the partition is not available."),

    /**
     * The group already has its maximum number of members (group.max.size). Fatal. Thrown as {@link
     * GroupMaxSizeReachedException}.
     */
    GROUP_MAX_SIZE_REACHED(81, false,
            "The group already has its maximum number of members (group.max.size)."),

    /**
     * Another member joined with the same group.instance.id, fencing this static member. Fatal. Thrown as {@link
     * FencedInstanceIdException}.
     */
    FENCED_INSTANCE_ID(82, false,
            "Another member joined with the same group.instance.id, fencing this static member."),

    /**
     * No replica eligible to lead the partition is available. Retriable. Thrown as {@link
     * EligibleLeadersNotAvailableException}.
     */
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true,
            "No replica eligible to lead the partition is available."),

    /**
     * The partition already has the leader the election would pick; no election took place. Retriable. Thrown as
     * {@link ElectionNotNeededException}.
     */
    ELECTION_NOT_NEEDED(84, true,
            "The partition already has the leader the election would pick; no election took place."),

    /**
     * The partition has no reassignment in progress to cancel or change. Fatal. Thrown as {@link
     * NoReassignmentInProgressException}.
     */
    NO_REASSIGNMENT_IN_PROGRESS(85, false,
            "The partition has no reassignment in progress to cancel or change."),

    /**
     * The group's offsets for a topic cannot be deleted while the group is subscribed to that topic. Fatal. Thrown
     * as {@link GroupSubscribedToTopicException}.
     */
    GROUP_SUBSCRIBED_TO_TOPIC(86, false,
            "The group's offsets for a topic cannot be deleted while the group is subscribed to that topic."),

    /**
     * The broker's record validation rejected a record, for example one without a key on a compacted topic. Fatal.
     * Thrown as {@link InvalidRecordException}.
     */
    INVALID_RECORD(87, false,
            "The broker's record validation rejected a record, for example one without a key on a compacted " +
            "topic."),

    /**
     * The group has pending transactional offset commits that must complete before offsets can be read. Retriable.
     * Thrown as {@link UnstableOffsetCommitException}.
     */
    UNSTABLE_OFFSET_COMMIT(88, true,
            "The group has pending transactional offset commits that must complete before offsets can be read."),

    /**
     * The request exceeds the principal's throttling quota, such as the controller mutation rate. Retriable. Thrown
     * as {@link ThrottlingQuotaExceededException}.
     */
    THROTTLING_QUOTA_EXCEEDED(89, true,
            "The request exceeds the principal's throttling quota, such as the controller mutation rate."),

    /**
     * This producer was fenced: another one started with the same transactional.id and a newer epoch. Fatal. Thrown
     * as {@link ProducerFencedException}.
     */
    PRODUCER_FENCED(90, false,
            "This producer was fenced: another one started with the same transactional.id and a newer epoch."),

    /**
     * A resource named in the request does not exist. Fatal. Thrown as {@link ResourceNotFoundException}.
     */
    RESOURCE_NOT_FOUND(91, false,
            "A resource named in the request does not exist."),

    /**
     * The request names the same resource more than once. Fatal. Thrown as {@link DuplicateResourceException}.
     */
    DUPLICATE_RESOURCE(92, false,
            "The request names the same resource more than once."),

    /**
     * The requested credential does not meet the broker's criteria, for example too few SCRAM iterations. Fatal.
     * Thrown as {@link UnacceptableCredentialException}.
     */
    UNACCEPTABLE_CREDENTIAL(93, false,
            "The requested credential does not meet the broker's criteria, for example too few SCRAM iterations."),

    /**
     * The sender or receiver of a KRaft voter request is not one of the expected voters. Fatal. Thrown as {@link
     * InconsistentVoterSetException}.
     */
    INCONSISTENT_VOTER_SET(94, false,
            "The sender or receiver of a KRaft voter request is not one of the expected voters."),

    /**
     * The version number given for the update is not acceptable. Fatal. Thrown as {@link
     * InvalidUpdateVersionException}.
     */
    INVALID_UPDATE_VERSION(95, false,
            "The version number given for the update is not acceptable."),

    /**
     * The finalized features could not be updated because of an unexpected broker failure. Fatal. Thrown as {@link
     * FeatureUpdateFailedException}.
     */
    FEATURE_UPDATE_FAILED(96, false,
            "The finalized features could not be updated because of an unexpected broker failure."),

    /**
     * A broker could not read the principal of a forwarded request; the cluster's security setup is inconsistent.
     * Fatal. Thrown as {@link PrincipalDeserializationException}.
     */
    PRINCIPAL_DESERIALIZATION_FAILURE(97, false,
            "A broker could not read the principal of a forwarded request; the cluster's security setup is " +
            "inconsistent."),

    /**
     * The requested snapshot does not exist. Fatal. Thrown as {@link SnapshotNotFoundException}.
     */
    SNAPSHOT_NOT_FOUND(98, false,
            "The requested snapshot does not exist."),

    /**
     * The requested position is negative or not inside the snapshot. Fatal. Thrown as {@link
     * PositionOutOfRangeException}.
     */
    POSITION_OUT_OF_RANGE(99, false,
            "The requested position is negative or not inside the snapshot."),

    /**
     * The broker does not host a topic with this topic id; the client's metadata may be stale. Retriable. Thrown as
     * {@link UnknownTopicIdException}.
     */
    UNKNOWN_TOPIC_ID(100, true,
            "The broker does not host a topic with this topic id; the client's metadata may be stale."),

    /**
     * Another broker is already registered with this broker id. Fatal. Thrown as {@link
     * DuplicateBrokerRegistrationException}.
     */
    DUPLICATE_BROKER_REGISTRATION(101, false,
            "Another broker is already registered with this broker id."),

    /**
     * No broker is registered with this broker id. Fatal. Thrown as {@link BrokerIdNotRegisteredException}.
     */
    BROKER_ID_NOT_REGISTERED(102, false,
            "No broker is registered with this broker id."),

    /**
     * The topic id in the request does not match the one in the partition's log. Retriable. Thrown as {@link
     * InconsistentTopicIdException}.
     */
    INCONSISTENT_TOPIC_ID(103, true,
            "The topic id in the request does not match the one in the partition's log."),

    /**
     * The request comes from a node of another cluster: its cluster id differs from the broker's. Fatal. Thrown as
     * {@link InconsistentClusterIdException}.
     */
    INCONSISTENT_CLUSTER_ID(104, false,
            "The request comes from a node of another cluster: its cluster id differs from the broker's."),

    /**
     * No transaction state exists for this transactional id. Fatal. Thrown as {@link
     * TransactionalIdNotFoundException}.
     */
    TRANSACTIONAL_ID_NOT_FOUND(105, false,
            "No transaction state exists for this transactional id."),

    /**
     * The fetch session used topic ids inconsistently, with some requests naming topics by id and others by name.
     * Retriable. Thrown as {@link FetchSessionTopicIdException}.
     */
    FETCH_SESSION_TOPIC_ID_ERROR(106, true,
            "The fetch session used topic ids inconsistently, with some requests naming topics by id and others " +
            "by name."),

    /**
     * The proposed in-sync replica set contains a replica that may not join it. Fatal. Thrown as {@link
     * IneligibleReplicaException}.
     */
    INELIGIBLE_REPLICA(107, false,
            "The proposed in-sync replica set contains a replica that may not join it."),

    /**
     * The AlterPartition request updated the partition, but a new leader was elected meanwhile. Fatal. Thrown as
     * {@link NewLeaderElectedException}.
     */
    NEW_LEADER_ELECTED(108, false,
            "The AlterPartition request updated the partition, but a new leader was elected meanwhile."),

    /**
     * The requested offset is no longer in local storage: it has moved to tiered storage. Fatal. Thrown as {@link
     * OffsetMovedToTieredStorageException}.
     */
    OFFSET_MOVED_TO_TIERED_STORAGE(109, false,
            "The requested offset is no longer in local storage: it has moved to tiered storage."),

    /**
     * The group coordinator fenced this member's epoch; the member must give up all its partitions and rejoin.
     * Fatal. Thrown as {@link FencedMemberEpochException}.
     */
    FENCED_MEMBER_EPOCH(110, false,
            "The group coordinator fenced this member's epoch; the member must give up all its partitions and " +
            "rejoin."),

    /**
     * Another member of the group still holds this instance id and must leave first. Fatal. Thrown as {@link
     * UnreleasedInstanceIdException}.
     */
    UNRELEASED_INSTANCE_ID(111, false,
            "Another member of the group still holds this instance id and must leave first."),

    /**
     * The group does not support this assignor, or none of its versions. Fatal. Thrown as {@link
     * UnsupportedAssignorException}.
     */
    UNSUPPORTED_ASSIGNOR(112, false,
            "The group does not support this assignor, or none of its versions."),

    /**
     * The member epoch is out of date; the member retries once its next heartbeat brings the current epoch. Fatal.
     * Thrown as {@link StaleMemberEpochException}.
     */
    STALE_MEMBER_EPOCH(113, false,
            "The member epoch is out of date; the member retries once its next heartbeat brings the current " +
            "epoch."),

    /**
     * The request went to an endpoint of the wrong type, a broker instead of a controller or the reverse. Fatal.
     * Thrown as {@link MismatchedEndpointTypeException}.
     */
    MISMATCHED_ENDPOINT_TYPE(114, false,
            "The request went to an endpoint of the wrong type, a broker instead of a controller or the reverse."),

    /**
     * The node does not support the endpoint type named in the request yet. Fatal. Thrown as {@link
     * UnsupportedEndpointTypeException}.
     */
    UNSUPPORTED_ENDPOINT_TYPE(115, false,
            "The node does not support the endpoint type named in the request yet."),

    /**
     * No controller with this id is known. Fatal. Thrown as {@link UnknownControllerIdException}.
     */
    UNKNOWN_CONTROLLER_ID(116, false,
            "No controller with this id is known."),

    /**
     * The telemetry push named an unknown or outdated client telemetry subscription id. Fatal. Thrown as {@link
     * UnknownSubscriptionIdException}.
     */
    UNKNOWN_SUBSCRIPTION_ID(117, false,
            "The telemetry push named an unknown or outdated client telemetry subscription id."),

    /**
     * The telemetry push is larger than the broker accepts. Fatal. Thrown as {@link TelemetryTooLargeException}.
     */
    TELEMETRY_TOO_LARGE(118, false,
            "The telemetry push is larger than the broker accepts."),

    /**
     * The controller judged the broker's registration not valid. Fatal. Thrown as {@link
     * InvalidRegistrationException}.
     */
    INVALID_REGISTRATION(119, false,
            "The controller judged the broker's registration not valid."),

    /**
     * The transaction hit an error on the broker; aborting it lets the producer go on with the same transactional
     * id. Fatal. Thrown as {@link TransactionAbortableException}.
     */
    TRANSACTION_ABORTABLE(120, false,
            "The transaction hit an error on the broker; aborting it lets the producer go on with the same " +
            "transactional id."),

    /**
     * The record is in a state in which this delivery acknowledgement cannot be applied. Fatal. Thrown as {@link
     * InvalidRecordStateException}.
     */
    INVALID_RECORD_STATE(121, false,
            "The record is in a state in which this delivery acknowledgement cannot be applied."),

    /**
     * The broker has no share session with this id. Retriable. Thrown as {@link ShareSessionNotFoundException}.
     */
    SHARE_SESSION_NOT_FOUND(122, true,
            "The broker has no share session with this id."),

    /**
     * The share session epoch is not the one the broker expects. Retriable. Thrown as {@link
     * InvalidShareSessionEpochException}.
     */
    INVALID_SHARE_SESSION_EPOCH(123, true,
            "The share session epoch is not the one the broker expects."),

    /**
     * The share-group state epoch in the request does not match the share coordinator's. Fatal. Thrown as {@link
     * FencedStateEpochException}.
     */
    FENCED_STATE_EPOCH(124, false,
            "The share-group state epoch in the request does not match the share coordinator's."),

    /**
     * The voter key does not match the key of the replica that received it. Fatal. Thrown as {@link
     * InvalidVoterKeyException}.
     */
    INVALID_VOTER_KEY(125, false,
            "The voter key does not match the key of the replica that received it."),

    /**
     * The voter already belongs to the voter set. Fatal. Thrown as {@link DuplicateVoterException}.
     */
    DUPLICATE_VOTER(126, false,
            "The voter already belongs to the voter set."),

    /**
     * The voter does not belong to the voter set. Fatal. Thrown as {@link VoterNotFoundException}.
     */
    VOTER_NOT_FOUND(127, false,
            "The voter does not belong to the voter set."),

    /**
     * The regular expression, for example a subscription pattern, does not compile. Fatal. Thrown as {@link
     * InvalidRegularExpression}.
     */
    INVALID_REGULAR_EXPRESSION(128, false,
            "The regular expression, for example a subscription pattern, does not compile."),

    /**
     * The client's metadata is too stale to repair; it must start again from its bootstrap servers. Fatal. Thrown
     * as {@link RebootstrapRequiredException}.
     */
    REBOOTSTRAP_REQUIRED(129, false,
            "The client's metadata is too stale to repair; it must start again from its bootstrap servers."),

    /**
     * The Kafka Streams topology is not valid. Fatal. Thrown as {@link StreamsInvalidTopologyException}.
     */
    STREAMS_INVALID_TOPOLOGY(130, false,
            "The Kafka Streams topology is not valid."),

    /**
     * The Kafka Streams topology epoch is not valid. Fatal. Thrown as {@link StreamsInvalidTopologyEpochException}.
     */
    STREAMS_INVALID_TOPOLOGY_EPOCH(131, false,
            "The Kafka Streams topology epoch is not valid."),

    /**
     * The Kafka Streams topology epoch is out of date. Fatal. Thrown as {@link StreamsTopologyFencedException}.
     */
    STREAMS_TOPOLOGY_FENCED(132, false,
            "The Kafka Streams topology epoch is out of date."),

    /**
     * The broker already holds its maximum number of share sessions. Retriable. Thrown as {@link
     * ShareSessionLimitReachedException}.
     */
    SHARE_SESSION_LIMIT_REACHED(133, true,
            "The broker already holds its maximum number of share sessions.");

    private static final ErrorCode[] BY_CODE;

    static {
        int max = 0;
        for (ErrorCode e : values()) {
            max = Math.max(max, e.code);
        }
        // Codes run from -1 upwards; slot i holds code i - 1.
        BY_CODE = new ErrorCode[max + 2];
        for (ErrorCode e : values()) {
            if (BY_CODE[e.code + 1] != null) {
                throw new IllegalStateException("Duplicate error code " + e.code + ": " + e + ", "
                        + BY_CODE[e.code + 1]);
            }
            BY_CODE[e.code + 1] = e;
        }
    }

    private final short code;
    private final boolean retriable;
    private final String description;

    ErrorCode(int code, boolean retriable, String description) {
        this.code = (short) code;
        this.retriable = retriable;
        this.description = description;
    }

    /**
     * The value this error has on the wire (the {@code error_code} INT16 field of responses).
     *
     * @return the code; {@code 0} for {@link #NONE}, {@code -1} for {@link #UNKNOWN_SERVER_ERROR}
     */
    public short code() {
        return code;
    }

    /**
     * Whether the condition may clear if the operation is tried again (after a backoff, and a metadata or
     * coordinator refresh where the exception type says so). Matches the official client: {@code true} exactly
     * when {@link #exception()} is a {@link RetriableException}.
     *
     * @return {@code true} for retriable codes; {@code false} for {@link #NONE} and fatal codes
     */
    public boolean isRetriable() {
        return retriable;
    }

    /**
     * A one-sentence explanation of the condition, in this project's words, used as the message of
     * {@link #exception()}.
     *
     * @return the description, never blank
     */
    public String description() {
        return description;
    }

    /**
     * Builds the exception that stands for this code.
     *
     * @param message what failed, naming the entity (topic, partition, group, size and limit); {@code null} or blank
     *     to use {@link #description()}
     * @return a new exception of this code's type (for example {@link TopicExistsException} for
     *     {@link #TOPIC_ALREADY_EXISTS}) whose {@link ApiException#errorCode()} is this constant; {@code null} for
     *     {@link #NONE}
     */
    public ApiException exception(String message) {
        if (this == NONE) {
            return null;
        }
        return Exceptions.create(this, message == null || message.isBlank() ? description : message);
    }

    /**
     * Builds the exception that stands for this code, with {@link #description()} as its message.
     *
     * @return a new exception of this code's type; {@code null} for {@link #NONE}
     */
    public ApiException exception() {
        return exception(null);
    }

    /**
     * Looks up a code read from the wire.
     *
     * @param code the {@code error_code} value of a response
     * @return its constant, or {@link #UNKNOWN_SERVER_ERROR} for a code this client does not know (use
     *     {@link #exceptionFor(short, String)} or {@link #isKnown(short)} to keep the raw value)
     */
    public static ErrorCode forCode(short code) {
        int slot = code + 1;
        ErrorCode e = slot >= 0 && slot < BY_CODE.length ? BY_CODE[slot] : null;
        return e == null ? UNKNOWN_SERVER_ERROR : e;
    }

    /**
     * Whether this client knows a code.
     *
     * @param code an {@code error_code} value
     * @return {@code true} if a constant has this code
     */
    public static boolean isKnown(short code) {
        int slot = code + 1;
        return slot >= 0 && slot < BY_CODE.length && BY_CODE[slot] != null;
    }

    /**
     * Builds the exception for a code read from the wire, keeping an unrecognised code: for a code this client does
     * not know the result is an {@link UnknownServerException} whose message ends with
     * {@code (unrecognised error code N)} and whose {@link UnknownServerException#rawErrorCode()} is {@code code}.
     *
     * @param code the {@code error_code} value of a response
     * @param message what failed, naming the entity; {@code null} or blank for the code's description (a broker's
     *     {@code error_message} field, when present, is a good choice)
     * @return the exception; {@code null} for {@code 0} ({@link #NONE})
     */
    public static ApiException exceptionFor(short code, String message) {
        if (isKnown(code)) {
            return forCode(code).exception(message);
        }
        String base = message == null || message.isBlank() ? UNKNOWN_SERVER_ERROR.description : message;
        return new UnknownServerException(base + " (unrecognised error code " + code + ")", code);
    }

    /**
     * The code to report for an exception, for example when a broker (or the mock broker) answers a request that
     * failed.
     *
     * @param t the failure, or {@code null} for success
     * @return {@link #NONE} for {@code null}; the {@link ApiException#errorCode()} of an {@link ApiException} that has
     *     one; {@link #UNKNOWN_SERVER_ERROR} otherwise (any other exception, or a client-side condition without a
     *     code). Wrappers such as {@code CompletionException} are not unwrapped.
     */
    public static ErrorCode forException(Throwable t) {
        if (t == null) {
            return NONE;
        }
        if (t instanceof ApiException) {
            ErrorCode e = ((ApiException) t).errorCode();
            if (e != null) {
                return e;
            }
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /**
     * The exception type of each code, in a class of its own. Class literals in the constants loaded every exception
     * class (over 130) when {@code ErrorCode} was initialised, which every client does when it starts: about 20 ms of
     * CPU plus the JIT work of loading them from the jar. This class, and with it the exception classes, load when the
     * first exception is built. The switch is exhaustive: a new constant does not compile without its exception type.
     */
    private static final class Exceptions {
        private Exceptions() {
        }

        static ApiException create(ErrorCode code, String message) {
            return switch (code) {
                case UNKNOWN_SERVER_ERROR -> new UnknownServerException(message);
                case NONE -> null;
                case OFFSET_OUT_OF_RANGE -> new OffsetOutOfRangeException(message);
                case CORRUPT_MESSAGE -> new CorruptRecordException(message);
                case UNKNOWN_TOPIC_OR_PARTITION -> new UnknownTopicOrPartitionException(message);
                case INVALID_FETCH_SIZE -> new InvalidFetchSizeException(message);
                case LEADER_NOT_AVAILABLE -> new LeaderNotAvailableException(message);
                case NOT_LEADER_OR_FOLLOWER -> new NotLeaderOrFollowerException(message);
                case REQUEST_TIMED_OUT -> new TimeoutException(message);
                case BROKER_NOT_AVAILABLE -> new BrokerNotAvailableException(message);
                case REPLICA_NOT_AVAILABLE -> new ReplicaNotAvailableException(message);
                case MESSAGE_TOO_LARGE -> new RecordTooLargeException(message);
                case STALE_CONTROLLER_EPOCH -> new ControllerMovedException(message);
                case OFFSET_METADATA_TOO_LARGE -> new OffsetMetadataTooLarge(message);
                case NETWORK_EXCEPTION -> new NetworkException(message);
                case COORDINATOR_LOAD_IN_PROGRESS -> new CoordinatorLoadInProgressException(message);
                case COORDINATOR_NOT_AVAILABLE -> new CoordinatorNotAvailableException(message);
                case NOT_COORDINATOR -> new NotCoordinatorException(message);
                case INVALID_TOPIC_EXCEPTION -> new InvalidTopicException(message);
                case RECORD_LIST_TOO_LARGE -> new RecordBatchTooLargeException(message);
                case NOT_ENOUGH_REPLICAS -> new NotEnoughReplicasException(message);
                case NOT_ENOUGH_REPLICAS_AFTER_APPEND -> new NotEnoughReplicasAfterAppendException(message);
                case INVALID_REQUIRED_ACKS -> new InvalidRequiredAcksException(message);
                case ILLEGAL_GENERATION -> new IllegalGenerationException(message);
                case INCONSISTENT_GROUP_PROTOCOL -> new InconsistentGroupProtocolException(message);
                case INVALID_GROUP_ID -> new InvalidGroupIdException(message);
                case UNKNOWN_MEMBER_ID -> new UnknownMemberIdException(message);
                case INVALID_SESSION_TIMEOUT -> new InvalidSessionTimeoutException(message);
                case REBALANCE_IN_PROGRESS -> new RebalanceInProgressException(message);
                case INVALID_COMMIT_OFFSET_SIZE -> new InvalidCommitOffsetSizeException(message);
                case TOPIC_AUTHORIZATION_FAILED -> new TopicAuthorizationException(message);
                case GROUP_AUTHORIZATION_FAILED -> new GroupAuthorizationException(message);
                case CLUSTER_AUTHORIZATION_FAILED -> new ClusterAuthorizationException(message);
                case INVALID_TIMESTAMP -> new InvalidTimestampException(message);
                case UNSUPPORTED_SASL_MECHANISM -> new UnsupportedSaslMechanismException(message);
                case ILLEGAL_SASL_STATE -> new IllegalSaslStateException(message);
                case UNSUPPORTED_VERSION -> new UnsupportedVersionException(message);
                case TOPIC_ALREADY_EXISTS -> new TopicExistsException(message);
                case INVALID_PARTITIONS -> new InvalidPartitionsException(message);
                case INVALID_REPLICATION_FACTOR -> new InvalidReplicationFactorException(message);
                case INVALID_REPLICA_ASSIGNMENT -> new InvalidReplicaAssignmentException(message);
                case INVALID_CONFIG -> new InvalidConfigurationException(message);
                case NOT_CONTROLLER -> new NotControllerException(message);
                case INVALID_REQUEST -> new InvalidRequestException(message);
                case UNSUPPORTED_FOR_MESSAGE_FORMAT -> new UnsupportedForMessageFormatException(message);
                case POLICY_VIOLATION -> new PolicyViolationException(message);
                case OUT_OF_ORDER_SEQUENCE_NUMBER -> new OutOfOrderSequenceException(message);
                case DUPLICATE_SEQUENCE_NUMBER -> new DuplicateSequenceException(message);
                case INVALID_PRODUCER_EPOCH -> new InvalidProducerEpochException(message);
                case INVALID_TXN_STATE -> new InvalidTxnStateException(message);
                case INVALID_PRODUCER_ID_MAPPING -> new InvalidPidMappingException(message);
                case INVALID_TRANSACTION_TIMEOUT -> new InvalidTxnTimeoutException(message);
                case CONCURRENT_TRANSACTIONS -> new ConcurrentTransactionsException(message);
                case TRANSACTION_COORDINATOR_FENCED -> new TransactionCoordinatorFencedException(message);
                case TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> new TransactionalIdAuthorizationException(message);
                case SECURITY_DISABLED -> new SecurityDisabledException(message);
                case OPERATION_NOT_ATTEMPTED -> new OperationNotAttemptedException(message);
                case KAFKA_STORAGE_ERROR -> new KafkaStorageException(message);
                case LOG_DIR_NOT_FOUND -> new LogDirNotFoundException(message);
                case SASL_AUTHENTICATION_FAILED -> new SaslAuthenticationException(message);
                case UNKNOWN_PRODUCER_ID -> new UnknownProducerIdException(message);
                case REASSIGNMENT_IN_PROGRESS -> new ReassignmentInProgressException(message);
                case DELEGATION_TOKEN_AUTH_DISABLED -> new DelegationTokenDisabledException(message);
                case DELEGATION_TOKEN_NOT_FOUND -> new DelegationTokenNotFoundException(message);
                case DELEGATION_TOKEN_OWNER_MISMATCH -> new DelegationTokenOwnerMismatchException(message);
                case DELEGATION_TOKEN_REQUEST_NOT_ALLOWED -> new UnsupportedByAuthenticationException(message);
                case DELEGATION_TOKEN_AUTHORIZATION_FAILED -> new DelegationTokenAuthorizationException(message);
                case DELEGATION_TOKEN_EXPIRED -> new DelegationTokenExpiredException(message);
                case INVALID_PRINCIPAL_TYPE -> new InvalidPrincipalTypeException(message);
                case NON_EMPTY_GROUP -> new GroupNotEmptyException(message);
                case GROUP_ID_NOT_FOUND -> new GroupIdNotFoundException(message);
                case FETCH_SESSION_ID_NOT_FOUND -> new FetchSessionIdNotFoundException(message);
                case INVALID_FETCH_SESSION_EPOCH -> new InvalidFetchSessionEpochException(message);
                case LISTENER_NOT_FOUND -> new ListenerNotFoundException(message);
                case TOPIC_DELETION_DISABLED -> new TopicDeletionDisabledException(message);
                case FENCED_LEADER_EPOCH -> new FencedLeaderEpochException(message);
                case UNKNOWN_LEADER_EPOCH -> new UnknownLeaderEpochException(message);
                case UNSUPPORTED_COMPRESSION_TYPE -> new UnsupportedCompressionTypeException(message);
                case STALE_BROKER_EPOCH -> new StaleBrokerEpochException(message);
                case OFFSET_NOT_AVAILABLE -> new OffsetNotAvailableException(message);
                case MEMBER_ID_REQUIRED -> new MemberIdRequiredException(message);
                case PREFERRED_LEADER_NOT_AVAILABLE -> new PreferredLeaderNotAvailableException(message);
                case GROUP_MAX_SIZE_REACHED -> new GroupMaxSizeReachedException(message);
                case FENCED_INSTANCE_ID -> new FencedInstanceIdException(message);
                case ELIGIBLE_LEADERS_NOT_AVAILABLE -> new EligibleLeadersNotAvailableException(message);
                case ELECTION_NOT_NEEDED -> new ElectionNotNeededException(message);
                case NO_REASSIGNMENT_IN_PROGRESS -> new NoReassignmentInProgressException(message);
                case GROUP_SUBSCRIBED_TO_TOPIC -> new GroupSubscribedToTopicException(message);
                case INVALID_RECORD -> new InvalidRecordException(message);
                case UNSTABLE_OFFSET_COMMIT -> new UnstableOffsetCommitException(message);
                case THROTTLING_QUOTA_EXCEEDED -> new ThrottlingQuotaExceededException(message);
                case PRODUCER_FENCED -> new ProducerFencedException(message);
                case RESOURCE_NOT_FOUND -> new ResourceNotFoundException(message);
                case DUPLICATE_RESOURCE -> new DuplicateResourceException(message);
                case UNACCEPTABLE_CREDENTIAL -> new UnacceptableCredentialException(message);
                case INCONSISTENT_VOTER_SET -> new InconsistentVoterSetException(message);
                case INVALID_UPDATE_VERSION -> new InvalidUpdateVersionException(message);
                case FEATURE_UPDATE_FAILED -> new FeatureUpdateFailedException(message);
                case PRINCIPAL_DESERIALIZATION_FAILURE -> new PrincipalDeserializationException(message);
                case SNAPSHOT_NOT_FOUND -> new SnapshotNotFoundException(message);
                case POSITION_OUT_OF_RANGE -> new PositionOutOfRangeException(message);
                case UNKNOWN_TOPIC_ID -> new UnknownTopicIdException(message);
                case DUPLICATE_BROKER_REGISTRATION -> new DuplicateBrokerRegistrationException(message);
                case BROKER_ID_NOT_REGISTERED -> new BrokerIdNotRegisteredException(message);
                case INCONSISTENT_TOPIC_ID -> new InconsistentTopicIdException(message);
                case INCONSISTENT_CLUSTER_ID -> new InconsistentClusterIdException(message);
                case TRANSACTIONAL_ID_NOT_FOUND -> new TransactionalIdNotFoundException(message);
                case FETCH_SESSION_TOPIC_ID_ERROR -> new FetchSessionTopicIdException(message);
                case INELIGIBLE_REPLICA -> new IneligibleReplicaException(message);
                case NEW_LEADER_ELECTED -> new NewLeaderElectedException(message);
                case OFFSET_MOVED_TO_TIERED_STORAGE -> new OffsetMovedToTieredStorageException(message);
                case FENCED_MEMBER_EPOCH -> new FencedMemberEpochException(message);
                case UNRELEASED_INSTANCE_ID -> new UnreleasedInstanceIdException(message);
                case UNSUPPORTED_ASSIGNOR -> new UnsupportedAssignorException(message);
                case STALE_MEMBER_EPOCH -> new StaleMemberEpochException(message);
                case MISMATCHED_ENDPOINT_TYPE -> new MismatchedEndpointTypeException(message);
                case UNSUPPORTED_ENDPOINT_TYPE -> new UnsupportedEndpointTypeException(message);
                case UNKNOWN_CONTROLLER_ID -> new UnknownControllerIdException(message);
                case UNKNOWN_SUBSCRIPTION_ID -> new UnknownSubscriptionIdException(message);
                case TELEMETRY_TOO_LARGE -> new TelemetryTooLargeException(message);
                case INVALID_REGISTRATION -> new InvalidRegistrationException(message);
                case TRANSACTION_ABORTABLE -> new TransactionAbortableException(message);
                case INVALID_RECORD_STATE -> new InvalidRecordStateException(message);
                case SHARE_SESSION_NOT_FOUND -> new ShareSessionNotFoundException(message);
                case INVALID_SHARE_SESSION_EPOCH -> new InvalidShareSessionEpochException(message);
                case FENCED_STATE_EPOCH -> new FencedStateEpochException(message);
                case INVALID_VOTER_KEY -> new InvalidVoterKeyException(message);
                case DUPLICATE_VOTER -> new DuplicateVoterException(message);
                case VOTER_NOT_FOUND -> new VoterNotFoundException(message);
                case INVALID_REGULAR_EXPRESSION -> new InvalidRegularExpression(message);
                case REBOOTSTRAP_REQUIRED -> new RebootstrapRequiredException(message);
                case STREAMS_INVALID_TOPOLOGY -> new StreamsInvalidTopologyException(message);
                case STREAMS_INVALID_TOPOLOGY_EPOCH -> new StreamsInvalidTopologyEpochException(message);
                case STREAMS_TOPOLOGY_FENCED -> new StreamsTopologyFencedException(message);
                case SHARE_SESSION_LIMIT_REACHED -> new ShareSessionLimitReachedException(message);
            };
        }
    }
}
