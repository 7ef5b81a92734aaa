package dev.samsa.admin;

import java.util.UUID;

/**
 * A topic as {@link Admin#listTopics} lists it.
 *
 * @param name the topic
 * @param topicId its id (KIP-516), or null if the broker did not report one
 * @param internal whether it is an internal topic, such as {@code __consumer_offsets}
 * @since 0.1.0
 */
public record TopicListing(String name, UUID topicId, boolean internal) {
}
