// IncrementalAlterConfigs, versions 0-1 (every version Kafka 4.1 defines), KIP-339.
//
// Topic resources: SET, DELETE, APPEND and SUBTRACT (the last two on list configs only) on Kafka 4.1's topic configs,
// applied at once (the configs the mock interprets take effect on the next request); an unknown config name or a bad
// value is INVALID_CONFIG, a config named twice INVALID_REQUEST, a missing topic UNKNOWN_TOPIC_OR_PARTITION.
// Broker resources (this broker's id, any broker's id, or "" for the cluster-wide default): SET and DELETE of the
// non-read-only broker configs DescribeConfigs lists, stored as dynamic overrides. validateOnly checks and changes
// nothing. Each resource succeeds or fails as a whole.
//
// Authorization (when on): ALTER_CONFIGS on the topic (before existence) or on the cluster for a broker, else
// TOPIC_AUTHORIZATION_FAILED / CLUSTER_AUTHORIZATION_FAILED for that resource.
//
// Deviations: broker overrides are stored and described but do not change the mock's behaviour; other resource types
// are INVALID_REQUEST.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.IncrementalAlterConfigsRequest;
import dev.samsa.internal.protocol.message.IncrementalAlterConfigsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class IncrementalAlterConfigsHandler extends Handler<IncrementalAlterConfigsRequest,
        IncrementalAlterConfigsResponse> {
    static final byte SET = 0;
    static final byte DELETE = 1;
    static final byte APPEND = 2;
    static final byte SUBTRACT = 3;

    IncrementalAlterConfigsHandler() {
        super(ApiKey.INCREMENTAL_ALTER_CONFIGS, 0, 1);
    }

    /** A failure of one resource: its error code and message. */
    private static final class Failure extends RuntimeException {
        final ErrorCode code;

        Failure(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    @Override
    void handle(RequestContext ctx, IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponse response = new IncrementalAlterConfigsResponse();
        for (IncrementalAlterConfigsRequest.AlterConfigsResource r : request.resources()) {
            IncrementalAlterConfigsResponse.AlterConfigsResourceResponse result =
                    new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse()
                            .setResourceType(r.resourceType()).setResourceName(r.resourceName()).setErrorMessage(null);
            try {
                Set<String> seen = new HashSet<>();
                for (IncrementalAlterConfigsRequest.AlterableConfig c : r.configs()) {
                    if (!seen.add(c.name())) {
                        throw new Failure(ErrorCode.INVALID_REQUEST, "Error due to duplicate config keys");
                    }
                }
                if (r.resourceType() == DescribeConfigsHandler.TOPIC
                        && !ctx.authorized(AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, r.resourceName())) {
                    throw new Failure(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
                } else if (r.resourceType() == DescribeConfigsHandler.BROKER
                        && !ctx.authorizedOnCluster(AclOperation.ALTER_CONFIGS)) {
                    throw new Failure(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
                } else if (r.resourceType() == DescribeConfigsHandler.TOPIC) {
                    alterTopic(ctx, r, request.validateOnly());
                } else if (r.resourceType() == DescribeConfigsHandler.BROKER) {
                    alterBroker(ctx, r, request.validateOnly());
                } else {
                    throw new Failure(ErrorCode.INVALID_REQUEST, "Unsupported resource type " + r.resourceType()
                            + " in the mock broker");
                }
            } catch (Failure f) {
                result.setErrorCode(f.code.code()).setErrorMessage(f.getMessage());
            }
            response.responses().add(result);
        }
        ctx.respond(response);
    }

    private static void alterTopic(RequestContext ctx, IncrementalAlterConfigsRequest.AlterConfigsResource r,
            boolean validateOnly) {
        TopicState topic = ctx.cluster.topics.get(r.resourceName());
        if (topic == null) {
            throw new Failure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + r.resourceName()
                    + "' does not exist.");
        }
        Map<String, String> next = new LinkedHashMap<>(topic.configs);
        for (IncrementalAlterConfigsRequest.AlterableConfig c : r.configs()) {
            ConfigDefinitions.Def def = ConfigDefinitions.TOPIC.get(c.name());
            if (def == null) {
                throw new Failure(ErrorCode.INVALID_CONFIG, "Unknown topic config name: " + c.name());
            }
            String current = next.containsKey(c.name()) ? next.get(c.name()) : def.defaultValue();
            apply(next, c, def, current);
        }
        if (!validateOnly) {
            topic.configs.clear();
            topic.configs.putAll(next);
        }
    }

    private static void alterBroker(RequestContext ctx, IncrementalAlterConfigsRequest.AlterConfigsResource r,
            boolean validateOnly) {
        String name = r.resourceName();
        if (!name.isEmpty()) {
            int id;
            try {
                id = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new Failure(ErrorCode.INVALID_REQUEST, "Invalid broker id " + name);
            }
            if (ctx.cluster.broker(id) == null) {
                throw new Failure(ErrorCode.INVALID_REQUEST, "Broker " + id + " is not registered");
            }
        }
        Map<String, String> current = ctx.cluster.brokerConfigOverrides.getOrDefault(name, Map.of());
        Map<String, String> next = new LinkedHashMap<>(current);
        for (IncrementalAlterConfigsRequest.AlterableConfig c : r.configs()) {
            ConfigDefinitions.Def def = ConfigDefinitions.BROKER.get(c.name());
            if (def == null) {
                throw new Failure(ErrorCode.INVALID_CONFIG, "Unknown or unsupported broker config name: "
                        + c.name());
            }
            if (def.readOnly()) {
                throw new Failure(ErrorCode.INVALID_REQUEST, "Cannot update these configs dynamically: ["
                        + c.name() + "]");
            }
            String base = next.containsKey(c.name()) ? next.get(c.name())
                    : ConfigDefinitions.brokerValue(ctx.cluster, ctx.broker.id, c.name());
            apply(next, c, def, base);
        }
        if (!validateOnly) {
            ctx.cluster.brokerConfigOverrides.put(name, next);
        }
    }

    /** Applies one operation to {@code configs} (the overrides), {@code current} being the effective value. */
    private static void apply(Map<String, String> configs, IncrementalAlterConfigsRequest.AlterableConfig c,
            ConfigDefinitions.Def def, String current) {
        switch (c.configOperation()) {
            case SET -> {
                String problem = ConfigDefinitions.validate(c.name(), def, c.value());
                if (problem != null) {
                    throw new Failure(ErrorCode.INVALID_CONFIG, problem);
                }
                configs.put(c.name(), c.value());
            }
            case DELETE -> configs.remove(c.name());
            case APPEND, SUBTRACT -> {
                if (def.type() != ConfigDefinitions.LIST) {
                    throw new Failure(ErrorCode.INVALID_CONFIG, "Config value " + (c.configOperation() == APPEND
                            ? "append" : "subtract") + " is not allowed for config key: " + c.name());
                }
                List<String> items = new ArrayList<>();
                if (current != null && !current.isBlank()) {
                    for (String s : current.split(",")) {
                        items.add(s.trim());
                    }
                }
                List<String> given = new ArrayList<>();
                for (String s : (c.value() == null ? "" : c.value()).split(",")) {
                    if (!s.isBlank()) {
                        given.add(s.trim());
                    }
                }
                if (c.configOperation() == APPEND) {
                    given.stream().filter(s -> !items.contains(s)).forEach(items::add);
                } else {
                    items.removeAll(given);
                }
                String value = String.join(",", items);
                String problem = ConfigDefinitions.validate(c.name(), def, value);
                if (problem != null) {
                    throw new Failure(ErrorCode.INVALID_CONFIG, problem);
                }
                configs.put(c.name(), value);
            }
            default -> throw new Failure(ErrorCode.INVALID_REQUEST, "Unknown config operation "
                    + c.configOperation() + " for " + c.name());
        }
    }

    @Override
    IncrementalAlterConfigsResponse errorResponse(RequestContext ctx, IncrementalAlterConfigsRequest request,
            ErrorCode error) {
        IncrementalAlterConfigsResponse response = new IncrementalAlterConfigsResponse();
        for (IncrementalAlterConfigsRequest.AlterConfigsResource r : request.resources()) {
            response.responses().add(new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse()
                    .setErrorCode(error.code()).setErrorMessage(null).setResourceType(r.resourceType())
                    .setResourceName(r.resourceName()));
        }
        return response;
    }
}
