package dev.samsa.generator;

/**
 * Java expressions for fields' default values: the definition's {@code "default"} (decimal or hex, possibly
 * negative, {@code true}/{@code false} in any case, {@code null}) or else the type's own default (zero, false,
 * empty string, zero UUID, empty bytes, empty list, a default struct; null for records). Stateless.
 */
final class Defaults {
    private Defaults() {
    }

    /** The expression a field is initialised with. */
    static String expression(FieldSpec field) {
        FieldType type = field.type();
        if (field.defaultIsNull()) {
            return "null";
        }
        if (field.defaultValue() != null) {
            return javaLiteral(type, field.defaultValue());
        }
        return switch (type.kind()) {
            case BOOL -> "false";
            case INT8 -> "(byte) 0";
            case INT16 -> "(short) 0";
            case UINT16, INT32 -> "0";
            case UINT32, INT64 -> "0L";
            case FLOAT64 -> "0.0";
            case UUID -> "ZERO_UUID";
            case STRING -> "\"\"";
            case BYTES -> "EMPTY_BYTES";
            case RECORDS -> "null";
            case STRUCT -> "new " + type.structName() + "()";
            case ARRAY -> "new ArrayList<>(0)";
        };
    }

    /**
     * A Java literal for a definition's non-null default text.
     *
     * @throws IllegalArgumentException if the text does not fit the type
     */
    static String javaLiteral(FieldType type, String text) {
        String t = text.trim();
        switch (type.kind()) {
            case BOOL:
                if (t.equalsIgnoreCase("true")) {
                    return "true";
                }
                if (t.equalsIgnoreCase("false")) {
                    return "false";
                }
                throw new IllegalArgumentException("invalid bool default '" + text + "'");
            case INT8:
                return "(byte) " + integer(t, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return "(short) " + integer(t, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT16:
                return Long.toString(integer(t, 0, 0xFFFF));
            case INT32:
                return Long.toString(integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32:
                return integer(t, 0, 0xFFFFFFFFL) + "L";
            case INT64:
                return integer(t, Long.MIN_VALUE, Long.MAX_VALUE) + "L";
            case FLOAT64:
                return Double.toString(Double.parseDouble(t));
            case STRING:
                return Names.quote(text);
            case UUID:
                if (t.isEmpty()) {
                    return "ZERO_UUID";
                }
                throw new IllegalArgumentException("unsupported uuid default '" + text + "'");
            default:
                throw new IllegalArgumentException("unsupported default '" + text + "' for type " + type);
        }
    }

    private static long integer(String t, long min, long max) {
        java.math.BigInteger v;
        try {
            boolean negative = t.startsWith("-");
            String digits = negative ? t.substring(1) : t;
            v = digits.startsWith("0x") || digits.startsWith("0X")
                    ? new java.math.BigInteger(digits.substring(2), 16) : new java.math.BigInteger(digits);
            if (negative) {
                v = v.negate();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid integer default '" + t + "'", e);
        }
        if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0 || v.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("default " + t + " out of range [" + min + ", " + max + "]");
        }
        return v.longValue();
    }
}
