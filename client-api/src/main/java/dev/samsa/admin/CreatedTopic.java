package dev.samsa.admin;

import java.util.UUID;

/**
 * What the broker reported for a topic {@link Admin#createTopics created} (or validated).
 *
 * @param name the topic
 * @param topicId its id (KIP-516), or null when validating only or when the broker is older than CreateTopics v7
 * @param partitions the partition count, or -1 if the broker did not say (CreateTopics before v5)
 * @param replicationFactor the replication factor, or -1 if the broker did not say
 * @since 0.1.0
 */
public record CreatedTopic(String name, UUID topicId, int partitions, int replicationFactor) {
}
