package dev.samsa.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a broker JVM started by {@link dev.samsa.testkit.KafkaCluster}: it optionally formats the node's
 * storage in-process, then runs another class's {@code main} (normally {@code kafka.Kafka}), and halts the JVM as
 * soon as its standard input reaches end of file.
 *
 * <p>The test JVM that starts a broker keeps the write end of the broker's standard input open and never writes to
 * it. When the test JVM dies in any way, even by {@code SIGKILL} where no shutdown hook runs, the operating system
 * closes that pipe, this watchdog reads end of file and the orphaned broker goes away instead of holding its ports
 * and memory. The class depends on nothing but the JDK (Kafka is reached by reflection), so it is the only testkit
 * class on the broker's classpath.
 *
 * <p>Formatting in the broker's own JVM, rather than in a separate {@code kafka-storage} JVM, saves one JVM start
 * (about 1 s of CPU) per node and loads the configuration classes once.
 *
 * <p>Usage: {@code java -cp <launcher jar>:<broker classpath> dev.samsa.testkit.internal.BrokerMain
 * [--format <StorageTool arguments...> --] kafka.Kafka server.properties}.
 */
public final class BrokerMain {

    /** Exit status used when the parent process is gone: 128 + SIGKILL, the status of a killed process. */
    public static final int PARENT_GONE_STATUS = 137;
    /** Exit status when formatting the storage failed; the log holds StorageTool's output. */
    public static final int FORMAT_FAILED_STATUS = 3;

    private static final String FORMAT_OPTION = "--format";
    private static final String END_OF_FORMAT = "--";

    private BrokerMain() {
    }

    /**
     * Starts the watchdog, formats the storage if asked, then runs the named class's
     * {@code public static void main(String[])} with the remaining arguments on this thread.
     *
     * @param args {@code [--format <StorageTool args...> --] <main class> [args...]}
     * @throws Throwable whatever the delegated {@code main} throws, unwrapped from reflection
     */
    public static void main(String[] args) throws Throwable {
        Thread watchdog = new Thread(BrokerMain::awaitParentGone, "samsa-testkit-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        List<String> rest = Arrays.asList(args);
        if (!rest.isEmpty() && rest.get(0).equals(FORMAT_OPTION)) {
            int end = rest.indexOf(END_OF_FORMAT);
            if (end < 0) {
                usage();
            }
            format(rest.subList(1, end).toArray(new String[0]));
            rest = rest.subList(end + 1, rest.size());
        }
        if (rest.isEmpty()) {
            usage();
        }
        Method main = Class.forName(rest.get(0)).getMethod("main", String[].class);
        invoke(main, (Object) rest.subList(1, rest.size()).toArray(new String[0]));
    }

    /** Runs {@code kafka.tools.StorageTool.execute(String[], PrintStream)}, the body of its {@code main}. */
    private static void format(String[] storageToolArgs) {
        System.out.println("samsa-testkit: kafka.tools.StorageTool " + String.join(" ", storageToolArgs));
        int status;
        try {
            Method execute = Class.forName("kafka.tools.StorageTool")
                    .getMethod("execute", String[].class, PrintStream.class);
            status = (Integer) invoke(execute, storageToolArgs, System.out);
        } catch (Throwable e) {
            // An invalid server.properties surfaces here (KafkaConfig validation), as would a Kafka release
            // without StorageTool.execute.
            e.printStackTrace();
            status = -1;
        }
        System.out.flush();
        if (status != 0) {
            System.err.println("samsa-testkit: formatting the storage failed (status " + status + ")");
            System.exit(FORMAT_FAILED_STATUS);
        }
    }

    private static Object invoke(Method method, Object... args) throws Throwable {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void usage() {
        System.err.println("usage: BrokerMain [--format <StorageTool args...> --] <main class> [args...]");
        System.exit(2);
    }

    private static void awaitParentGone() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of file: the parent is gone.
        }
        System.err.println("samsa-testkit: parent process is gone (stdin closed); halting this broker");
        System.err.flush();
        // halt, not exit: a graceful Kafka shutdown could wait for peers that are dying too.
        Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }
}
