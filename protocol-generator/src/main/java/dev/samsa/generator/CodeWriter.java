package dev.samsa.generator;

/**
 * Builds Java source text line by line with four-space indentation, and hands out fresh local variable names so
 * that nested generated blocks never shadow each other. Not thread-safe.
 */
final class CodeWriter {
    private final StringBuilder sb = new StringBuilder(16 * 1024);
    private int indent;
    private int nextLocal;

    /** Appends one line at the current indentation. */
    CodeWriter line(String text) {
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty()) {
                sb.append("    ".repeat(indent));
            }
            sb.append(l).append('\n');
        }
        return this;
    }

    CodeWriter blank() {
        sb.append('\n');
        return this;
    }

    /** Appends {@code header + " {"} and indents. */
    CodeWriter open(String header) {
        line(header + " {");
        indent++;
        return this;
    }

    /** Dedents and appends {@code "}"}. */
    CodeWriter close() {
        indent--;
        line("}");
        return this;
    }

    /** Dedents and appends {@code text}, e.g. {@code "};"} to end a switch expression. */
    CodeWriter dedentClose(String text) {
        indent--;
        line(text);
        return this;
    }

    /** Dedents, appends {@code "} " + text + " {"} and indents again, e.g. for {@code else}. */
    CodeWriter reopen(String text) {
        indent--;
        line("} " + text + " {");
        indent++;
        return this;
    }

    /** A local variable name not used before in this writer: {@code prefix} plus a number. */
    String fresh(String prefix) {
        return prefix + (nextLocal++);
    }

    /**
     * Emits {@code then} under {@code condition} and {@code otherwise} (may be null) under its negation, folding the
     * {@code if} away when the condition is the literal {@code true} or {@code false}.
     */
    void ifElse(String condition, Runnable then, Runnable otherwise) {
        if (condition.equals("true")) {
            then.run();
        } else if (condition.equals("false")) {
            if (otherwise != null) {
                otherwise.run();
            }
        } else {
            open("if (" + condition + ")");
            then.run();
            if (otherwise != null) {
                reopen("else");
                otherwise.run();
            }
            close();
        }
    }

    /** Javadoc block with the given lines (already escaped). */
    void javadoc(String... lines) {
        if (lines.length == 1) {
            line("/** " + lines[0] + " */");
            return;
        }
        line("/**");
        for (String l : lines) {
            line(l.isEmpty() ? " *" : " * " + l);
        }
        line(" */");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
