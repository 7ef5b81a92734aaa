package dev.samsa.generator;

import java.util.Locale;

/** Name conversions between Kafka's definitions and Java. Stateless. */
final class Names {
    private Names() {
    }

    /** {@code ThrottleTimeMs} → {@code throttleTimeMs}; {@code KRaftVersion} → {@code kRaftVersion}. */
    static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** {@code ThrottleTimeMs} → {@code ThrottleTimeMs} (for setters: {@code setThrottleTimeMs}). */
    static String upperFirst(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * Kafka's enum constant form of an API name: {@code OffsetForLeaderEpoch} → {@code OFFSET_FOR_LEADER_EPOCH}. A
     * word boundary falls before an upper-case letter that follows a lower-case letter or digit, or that starts a
     * new word after a run of capitals ({@code KRaftVersion} → {@code K_RAFT_VERSION}).
     */
    static String screamingSnake(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    sb.append('_');
                }
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** A Java string literal for {@code s}, escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code s} made safe inside a Javadoc comment (no comment terminator, HTML special characters escaped). */
    static String javadoc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
                .replace("@", "&#64;").replace("{", "&#123;").replace("}", "&#125;");
    }
}
