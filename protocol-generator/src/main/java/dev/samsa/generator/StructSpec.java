package dev.samsa.generator;

import java.util.List;

/**
 * A struct: the top-level body of a message or a nested struct type (an inline {@code "fields"} block or a
 * {@code commonStructs} entry).
 *
 * @param name the Java class name (the message name, or the struct type name)
 * @param versions the versions this struct exists in, clipped to the message's valid versions
 * @param fields the fields in wire order
 * @param about a description for Javadoc
 */
record StructSpec(String name, Versions versions, List<FieldSpec> fields, String about) {
}
