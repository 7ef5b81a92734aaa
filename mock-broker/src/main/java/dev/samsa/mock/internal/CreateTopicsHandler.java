// CreateTopics, versions 2-7 (every version Kafka 4.1 defines).
//
// Any broker accepts it, as in KRaft mode (the request is forwarded to the controller there). Partition count and
// replication factor (-1 for num.partitions / default.replication.factor) or explicit replica assignments; configs;
// validateOnly. Errors as Kafka: TOPIC_ALREADY_EXISTS, INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS,
// INVALID_REPLICATION_FACTOR (more replicas than running brokers), INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG,
// INVALID_REQUEST for a topic named twice. From v5 the result carries partitions, replication factor and configs;
// from v7 the topic id.
//
// Authorization (when on): CREATE on the cluster, or on each topic; else TOPIC_AUTHORIZATION_FAILED for it.
//
// Every config is checked against Kafka 4.1's topic configs (ConfigDefinitions): an unknown name or a value of the
// wrong type is INVALID_CONFIG, as Kafka.
//
// Deviations: creation is instant (timeoutMs is ignored); the configs echoed are the mock's interpreted ones plus
// overrides.
package dev.samsa.mock.internal;

import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.CreateTopicsRequest;
import dev.samsa.internal.protocol.message.CreateTopicsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

final class CreateTopicsHandler extends Handler<CreateTopicsRequest, CreateTopicsResponse> {
    /** DescribeConfigs' config sources: a topic override, or the broker default. */
    static final byte DYNAMIC_TOPIC_CONFIG = 1;
    static final byte DEFAULT_CONFIG = 5;

    CreateTopicsHandler() {
        super(ApiKey.CREATE_TOPICS);
    }

    @Override
    void handle(RequestContext ctx, CreateTopicsRequest request) {
        Map<String, Integer> counts = new HashMap<>();
        for (CreateTopicsRequest.CreatableTopic t : request.topics()) {
            counts.merge(t.name(), 1, Integer::sum);
        }
        CreateTopicsResponse response = new CreateTopicsResponse();
        boolean createAny = ctx.authorizedOnCluster(AclOperation.CREATE);
        for (CreateTopicsRequest.CreatableTopic t : request.topics()) {
            CreateTopicsResponse.CreatableTopicResult result = new CreateTopicsResponse.CreatableTopicResult()
                    .setName(t.name()).setErrorMessage(null);
            if (counts.get(t.name()) > 1) {
                result.setErrorCode(ErrorCode.INVALID_REQUEST.code()).setErrorMessage("Create topics request from "
                        + "client `" + ctx.clientId + "` contains multiple entries for the following topics: "
                        + t.name());
                response.topics().add(result);
                continue;
            }
            if (!createAny && !ctx.authorized(AclOperation.CREATE, ResourceType.TOPIC, t.name())) {
                response.topics().add(result.setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("Authorization failed."));
                continue;
            }
            Map<String, String> configs = new LinkedHashMap<>();
            String invalid = null;
            for (CreateTopicsRequest.CreatableTopicConfig c : t.configs()) {
                configs.put(c.name(), c.value());
                ConfigDefinitions.Def def = ConfigDefinitions.TOPIC.get(c.name());
                if (invalid == null) {
                    invalid = def == null ? "Unknown topic config name: " + c.name()
                            : ConfigDefinitions.validate(c.name(), def, c.value());
                }
            }
            // An existing topic is TOPIC_ALREADY_EXISTS whatever its configs (from createTopic below), as Kafka.
            if (invalid != null && !ctx.cluster.topics.containsKey(t.name())) {
                response.topics().add(result.setErrorCode(ErrorCode.INVALID_CONFIG.code()).setErrorMessage(invalid));
                continue;
            }
            List<List<Integer>> assignment = new ArrayList<>();
            t.assignments().stream()
                    .sorted((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()))
                    .forEach(a -> assignment.add(a.brokerIds()));
            try {
                TopicState topic = ctx.cluster.createTopic(t.name(), t.numPartitions(), t.replicationFactor(),
                        assignment, configs, request.validateOnly());
                if (ctx.version >= 5) {
                    result.setNumPartitions(topic.partitions.size())
                            .setReplicationFactor((short) topic.partitions.get(0).replicas.size());
                    for (Map.Entry<String, String> e : effectiveConfigs(topic).entrySet()) {
                        boolean override = topic.configs.containsKey(e.getKey());
                        result.configs().add(new CreateTopicsResponse.CreatableTopicConfigs().setName(e.getKey())
                                .setValue(e.getValue()).setReadOnly(false)
                                .setConfigSource(override ? DYNAMIC_TOPIC_CONFIG : DEFAULT_CONFIG));
                    }
                }
                if (ctx.version >= 7 && !request.validateOnly()) {
                    result.setTopicId(topic.id);
                }
            } catch (ApiException e) {
                result.setErrorCode(ErrorCode.forException(e).code()).setErrorMessage(e.getMessage());
            }
            response.topics().add(result);
        }
        ctx.respond(response);
    }

    static Map<String, String> effectiveConfigs(TopicState topic) {
        Map<String, String> all = new TreeMap<>(TopicState.KNOWN_CONFIGS);
        all.putAll(topic.configs);
        return all;
    }

    @Override
    CreateTopicsResponse errorResponse(RequestContext ctx, CreateTopicsRequest request, ErrorCode error) {
        CreateTopicsResponse response = new CreateTopicsResponse();
        boolean createAny = ctx.authorizedOnCluster(AclOperation.CREATE);
        for (CreateTopicsRequest.CreatableTopic t : request.topics()) {
            response.topics().add(new CreateTopicsResponse.CreatableTopicResult().setName(t.name())
                    .setErrorCode(error.code()).setErrorMessage(null));
        }
        return response;
    }
}
