package dev.samsa.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A sample program's main class run in its own JVM with this test's classpath, its stdout and stderr collected line
 * by line as it runs. {@link #stop()} sends SIGTERM, which runs the program's shutdown hook as Ctrl-C does.
 */
final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private JavaProcess(Process process) {
        this.process = process;
        this.outReader = drain(process.getInputStream(), out);
        this.errReader = drain(process.getErrorStream(), err);
    }

    static JavaProcess start(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath(), mainClass.getName()));
        command.addAll(List.of(args));
        return new JavaProcess(new ProcessBuilder(command).start());
    }

    /** The test classpath (Surefire and Failsafe set {@code java.class.path} to it in the forked JVM). */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static Thread drain(java.io.InputStream stream, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    List<String> out() {
        return out;
    }

    List<String> err() {
        return err;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit and for its output to be read; its exit status. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s: " + this);
        }
        outReader.join(5_000);
        errReader.join(5_000);
        return process.exitValue();
    }

    /** SIGTERM: the JVM runs the shutdown hooks, as on Ctrl-C; its exit status (143). */
    int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our ends of the pipes at once, losing what the
        // program prints while it shuts down.
        process.toHandle().destroy();
        return waitFor(60);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err);
    }
}
