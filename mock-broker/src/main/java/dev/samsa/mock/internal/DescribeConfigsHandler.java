// DescribeConfigs, versions 1-4 (every version Kafka 4.1 defines).
//
// Topic resources: every topic config of Kafka 4.1 with its value, DYNAMIC_TOPIC_CONFIG for an override and
// DEFAULT_CONFIG otherwise (a broker with no log.* overrides); UNKNOWN_TOPIC_OR_PARTITION for a missing topic.
// Broker resources: a subset of broker configs (those the mock has values for), STATIC_BROKER_CONFIG or the dynamic
// overrides set with IncrementalAlterConfigs (DYNAMIC_BROKER_CONFIG, or DYNAMIC_DEFAULT_BROKER_CONFIG for the
// cluster-wide default, resource name ""); a broker answers only for itself or the default, else INVALID_REQUEST as
// Kafka. configurationKeys filters; config types from v3.
//
// Authorization (when on): DESCRIBE_CONFIGS on the topic (before existence) or on the cluster for a broker, else
// TOPIC_AUTHORIZATION_FAILED / CLUSTER_AUTHORIZATION_FAILED for that resource.
//
// Deviations: no synonyms (includeSynonyms is ignored), no documentation; other resource types are INVALID_REQUEST.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DescribeConfigsRequest;
import dev.samsa.internal.protocol.message.DescribeConfigsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.Map;

final class DescribeConfigsHandler extends Handler<DescribeConfigsRequest, DescribeConfigsResponse> {
    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    static final byte DYNAMIC_TOPIC_CONFIG = 1;
    static final byte DYNAMIC_BROKER_CONFIG = 2;
    static final byte DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
    static final byte STATIC_BROKER_CONFIG = 4;
    static final byte DEFAULT_CONFIG = 5;

    DescribeConfigsHandler() {
        super(ApiKey.DESCRIBE_CONFIGS, 1, 4);
    }

    @Override
    void handle(RequestContext ctx, DescribeConfigsRequest request) {
        DescribeConfigsResponse response = new DescribeConfigsResponse();
        for (DescribeConfigsRequest.DescribeConfigsResource r : request.resources()) {
            DescribeConfigsResponse.DescribeConfigsResult result = new DescribeConfigsResponse.DescribeConfigsResult()
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName()).setErrorMessage(null);
            if (r.resourceType() == TOPIC
                    && !ctx.authorized(AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, r.resourceName())) {
                // Before existence, as Kafka: an unauthorized client cannot probe topic names.
                result.setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code());
            } else if (r.resourceType() == BROKER && !ctx.authorizedOnCluster(AclOperation.DESCRIBE_CONFIGS)) {
                result.setErrorCode(ErrorCode.CLUSTER_AUTHORIZATION_FAILED.code());
            } else if (r.resourceType() == TOPIC) {
                TopicState topic = ctx.cluster.topics.get(r.resourceName());
                if (topic == null) {
                    result.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage("The topic '" + r.resourceName() + "' does not exist.");
                } else {
                    for (Map.Entry<String, ConfigDefinitions.Def> e : ConfigDefinitions.TOPIC.entrySet()) {
                        String name = e.getKey();
                        if (!wanted(r, name)) {
                            continue;
                        }
                        boolean override = topic.configs.containsKey(name);
                        String value = override ? topic.configs.get(name) : name.equals(TopicState.MAX_MESSAGE_BYTES)
                                ? topic.config(name) : e.getValue().defaultValue();
                        add(ctx, result, name, value, override ? DYNAMIC_TOPIC_CONFIG : DEFAULT_CONFIG, false,
                                e.getValue().type());
                    }
                }
            } else if (r.resourceType() == BROKER) {
                String name = r.resourceName();
                if (!name.isEmpty() && !name.equals(Integer.toString(ctx.broker.id))) {
                    result.setErrorCode(ErrorCode.INVALID_REQUEST.code()).setErrorMessage("Unexpected broker id, "
                            + "expected " + ctx.broker.id + " or empty string, but received " + name);
                } else {
                    Map<String, String> own = ctx.cluster.brokerConfigOverrides.getOrDefault(name, Map.of());
                    Map<String, String> defaults = ctx.cluster.brokerConfigOverrides.getOrDefault("", Map.of());
                    for (Map.Entry<String, ConfigDefinitions.Def> e : ConfigDefinitions.BROKER.entrySet()) {
                        String key = e.getKey();
                        if (!wanted(r, key)) {
                            continue;
                        }
                        String value;
                        byte source;
                        if (!name.isEmpty() && own.containsKey(key)) {
                            value = own.get(key);
                            source = DYNAMIC_BROKER_CONFIG;
                        } else if (defaults.containsKey(key)) {
                            value = defaults.get(key);
                            source = DYNAMIC_DEFAULT_BROKER_CONFIG;
                        } else if (name.isEmpty()) {
                            continue; // the default resource lists only what was set dynamically, as Kafka
                        } else {
                            value = ConfigDefinitions.brokerValue(ctx.cluster, ctx.broker.id, key);
                            source = STATIC_BROKER_CONFIG;
                        }
                        add(ctx, result, key, value, source, e.getValue().readOnly(), e.getValue().type());
                    }
                }
            } else {
                result.setErrorCode(ErrorCode.INVALID_REQUEST.code())
                        .setErrorMessage("Unsupported resource type " + r.resourceType() + " in the mock broker");
            }
            response.results().add(result);
        }
        ctx.respond(response);
    }

    private static boolean wanted(DescribeConfigsRequest.DescribeConfigsResource r, String name) {
        return r.configurationKeys() == null || r.configurationKeys().isEmpty() || r.configurationKeys()
                .contains(name);
    }

    private static void add(RequestContext ctx, DescribeConfigsResponse.DescribeConfigsResult result, String name,
            String value, byte source, boolean readOnly, byte type) {
        DescribeConfigsResponse.DescribeConfigsResourceResult c = new DescribeConfigsResponse
                .DescribeConfigsResourceResult().setName(name).setValue(value).setReadOnly(readOnly)
                .setConfigSource(source).setIsSensitive(false).setDocumentation(null);
        if (ctx.version >= 3) {
            c.setConfigType(type);
        }
        result.configs().add(c);
    }

    @Override
    DescribeConfigsResponse errorResponse(RequestContext ctx, DescribeConfigsRequest request, ErrorCode error) {
        DescribeConfigsResponse response = new DescribeConfigsResponse();
        for (DescribeConfigsRequest.DescribeConfigsResource r : request.resources()) {
            response.results().add(new DescribeConfigsResponse.DescribeConfigsResult().setErrorCode(error.code())
                    .setErrorMessage(null).setResourceType(r.resourceType()).setResourceName(r.resourceName()));
        }
        return response;
    }
}
