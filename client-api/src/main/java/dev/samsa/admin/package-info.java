/**
 * The admin client: topics, partitions, configs, consumer groups and offsets, over any
 * {@link dev.samsa.transport.Transport}. Start with {@link dev.samsa.admin.Admin#builder()}.
 */
package dev.samsa.admin;
