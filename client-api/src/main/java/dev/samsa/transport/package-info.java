/**
 * The {@link dev.samsa.transport.Transport} SPI: the one seam between the client engines and a Kafka cluster, real
 * (Netty) or in memory (mock broker), and its typed failures.
 */
package dev.samsa.transport;
