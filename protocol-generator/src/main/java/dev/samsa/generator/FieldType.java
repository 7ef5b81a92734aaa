package dev.samsa.generator;

/**
 * The wire type of a field, as named in a definition's {@code "type"}: a primitive, a struct (by name) or an array of
 * either. Knows the Java type each maps to and its fixed encoded size where it has one. Immutable.
 */
record FieldType(Kind kind, String structName, FieldType element) {
    /** The kinds of type Kafka's definitions use. */
    enum Kind {
        BOOL("boolean", "Boolean", 1),
        INT8("byte", "Byte", 1),
        INT16("short", "Short", 2),
        UINT16("int", "Integer", 2),
        INT32("int", "Integer", 4),
        UINT32("long", "Long", 4),
        INT64("long", "Long", 8),
        FLOAT64("double", "Double", 8),
        UUID("java.util.UUID", "java.util.UUID", 16),
        STRING("String", "String", -1),
        BYTES("byte[]", "byte[]", -1),
        RECORDS("ByteBuf", "ByteBuf", -1),
        STRUCT(null, null, -1),
        ARRAY(null, null, -1);

        final String javaType;
        final String boxedType;
        /** Encoded size in bytes, or -1 if it varies. */
        final int fixedSize;

        Kind(String javaType, String boxedType, int fixedSize) {
            this.javaType = javaType;
            this.boxedType = boxedType;
            this.fixedSize = fixedSize;
        }
    }

    /**
     * Parses a definition's type name.
     *
     * @throws IllegalArgumentException for an array of arrays or of records
     */
    static FieldType parse(String name) {
        if (name.startsWith("[]")) {
            FieldType element = parse(name.substring(2));
            if (element.kind == Kind.ARRAY || element.kind == Kind.RECORDS) {
                throw new IllegalArgumentException("unsupported array element type in '" + name + "'");
            }
            return new FieldType(Kind.ARRAY, null, element);
        }
        return switch (name) {
            case "bool" -> primitive(Kind.BOOL);
            case "int8" -> primitive(Kind.INT8);
            case "int16" -> primitive(Kind.INT16);
            case "uint16" -> primitive(Kind.UINT16);
            case "int32" -> primitive(Kind.INT32);
            case "uint32" -> primitive(Kind.UINT32);
            case "int64" -> primitive(Kind.INT64);
            case "float64" -> primitive(Kind.FLOAT64);
            case "uuid" -> primitive(Kind.UUID);
            case "string" -> primitive(Kind.STRING);
            case "bytes" -> primitive(Kind.BYTES);
            case "records" -> primitive(Kind.RECORDS);
            default -> {
                if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
                    throw new IllegalArgumentException("unknown type '" + name + "'");
                }
                yield new FieldType(Kind.STRUCT, name, null);
            }
        };
    }

    private static FieldType primitive(Kind kind) {
        return new FieldType(kind, null, null);
    }

    boolean isArray() {
        return kind == Kind.ARRAY;
    }

    boolean isStruct() {
        return kind == Kind.STRUCT;
    }

    /** Struct, or array of structs: the struct's name; otherwise null. */
    String structNameDeep() {
        return isArray() ? element.structName : structName;
    }

    /** Types whose Java value is a reference that may be null on the wire (where the field allows it). */
    boolean canBeNull() {
        return kind == Kind.STRING || kind == Kind.BYTES || kind == Kind.RECORDS || kind == Kind.STRUCT
                || kind == Kind.ARRAY;
    }

    /** Types whose Java value is a primitive. */
    boolean isJavaPrimitive() {
        return switch (kind) {
            case BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT64 -> true;
            default -> false;
        };
    }

    String javaType() {
        return switch (kind) {
            case STRUCT -> structName;
            case ARRAY -> "List<" + element.boxedType() + ">";
            default -> kind.javaType;
        };
    }

    String boxedType() {
        return switch (kind) {
            case STRUCT -> structName;
            case ARRAY -> javaType();
            default -> kind.boxedType;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STRUCT -> structName;
            case ARRAY -> "[]" + element;
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
