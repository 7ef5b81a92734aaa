/**
 * The cluster metadata cache shared by Samsa's client engines (producer now; consumer and admin later): which brokers
 * exist and which one leads each partition, fetched with Metadata requests (API key 3) through the transport, kept
 * fresh by {@code metadata.max.age.ms}, refreshed on demand after leader errors. Internal: may change without notice
 * between releases.
 */
package dev.samsa.internal.metadata;
