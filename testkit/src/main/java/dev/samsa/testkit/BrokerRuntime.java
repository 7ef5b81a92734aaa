package dev.samsa.testkit;

import dev.samsa.testkit.internal.BrokerMain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * What every broker JVM of this test run shares: the {@code java} executable, the broker classpath resolved by Maven,
 * the launcher jar and the cache directory for class-data-sharing archives. Loaded once, immutable, thread-safe.
 */
final class BrokerRuntime {

    /** Written by maven-dependency-plugin (build-classpath, provided scope) at generate-resources time. */
    static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    private static volatile BrokerRuntime instance;

    final Path javaExecutable;
    final Path cacheDir;
    /** Launcher jar first, then the Kafka jars: the same string for every JVM, as class-data sharing requires. */
    final String classpath;

    private BrokerRuntime(Path javaExecutable, Path cacheDir, String classpath) {
        this.javaExecutable = javaExecutable;
        this.cacheDir = cacheDir;
        this.classpath = classpath;
    }

    static BrokerRuntime get() {
        BrokerRuntime result = instance;
        if (result == null) {
            synchronized (BrokerRuntime.class) {
                result = instance;
                if (result == null) {
                    result = load();
                    instance = result;
                }
            }
        }
        return result;
    }

    private static BrokerRuntime load() {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            java = ProcessHandle.current().info().command().map(Path::of)
                    .orElseThrow(() -> new KafkaClusterException("cannot find the java executable: "
                            + "neither java.home/bin/java nor the current process command is usable"));
        }
        List<String> kafkaJars = readClasspathResource();
        Path cacheDir = Path.of(System.getProperty("java.io.tmpdir"),
                "samsa-testkit-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectories(cacheDir);
            Path launcherJar = writeLauncherJar(cacheDir);
            List<String> entries = new ArrayList<>();
            entries.add(launcherJar.toString());
            entries.addAll(kafkaJars);
            return new BrokerRuntime(java, cacheDir, String.join(File.pathSeparator, entries));
        } catch (IOException e) {
            throw new KafkaClusterException("cannot prepare the broker launcher in " + cacheDir, e);
        }
    }

    private static List<String> readClasspathResource() {
        String text;
        try (InputStream in = BrokerRuntime.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new KafkaClusterException("resource dev/samsa/testkit/" + CLASSPATH_RESOURCE + " is missing: "
                        + "samsa-testkit must be built by Maven (generate-resources writes the broker classpath)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jars = new ArrayList<>();
        for (String entry : text.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isBlank()) {
                continue;
            }
            if (!Files.isRegularFile(Path.of(entry))) {
                throw new KafkaClusterException("broker classpath entry " + entry + " (from " + CLASSPATH_RESOURCE
                        + ") does not exist: rebuild samsa-testkit so that Maven resolves the Kafka jars again");
            }
            jars.add(entry);
        }
        if (jars.stream().noneMatch(j -> Path.of(j).getFileName().toString().startsWith("kafka_2."))) {
            throw new KafkaClusterException("broker classpath from " + CLASSPATH_RESOURCE
                    + " holds no kafka_2.x jar: " + text);
        }
        return jars;
    }

    /**
     * Copies {@link BrokerMain} into a jar named after its content hash. A jar rather than a class directory because
     * class-data sharing refuses non-empty directories on the classpath; never rewritten, so its timestamp (which
     * the archive validates) stays stable.
     */
    private static Path writeLauncherJar(Path cacheDir) throws IOException {
        String entryName = BrokerMain.class.getName().replace('.', '/') + ".class";
        byte[] classBytes;
        try (InputStream in = BrokerMain.class.getResourceAsStream("/" + entryName)) {
            if (in == null) {
                throw new IOException("class file " + entryName + " not found");
            }
            classBytes = in.readAllBytes();
        }
        Path jar = cacheDir.resolve("broker-main-" + sha256(classBytes).substring(0, 16) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path tmp = Files.createTempFile(cacheDir, "broker-main-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out)) {
                jarOut.putNextEntry(new JarEntry(entryName));
                jarOut.write(classBytes);
                jarOut.closeEntry();
            }
            try {
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another JVM won the race (or the file system cannot move atomically): use what is there.
                if (!Files.isRegularFile(jar)) {
                    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return jar;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
