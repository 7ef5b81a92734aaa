/**
 * The consumer engine behind {@link dev.samsa.consumer.Consumer}: subscription state, the fetcher with fetch sessions,
 * offset lookups, the classic consumer group protocol and the partition assignors. Internal: may change without
 * notice between releases.
 */
package dev.samsa.internal.consumer;
