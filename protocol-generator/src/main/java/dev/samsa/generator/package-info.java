/**
 * Samsa's build-time generator of Kafka protocol classes from Kafka's JSON message definitions. Not shipped: the
 * client-api build runs it in generate-sources. {@link dev.samsa.generator.MessageGenerator} is the entry point;
 * {@code SpecParser} reads a definition into the model ({@code MessageSpec}, {@code StructSpec}, {@code FieldSpec},
 * {@code FieldType}, {@code Versions}); {@code MessageClassWriter} (with {@code WireCodeEmitter}),
 * {@code ApiKeyWriter} and {@code RandomMessagesWriter} write the sources.
 */
package dev.samsa.generator;
