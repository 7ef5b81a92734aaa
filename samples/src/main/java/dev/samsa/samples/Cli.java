package dev.samsa.samples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every sample program does: a bad flag prints the error and the usage and returns
 * {@link SampleException#USAGE}; a {@link SampleException} prints its one line; any other failure prints one line
 * naming its type and message (no stack trace) and returns {@link SampleException#FAILED}.
 */
final class Cli {
    private Cli() {
    }

    /**
     * Parses {@code args} into {@code command} and calls it.
     *
     * @return the exit status
     */
    static int execute(Object command, PrintStream out, PrintStream err, String... args) {
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(command)
                .setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true))
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, ignored) -> {
                    // The error, then the whole usage (picocli alone would print only suggestions for a typo).
                    errWriter.println("error: " + e.getMessage());
                    e.getCommandLine().usage(errWriter);
                    return SampleException.USAGE;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof SampleException se) {
                        errWriter.println("error: " + se.getMessage());
                        return se.exitCode();
                    }
                    errWriter.println("error: " + describe(e));
                    return SampleException.FAILED;
                });
        return cli.execute(args);
    }

    /** One line for an unexpected failure: the exception's simple name and message, and its cause's. */
    static String describe(Throwable e) {
        Throwable t = e;
        if (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) {
            t = t.getCause() != null ? t.getCause() : t;
        }
        String line = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Throwable cause = t.getCause();
        if (cause != null && cause != t && cause.getMessage() != null && !line.contains(cause.getMessage())) {
            line += " (" + cause.getMessage() + ")";
        }
        return line;
    }

    /**
     * Keeps the clients' INFO logs (connections, group joins) out of the programs' output unless the user asked for
     * them with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info}. Call before the first client is built.
     */
    static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** {@code 12345} as {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
