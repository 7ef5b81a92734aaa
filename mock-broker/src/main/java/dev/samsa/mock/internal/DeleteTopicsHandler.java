// DeleteTopics, versions 1-6 (every version Kafka 4.1 defines).
//
// By name (v1-5 topicNames; v6 topics by name or id). Deletion is instant: the logs are released, parked fetches on
// the topic complete with an error, and groups forget their committed offsets for it. UNKNOWN_TOPIC_OR_PARTITION or
// UNKNOWN_TOPIC_ID for topics that do not exist. Any broker accepts it, as in KRaft mode.
//
// Authorization (when on): DELETE on each topic, else TOPIC_AUTHORIZATION_FAILED for it.
//
// Deviations: timeoutMs is ignored.
package dev.samsa.mock.internal;

import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.DeleteTopicsRequest;
import dev.samsa.internal.protocol.message.DeleteTopicsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

final class DeleteTopicsHandler extends Handler<DeleteTopicsRequest, DeleteTopicsResponse> {
    private static final UUID ZERO = new UUID(0, 0);

    DeleteTopicsHandler() {
        super(ApiKey.DELETE_TOPICS);
    }

    private static List<DeleteTopicsRequest.DeleteTopicState> targets(RequestContext ctx, DeleteTopicsRequest r) {
        if (ctx.version >= 6) {
            return r.topics();
        }
        List<DeleteTopicsRequest.DeleteTopicState> out = new ArrayList<>();
        for (String name : r.topicNames()) {
            out.add(new DeleteTopicsRequest.DeleteTopicState().setName(name));
        }
        return out;
    }

    @Override
    void handle(RequestContext ctx, DeleteTopicsRequest request) {
        DeleteTopicsResponse response = new DeleteTopicsResponse();
        for (DeleteTopicsRequest.DeleteTopicState target : targets(ctx, request)) {
            DeleteTopicsResponse.DeletableTopicResult result = new DeleteTopicsResponse.DeletableTopicResult()
                    .setName(target.name());
            boolean byId = target.name() == null && target.topicId() != null && !target.topicId().equals(ZERO);
            TopicState topic = byId ? ctx.cluster.topicsById.get(target.topicId())
                    : ctx.cluster.topics.get(target.name());
            String name = topic != null ? topic.name : byId ? null : target.name();
            if (name != null && !ctx.authorized(AclOperation.DELETE, ResourceType.TOPIC, name)) {
                // Before existence, as Kafka: an unauthorized client cannot probe topic names.
                result.setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code());
                if (byId) {
                    result.setName(null).setTopicId(target.topicId());
                }
            } else if (topic == null) {
                result.setErrorCode(byId ? ErrorCode.UNKNOWN_TOPIC_ID.code()
                        : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                if (byId) {
                    result.setTopicId(target.topicId());
                }
            } else {
                result.setName(topic.name).setTopicId(topic.id);
                ctx.cluster.deleteTopic(topic);
            }
            response.responses().add(result);
        }
        ctx.respond(response);
    }

    @Override
    DeleteTopicsResponse errorResponse(RequestContext ctx, DeleteTopicsRequest request, ErrorCode error) {
        DeleteTopicsResponse response = new DeleteTopicsResponse();
        for (DeleteTopicsRequest.DeleteTopicState target : targets(ctx, request)) {
            response.responses().add(new DeleteTopicsResponse.DeletableTopicResult().setName(target.name())
                    .setTopicId(target.topicId() == null ? ZERO : target.topicId()).setErrorCode(error.code()));
        }
        return response;
    }
}
