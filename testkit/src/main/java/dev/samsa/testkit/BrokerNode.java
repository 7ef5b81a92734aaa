package dev.samsa.testkit;

import dev.samsa.testkit.internal.BrokerMain;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One combined broker+controller node of a {@link KafkaCluster}: its ports, directories, log file and, while it runs,
 * its JVM process. Not thread-safe on its own; {@link KafkaCluster} serialises calls, except {@link #destroyNow()},
 * which a shutdown hook may call at any time.
 */
final class BrokerNode {

    /** Logged by kafka.server.KafkaRaftServer once the broker is unfenced and serving. */
    static final String STARTED_MARKER = "Kafka Server started";
    private static final String BIND_FAILURE_MARKER = "Address already in use";
    private static final int LOG_TAIL_LINES = 40;
    private static final long POLL_MILLIS = 50;

    final int nodeId;
    final Path dir;
    final Path dataDir;
    final Path propertiesFile;
    final Path logFile;

    private volatile int port;
    private volatile int controllerPort;
    private volatile Map<KafkaCluster.Listener, Integer> listenerPorts = Map.of();
    private volatile Process process;
    private ClassDataSharing.Lease cdsLease;
    private boolean signalledWhileAlive;
    /** Where this launch's output starts in the (appended) log file. */
    private long logStart;

    BrokerNode(int nodeId, Path clusterDir) {
        this.nodeId = nodeId;
        this.dir = clusterDir.resolve("node-" + nodeId);
        this.dataDir = dir.resolve("data");
        this.propertiesFile = dir.resolve("server.properties");
        this.logFile = clusterDir.resolve("broker-" + nodeId + ".log");
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    void ports(int port, int controllerPort, Map<KafkaCluster.Listener, Integer> listenerPorts) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.listenerPorts = Map.copyOf(listenerPorts);
    }

    /** The port of an extra listener; -1 if the cluster has no such listener. */
    int port(KafkaCluster.Listener listener) {
        return listenerPorts.getOrDefault(listener, -1);
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Launches the broker JVM; its stdout and stderr are appended to {@link #logFile}.
     *
     * @param formatArgs StorageTool arguments to format the storage first, in the same JVM; empty for none
     */
    void launch(BrokerRuntime runtime, List<String> jvmOptions, boolean classDataSharing, List<String> formatArgs) {
        if (isRunning()) {
            throw new IllegalStateException("broker " + nodeId + " is already running");
        }
        ClassDataSharing.Lease lease = classDataSharing ? ClassDataSharing.lease(runtime, jvmOptions)
                : new ClassDataSharing.Lease(List.of(), null, null);
        List<String> command = new ArrayList<>();
        command.add(runtime.javaExecutable.toString());
        command.addAll(jvmOptions);
        command.addAll(lease.options);
        command.add("-cp");
        command.add(runtime.classpath);
        command.add(BrokerMain.class.getName());
        if (!formatArgs.isEmpty()) {
            command.add("--format");
            command.addAll(formatArgs);
            command.add("--");
        }
        command.add("kafka.Kafka");
        command.add(propertiesFile.toString());
        try {
            logStart = appendToLog("starting broker " + nodeId + ": " + String.join(" ", abbreviate(command)));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // stdin stays a pipe that we never close: BrokerMain halts the broker when it reaches end of file.
            Process started = builder.start();
            cdsLease = lease;
            process = started;
        } catch (IOException e) {
            lease.complete(false);
            throw new KafkaClusterException("cannot launch the JVM of broker " + nodeId + " (" + runtime.javaExecutable
                    + "); log: " + logFile, e);
        }
    }

    /**
     * Waits until the broker has logged {@link #STARTED_MARKER} and its port accepts connections.
     *
     * @throws PortInUseException  if the broker died because one of its ports was taken meanwhile
     * @throws KafkaClusterException if it died otherwise or the deadline passed
     */
    void awaitReady(long deadlineNanos, long timeoutMillis) throws InterruptedException {
        Process p = process;
        long offset = logStart;
        String carry = "";
        boolean started = false;
        while (true) {
            if (!started) {
                String chunk = readLog(offset);
                offset += chunk.length();
                String text = carry + chunk;
                started = text.contains(STARTED_MARKER);
                carry = text.length() > 256 ? text.substring(text.length() - 256) : text;
            }
            if (started && acceptsConnections(port)) {
                return;
            }
            if (!p.isAlive()) {
                String tail = logTail();
                if (tail.contains(BIND_FAILURE_MARKER)) {
                    throw new PortInUseException("broker " + nodeId + " could not bind port " + port + " or "
                            + controllerPort + "; log: " + logFile + "\n" + tail);
                }
                String what = p.exitValue() == BrokerMain.FORMAT_FAILED_STATUS
                        ? "failed to format its storage (kafka.tools.StorageTool; often an invalid server property)"
                        : "exited with status " + p.exitValue() + " during startup";
                throw new KafkaClusterException("broker " + nodeId + " " + what + "; log: " + logFile
                        + "\n--- last lines ---\n" + tail);
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new KafkaClusterException("broker " + nodeId + " did not start within " + timeoutMillis
                        + " ms (waited for '" + STARTED_MARKER + "' in its log" + (started ? ", seen" : "")
                        + ", then for port 127.0.0.1:" + port + " to accept connections); log: " + logFile
                        + "\n--- last lines ---\n" + logTail());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Sends SIGTERM (Kafka's controlled shutdown) and waits for the JVM to exit.
     *
     * @return whether the broker exited within the timeout; if not, it has been killed
     */
    boolean stop(long timeoutMillis) throws InterruptedException {
        Process p = process;
        if (p == null) {
            return true;
        }
        boolean wasAlive = p.isAlive();
        terminate(p);
        boolean exited = p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor();
        }
        closeStdin(p);
        // Only a JVM that we stopped gracefully has written a complete class-data archive.
        cdsLease.complete(wasAlive && exited);
        process = null;
        return exited;
    }

    /** Sends SIGKILL and waits for the JVM to be gone: no controlled shutdown, no flush. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        p.waitFor();
        closeStdin(p);
        cdsLease.complete(false);
        process = null;
    }

    /** For the shutdown hook and failed starts: kill without taking any lock and wait briefly. */
    void destroyNow() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                if (p.waitFor(5, TimeUnit.SECONDS)) {
                    cdsLease.complete(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this launch is recording the class-data archive, which only a graceful exit writes. */
    boolean isArchiving() {
        ClassDataSharing.Lease lease = cdsLease;
        return process != null && lease != null && lease.isRecording();
    }

    /** Starts SIGKILL without waiting; see {@link #awaitExit}. */
    void signalKill() {
        Process p = process;
        if (p != null) {
            signalledWhileAlive = false;
            p.destroyForcibly();
        }
    }

    /** Starts SIGTERM without waiting; see {@link #awaitExit}. */
    void signalStop() {
        Process p = process;
        if (p != null) {
            signalledWhileAlive = p.isAlive();
            terminate(p);
        }
    }

    /** Waits for a process signalled by {@link #signalStop()} or {@link #signalKill()}, killing it at the deadline. */
    void awaitExit(long deadlineNanos) throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        long remaining = Math.max(0, deadlineNanos - System.nanoTime());
        boolean exited = p.waitFor(remaining, TimeUnit.NANOSECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor();
        }
        closeStdin(p);
        cdsLease.complete(signalledWhileAlive && exited);
        process = null;
    }

    /**
     * SIGTERM through the process handle: {@link Process#destroy()} would also close the broker's stdin, which
     * {@link BrokerMain}'s watchdog takes for a dead parent and answers with a halt, cutting the controlled
     * shutdown short.
     */
    private static void terminate(Process p) {
        p.toHandle().destroy();
    }

    /** The stdin pipe is the only stream we hold (output goes to the log file); release it once the JVM is gone. */
    private static void closeStdin(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // Already broken: nothing to release.
        }
    }

    long appendToLog(String line) throws IOException {
        Files.createDirectories(logFile.getParent());
        String text = "=== samsa-testkit " + LocalDateTime.now() + ": " + line + System.lineSeparator();
        try (OutputStream out = Files.newOutputStream(logFile, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Files.size(logFile);
    }

    private String readLog(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            file.seek(offset);
            file.readFully(bytes);
            // ISO-8859-1 keeps one char per byte, so offsets stay byte offsets; the marker is ASCII.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of the log file, for error messages. */
    String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 16 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            Deque<String> lines = new ArrayDeque<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
                lines.addLast(line);
                if (lines.size() > LOG_TAIL_LINES) {
                    lines.removeFirst();
                }
            }
            return String.join("\n", lines);
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e + ")";
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The classpath is long and the same for every broker: log it once per line, shortened. */
    private static List<String> abbreviate(List<String> command) {
        List<String> result = new ArrayList<>(command);
        int cp = result.indexOf("-cp");
        if (cp >= 0 && cp + 1 < result.size()) {
            String value = result.get(cp + 1);
            result.set(cp + 1, "<" + value.split(java.io.File.pathSeparator).length + " jars>");
        }
        return result;
    }

    /** A broker exited during startup because a port picked as free was taken before it could bind. */
    static final class PortInUseException extends KafkaClusterException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }
}
