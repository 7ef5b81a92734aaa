/**
 * Types shared by the producer, consumer and admin APIs, such as {@link dev.samsa.common.CompressionType}.
 *
 * @since 0.1.0
 */
package dev.samsa.common;
