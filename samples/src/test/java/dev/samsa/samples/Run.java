package dev.samsa.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/** A sample program's run in this JVM: its exit status and what it printed. */
record Run(int status, String out, String err) {

    /** Runs the quickstart in this JVM, capturing stdout and stderr. */
    static Run quickstart(String... args) {
        return quickstart(cluster -> { }, args);
    }

    /** Runs the quickstart in this JVM, handing its in-process mock to {@code onMock} once the topic exists. */
    static Run quickstart(java.util.function.Consumer<dev.samsa.mock.MockCluster> onMock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Quickstart.run(o, e, onMock, args);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
