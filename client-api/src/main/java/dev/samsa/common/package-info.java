/** Types shared by the producer, consumer, admin and transport APIs: nodes, topic partitions, compression. */
package dev.samsa.common;
