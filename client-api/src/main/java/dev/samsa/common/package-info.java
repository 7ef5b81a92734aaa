/**
 * Types shared by the producer, consumer, admin and transport APIs: nodes, topic partitions, partition metadata,
 * record headers, compression types.
 */
package dev.samsa.common;
