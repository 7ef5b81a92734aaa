// CreatePartitions, versions 0-3 (every version Kafka 4.1 defines).
//
// Grows topics to a new partition count, with optional replica assignments for the new partitions; validateOnly.
// INVALID_PARTITIONS when the count does not grow, UNKNOWN_TOPIC_OR_PARTITION for a missing topic,
// INVALID_REPLICA_ASSIGNMENT / INVALID_REPLICATION_FACTOR as Kafka, INVALID_REQUEST for a topic named twice.
//
// Authorization (when on): ALTER on each topic, else TOPIC_AUTHORIZATION_FAILED for it.
//
// Deviations: instant; timeoutMs is ignored.
package dev.samsa.mock.internal;

import dev.samsa.errors.ApiException;
import dev.samsa.errors.ErrorCode;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.internal.protocol.message.CreatePartitionsRequest;
import dev.samsa.internal.protocol.message.CreatePartitionsResponse;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class CreatePartitionsHandler extends Handler<CreatePartitionsRequest, CreatePartitionsResponse> {
    CreatePartitionsHandler() {
        super(ApiKey.CREATE_PARTITIONS);
    }

    @Override
    void handle(RequestContext ctx, CreatePartitionsRequest request) {
        Map<String, Integer> counts = new HashMap<>();
        for (CreatePartitionsRequest.CreatePartitionsTopic t : request.topics()) {
            counts.merge(t.name(), 1, Integer::sum);
        }
        CreatePartitionsResponse response = new CreatePartitionsResponse();
        for (CreatePartitionsRequest.CreatePartitionsTopic t : request.topics()) {
            CreatePartitionsResponse.CreatePartitionsTopicResult result =
                    new CreatePartitionsResponse.CreatePartitionsTopicResult().setName(t.name());
            if (counts.get(t.name()) > 1) {
                result.setErrorCode(ErrorCode.INVALID_REQUEST.code())
                        .setErrorMessage("Duplicate topic in request: " + t.name());
            } else if (!ctx.authorized(AclOperation.ALTER, ResourceType.TOPIC, t.name())) {
                result.setErrorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("The topic authorization is failed.");
            } else {
                List<List<Integer>> assignment = null;
                if (t.assignments() != null) {
                    assignment = new ArrayList<>();
                    for (CreatePartitionsRequest.CreatePartitionsAssignment a : t.assignments()) {
                        assignment.add(a.brokerIds());
                    }
                }
                try {
                    ctx.cluster.createPartitions(t.name(), t.count(), assignment, request.validateOnly());
                } catch (ApiException e) {
                    result.setErrorCode(ErrorCode.forException(e).code()).setErrorMessage(e.getMessage());
                }
            }
            response.results().add(result);
        }
        ctx.respond(response);
    }

    @Override
    CreatePartitionsResponse errorResponse(RequestContext ctx, CreatePartitionsRequest request, ErrorCode error) {
        CreatePartitionsResponse response = new CreatePartitionsResponse();
        for (CreatePartitionsRequest.CreatePartitionsTopic t : request.topics()) {
            response.results().add(new CreatePartitionsResponse.CreatePartitionsTopicResult().setName(t.name())
                    .setErrorCode(error.code()));
        }
        return response;
    }
}
