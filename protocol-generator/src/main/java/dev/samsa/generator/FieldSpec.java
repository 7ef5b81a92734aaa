package dev.samsa.generator;

/**
 * One field of a struct, from a definition's {@code "fields"} entry. The version ranges are already clipped to the
 * enclosing struct's versions. {@code mapKey}, {@code entityType}, {@code zeroCopy} are not kept: they change
 * nothing on the wire.
 *
 * @param name the definition's name, e.g. {@code "ThrottleTimeMs"}
 * @param type the wire type
 * @param versions the versions the field exists in (regular or tagged)
 * @param nullableVersions the versions in which it may be null
 * @param taggedVersions the versions in which it is a tagged field (KIP-482); empty if never
 * @param tag the tag, or -1 when not tagged
 * @param flexibleVersions a field-level override of the message's flexible versions, or null (only
 *     RequestHeader.ClientId uses one: its string keeps the two-byte length so any broker can read it)
 * @param defaultValue the definition's {@code "default"} text, or null for the type's default
 * @param ignorable whether a non-default value may be dropped silently at a version that lacks the field
 * @param about the definition's description, used as Javadoc
 */
record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Versions taggedVersions,
        int tag,
        Versions flexibleVersions,
        String defaultValue,
        boolean ignorable,
        String about) {

    boolean isTagged() {
        return !taggedVersions.isEmpty();
    }

    /** Versions in which the field is a regular (positional) field. */
    Versions regularVersions() {
        return versions.minusSuffix(taggedVersions);
    }

    /** Java name: the definition's name with a lower-case first letter, e.g. {@code throttleTimeMs}. */
    String camelName() {
        return Names.lowerFirst(name);
    }

    /** Whether the default is null (so is the field's initial value). */
    boolean defaultIsNull() {
        if (type.kind() == FieldType.Kind.RECORDS) {
            return true;
        }
        return "null".equals(defaultValue);
    }
}
