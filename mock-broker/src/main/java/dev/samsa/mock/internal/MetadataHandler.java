// Metadata, versions 0-13 (every version Kafka 4.1 defines).
//
// Running brokers with their advertised address (the TCP listener's port once listening), cluster id, the
// controller, and topics with ids, partitions, leaders, leader epochs, replicas, ISR and offline replicas. A null
// topic list (v1+; empty in v0) asks for all topics. A topic that does not exist is created when the request allows
// it (v4+; always below) and the cluster has auto.create.topics.enable, and is then reported with
// LEADER_NOT_AVAILABLE as Kafka reports a topic it just started creating; otherwise UNKNOWN_TOPIC_OR_PARTITION.
// Illegal names get INVALID_TOPIC_EXCEPTION.
//
// Authorization (when on): DESCRIBE on each topic named, else TOPIC_AUTHORIZATION_FAILED whether it exists or
// not; a request for all topics leaves out those the principal may not describe; auto-creation also needs CREATE on
// the cluster or the topic, else TOPIC_AUTHORIZATION_FAILED. Topic authorized operations (v8+, KIP-430) when asked.
//
// Deviations: lookups by topic id (v10+) are answered like Kafka 4.1 only for known ids (UNKNOWN_TOPIC_ID
// otherwise); cluster authorized operations (v8-10) are never computed.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.MetadataRequest;
import dev.samsa.internal.protocol.message.MetadataResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

final class MetadataHandler extends Handler<MetadataRequest, MetadataResponse> {
    private static final UUID ZERO = new UUID(0, 0);

    MetadataHandler() {
        super(ApiKey.METADATA);
    }

    @Override
    void handle(RequestContext ctx, MetadataRequest request) {
        ClusterState cluster = ctx.cluster;
        MetadataResponse r = base(cluster);
        boolean all = request.topics() == null || (ctx.version == 0 && request.topics().isEmpty());
        boolean operations = ctx.version >= 8 && request.includeTopicAuthorizedOperations();
        if (all) {
            for (TopicState t : cluster.topics.values()) {
                if (ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, t.name)) {
                    r.topics().add(describe(ctx, t, operations)); // as Kafka: others are left out, silently
                }
            }
        } else {
            boolean allowCreate = ctx.version < 4 || request.allowAutoTopicCreation();
            for (MetadataRequest.MetadataRequestTopic rt : request.topics()) {
                String name = rt.name();
                if (name == null && rt.topicId() != null && !rt.topicId().equals(ZERO)) {
                    TopicState t = cluster.topicsById.get(rt.topicId());
                    r.topics().add(t == null
                            ? new MetadataResponse.MetadataResponseTopic().setTopicId(rt.topicId()).setName(null)
                                    .setErrorCode(ErrorCode.UNKNOWN_TOPIC_ID.code())
                            : !ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, t.name)
                                    ? new MetadataResponse.MetadataResponseTopic().setTopicId(rt.topicId())
                                            .setName(null).setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code())
                            : describe(ctx, t, operations));
                    continue;
                }
                TopicState t = cluster.topics.get(name);
                if (!ctx.authorized(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                    // Whether or not it exists, as Kafka: an unauthorized client cannot probe topic names.
                    r.topics().add(new MetadataResponse.MetadataResponseTopic().setName(name)
                            .setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                if (t != null) {
                    r.topics().add(describe(ctx, t, operations));
                    continue;
                }
                MetadataResponse.MetadataResponseTopic missing = new MetadataResponse.MetadataResponseTopic()
                        .setName(name);
                if (ClusterState.invalidTopicName(name) != null) {
                    missing.setErrorCode(ErrorCode.INVALID_TOPIC_EXCEPTION.code());
                } else if (allowCreate && cluster.config.autoCreateTopics()
                        && !ctx.authorizedOnCluster(AclOperation.CREATE)
                        && !ctx.authorized(AclOperation.CREATE, ResourceType.TOPIC, name)) {
                    missing.setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code());
                } else if (allowCreate && cluster.config.autoCreateTopics()) {
                    try {
                        TopicState created = cluster.maybeAutoCreate(name);
                        missing.setTopicId(created.id).setErrorCode(ErrorCode.LEADER_NOT_AVAILABLE.code());
                    } catch (dev.samsa.errors.ApiException e) {
                        missing.setErrorCode(ErrorCode.forException(e).code());
                    }
                } else {
                    missing.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                }
                r.topics().add(missing);
            }
        }
        ctx.respond(r);
    }

    private static MetadataResponse base(ClusterState cluster) {
        MetadataResponse r = new MetadataResponse().setClusterId(cluster.config.clusterId())
                .setControllerId(cluster.controllerId());
        for (BrokerState b : cluster.brokers) {
            if (b.alive) {
                r.brokers().add(new MetadataResponse.MetadataResponseBroker().setNodeId(b.id)
                        .setHost(BrokerState.HOST).setPort(b.port()).setRack(b.rack));
            }
        }
        return r;
    }

    private static MetadataResponse.MetadataResponseTopic describe(RequestContext ctx, TopicState t,
            boolean operations) {
        MetadataResponse.MetadataResponseTopic rt = describe(ctx.cluster, t);
        if (operations) {
            rt.setTopicAuthorizedOperations(ctx.authorizer().authorizedOperations(ctx.principal, ctx.clientHost,
                    ResourceType.TOPIC, t.name, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS));
        }
        return rt;
    }

    static MetadataResponse.MetadataResponseTopic describe(ClusterState cluster, TopicState t) {
        MetadataResponse.MetadataResponseTopic rt = new MetadataResponse.MetadataResponseTopic().setName(t.name)
                .setTopicId(t.id).setIsInternal(false);
        for (PartitionState p : t.partitions) {
            List<Integer> offline = new ArrayList<>();
            for (int r : p.replicas) {
                if (!cluster.broker(r).alive) {
                    offline.add(r);
                }
            }
            rt.partitions().add(new MetadataResponse.MetadataResponsePartition().setPartitionIndex(p.index)
                    .setErrorCode(p.leader < 0 ? ErrorCode.LEADER_NOT_AVAILABLE.code() : 0)
                    .setLeaderId(p.leader).setLeaderEpoch(p.leaderEpoch)
                    .setReplicaNodes(new ArrayList<>(p.replicas)).setIsrNodes(new ArrayList<>(p.isr))
                    .setOfflineReplicas(offline));
        }
        return rt;
    }

    @Override
    MetadataResponse errorResponse(RequestContext ctx, MetadataRequest request, ErrorCode error) {
        MetadataResponse r = base(ctx.cluster);
        if (request.topics() != null) {
            for (MetadataRequest.MetadataRequestTopic t : request.topics()) {
                r.topics().add(new MetadataResponse.MetadataResponseTopic().setName(t.name())
                        .setTopicId(t.topicId()).setErrorCode(error.code()));
            }
        }
        if (ctx.version >= 13) {
            r.setErrorCode(error.code());
        }
        return r;
    }
}
