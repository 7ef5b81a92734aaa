package dev.samsa.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * AppCDS for broker JVMs (JDK 13+ dynamic archives, JEP 350): the first broker that finds no archive records the
 * classes it loaded into one when it exits gracefully ({@code -XX:ArchiveClassesAtExit}); later brokers map it
 * ({@code -XX:SharedArchiveFile}), which roughly halves their startup and shares about 60 MB of class metadata
 * between broker processes. The archive is keyed by JVM, classpath and JVM options, lives in the
 * shared cache directory and is replaced atomically, so concurrent test JVMs never see half an archive. A stale
 * or unusable archive only makes the JVM print a warning and start without it.
 */
final class ClassDataSharing {

    private static final Set<Path> ARCHIVING = ConcurrentHashMap.newKeySet();
    private static final Duration STALE_TEMP_FILE_AGE = Duration.ofHours(1);
    private static final int ARCHIVES_KEPT = 4;

    private ClassDataSharing() {
    }

    /** Options for one broker launch: use the archive, or create it when no JVM of this run is doing so. */
    static Lease lease(BrokerRuntime runtime, List<String> jvmOptions) {
        Path archive = archivePath(runtime, jvmOptions);
        if (Files.isRegularFile(archive)) {
            return new Lease(List.of("-XX:SharedArchiveFile=" + archive), null, null);
        }
        if (!ARCHIVING.add(archive)) {
            return new Lease(List.of(), null, null);
        }
        deleteStaleTempFiles(runtime.cacheDir);
        Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        return new Lease(List.of("-XX:ArchiveClassesAtExit=" + tmp), tmp, archive);
    }

    private static Path archivePath(BrokerRuntime runtime, List<String> jvmOptions) {
        String key = String.join("\n", System.getProperty("java.home"), System.getProperty("java.vm.version"),
                runtime.classpath, String.join(" ", jvmOptions));
        return runtime.cacheDir.resolve("kafka-" + BrokerRuntime.sha256(key.getBytes(StandardCharsets.UTF_8))
                .substring(0, 16) + ".jsa");
    }

    /**
     * Keeps the newest {@value #ARCHIVES_KEPT} archives (about 50 MB each): every new Kafka version, JDK or set of
     * JVM options makes a new one. A JVM that has an older archive mapped keeps its mapping.
     */
    private static void pruneOldArchives(Path dir) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "kafka-*.jsa")) {
            files.forEach(archives::add);
        }
        if (archives.size() <= ARCHIVES_KEPT) {
            return;
        }
        Map<Path, FileTime> modified = new HashMap<>();
        for (Path archive : archives) {
            modified.put(archive, Files.getLastModifiedTime(archive));
        }
        archives.sort(Comparator.comparing(modified::get, Comparator.reverseOrder()));
        for (Path old : archives.subList(ARCHIVES_KEPT, archives.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static void deleteStaleTempFiles(Path dir) {
        Instant cutoff = Instant.now().minus(STALE_TEMP_FILE_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "kafka-*.jsa.*.tmp")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // Best effort: a leftover from a killed run only costs disk space.
        }
    }

    /** The CDS options of one broker process, and the archive it may be creating. */
    static final class Lease {
        final List<String> options;
        private final Path tmp;
        private final Path archive;
        private final AtomicBoolean done = new AtomicBoolean();

        Lease(List<String> options, Path tmp, Path archive) {
            this.options = options;
            this.tmp = tmp;
            this.archive = archive;
        }

        /** Whether the process holding this lease is to write the archive when it exits. */
        boolean isRecording() {
            return tmp != null && !done.get();
        }

        /**
         * Called once the process has exited. Publishes the archive only after a graceful exit: a killed JVM
         * may have left it half written.
         */
        void complete(boolean gracefulExit) {
            if (tmp == null || !done.compareAndSet(false, true)) {
                return;
            }
            try {
                if (gracefulExit && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                    Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    pruneOldArchives(archive.getParent());
                }
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // Best effort: without an archive the next broker records one again.
            } finally {
                ARCHIVING.remove(archive);
            }
        }
    }
}
