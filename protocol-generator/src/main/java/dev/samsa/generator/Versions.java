package dev.samsa.generator;

/**
 * An inclusive range of protocol versions, as written in Kafka's message definitions: {@code "3+"} (3 and every later
 * version), {@code "0-7"}, {@code "5"} or {@code "none"}. Immutable.
 */
record Versions(int lowest, int highest) {
    /** The highest version a definition can name; {@code "N+"} runs up to it. */
    static final int MAX = Short.MAX_VALUE;
    static final Versions NONE = new Versions(0, -1);
    static final Versions ALL = new Versions(0, MAX);

    /**
     * Parses a version range.
     *
     * @throws IllegalArgumentException if {@code text} is none of the accepted forms
     */
    static Versions parse(String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("none")) {
            return NONE;
        }
        try {
            if (s.endsWith("+")) {
                return new Versions(Short.parseShort(s.substring(0, s.length() - 1)), MAX);
            }
            int dash = s.indexOf('-');
            if (dash > 0) {
                Versions v = new Versions(Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1)));
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("empty version range '" + text + "'");
                }
                return v;
            }
            short v = Short.parseShort(s);
            return new Versions(v, v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid version range '" + text + "'", e);
        }
    }

    boolean isEmpty() {
        return lowest > highest;
    }

    boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    boolean containsAll(Versions other) {
        return other.isEmpty() || (!isEmpty() && other.lowest >= lowest && other.highest <= highest);
    }

    Versions intersect(Versions other) {
        Versions v = new Versions(Math.max(lowest, other.lowest), Math.min(highest, other.highest));
        return v.isEmpty() ? NONE : v;
    }

    /**
     * This range without {@code suffix}, which must be empty or run to this range's end (how a field's tagged
     * versions relate to its versions).
     *
     * @throws IllegalArgumentException if the difference is not a single range
     */
    Versions minusSuffix(Versions suffix) {
        if (suffix.isEmpty() || isEmpty()) {
            return this;
        }
        if (suffix.highest < highest || suffix.lowest < lowest) {
            throw new IllegalArgumentException(suffix + " is not a suffix of " + this);
        }
        Versions v = new Versions(lowest, suffix.lowest - 1);
        return v.isEmpty() ? NONE : v;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == MAX) {
            return lowest + "+";
        }
        return lowest == highest ? Integer.toString(lowest) : lowest + "-" + highest;
    }
}
