/**
 * Types shared by the producer, consumer, admin and transport APIs: nodes, topic partitions, compression types.
 */
package dev.samsa.common;
