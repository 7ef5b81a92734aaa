package dev.samsa.samples.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;

/**
 * A progress meter for a benchmark run that needs nothing from the tool: the bytes that crossed the TCP connections
 * to the broker's port, read from the kernel by {@code ss -tinH state established dport = :PORT} every
 * {@code periodMs} ms in a daemon thread of the benchmark's JVM (so the client's JVM pays nothing): {@code bytes_acked}
 * for a producer (sent and acknowledged by TCP), {@code bytes_received} for a consumer. Each connection's largest
 * value is kept, so a connection that closes still counts up to its last reading; connections that existed at the
 * first reading (the benchmark's own admin client) count from their value then. Only connections whose remote port is
 * the broker's are read, i.e. the clients' ends, not the broker's.
 *
 * <p>Why not another meter: the tools print no usable progress (see {@link Timeline}); Linux's per-thread
 * {@code rchar}/{@code wchar} miss Netty's epoll transport, which uses {@code send}/{@code recv}; the broker's JMX
 * meters need an attach that this machine refuses. Thread-safety: {@link #stop()} may be called from any thread, once.
 */
final class SocketMeter {
    private static final Pattern ACKED = Pattern.compile("\\bbytes_acked:(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("\\bbytes_received:(\\d+)");

    private final int port;
    private final boolean sent;
    private final long periodMs;
    private final Map<String, Long> baseline = new HashMap<>();
    private final Map<String, Long> latest = new HashMap<>();
    private final List<Timeline.Progress> readings = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    private SocketMeter(int port, boolean sent, long periodMs) {
        this.port = port;
        this.sent = sent;
        this.periodMs = periodMs;
        this.thread = new Thread(this::loop, "socket-meter-" + port);
        this.thread.setDaemon(true);
    }

    /**
     * Takes a first reading and starts reading every {@code periodMs} ms.
     *
     * @param bootstrap the broker's {@code host:port}
     * @param sent true for the bytes the clients sent (a producer), false for those they received (a consumer)
     * @param periodMs the interval between readings, ms
     * @return the running meter
     */
    static SocketMeter start(String bootstrap, boolean sent, long periodMs) {
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1).trim());
        SocketMeter m = new SocketMeter(port, sent, periodMs);
        m.read(true);
        m.thread.start();
        return m;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
            read(false);
        }
    }

    private void read(boolean first) {
        if (failure != null) {
            return;
        }
        String output;
        try {
            Process ss = new ProcessBuilder("ss", "-tinH", "state", "established", "dport", "=", ":" + port)
                    .redirectErrorStream(true).start();
            output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                failure = "ss failed: " + output.strip();
                return;
            }
        } catch (IOException e) {
            failure = "cannot run ss: " + e.getMessage();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long now = System.currentTimeMillis();
        Map<String, Long> counts = parse(output, sent);
        synchronized (this) {
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                (first ? baseline : latest).merge(e.getKey(), e.getValue(), Math::max);
            }
            long sum = 0;
            for (Map.Entry<String, Long> e : latest.entrySet()) {
                sum += Math.max(0, e.getValue() - baseline.getOrDefault(e.getKey(), 0L));
            }
            readings.add(new Timeline.Progress(now, sum));
        }
    }

    /**
     * Stops the meter after one last reading.
     *
     * @return the readings, oldest first (bytes since the first), or an empty list if {@code ss} could not be used
     */
    List<Timeline.Progress> stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        read(false);
        synchronized (this) {
            return failure != null ? List.of() : List.copyOf(readings);
        }
    }

    /** @return why the meter has no readings, or null */
    String failure() {
        return failure;
    }

    /**
     * Reads {@code ss -tinH} output: each connection is a line with its queues and addresses followed by indented
     * lines of TCP info.
     *
     * @param output the command's output
     * @param sent true for {@code bytes_acked}, false for {@code bytes_received}
     * @return the byte count of each connection, by its local address and port; connections without the counter are
     *     left out
     */
    static Map<String, Long> parse(String output, boolean sent) {
        Map<String, Long> counts = new LinkedHashMap<>();
        String connection = null;
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                String[] f = line.strip().split("\\s+");
                // Recv-Q Send-Q Local Peer [Process]; with "state" the State column is left out, else it is first.
                connection = f.length >= 4 && f[0].matches("\\d+") ? f[2] : f.length >= 5 ? f[3] : null;
            }
            Matcher m = (sent ? ACKED : RECEIVED).matcher(line);
            if (connection != null && m.find()) {
                counts.put(connection, Long.parseLong(m.group(1)));
            }
        }
        return counts;
    }

    /**
     * The bytes of a topic's partitions on the brokers' disks (their log segments): what a run that writes or reads the
     * whole topic moves, apart from request and response headers.
     *
     * @param admin an admin client of the cluster
     * @param topic the topic
     * @return the bytes, summed over every partition and replica
     * @throws ExecutionException if the brokers could not be asked
     * @throws InterruptedException if interrupted while waiting for them
     * @throws TimeoutException if they did not answer within 30 s
     */
    static long topicBytes(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        List<Integer> ids = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
        long sum = 0;
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(ids).allDescriptions()
                .get(30, TimeUnit.SECONDS).values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<org.apache.kafka.common.TopicPartition, ReplicaInfo> e
                        : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        sum += e.getValue().size();
                    }
                }
            }
        }
        return sum;
    }
}
