package dev.samsa.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates Samsa's Kafka protocol classes from Kafka's JSON message definitions: one class per definition in
 * {@code dev.samsa.internal.protocol.message}, the {@code dev.samsa.internal.protocol.ApiKey} enum, and the test-only
 * {@code RandomMessages}. Run by client-api's build in generate-sources.
 *
 * <p>Usage: {@code MessageGenerator <definitionsDir> <mainOutDir> <testOutDir>}. Files whose content did not change
 * are left untouched (so incremental compilation stays incremental); stale generated files are removed.
 */
public final class MessageGenerator {
    private MessageGenerator() {
    }

    /**
     * Entry point.
     *
     * @param args the definitions directory, the main source output root, the test source output root
     * @throws IOException if reading or writing fails
     * @throws IllegalArgumentException if a definition is unsupported or inconsistent
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: MessageGenerator <definitionsDir> <mainOutDir> <testOutDir>");
        }
        Path definitions = Path.of(args[0]);
        Path mainOut = Path.of(args[1]);
        Path testOut = Path.of(args[2]);

        List<MessageSpec> messages = parseAll(definitions);
        List<ApiKeyWriter.Api> apis = pairApis(messages);

        Path messageDir = mainOut.resolve(MessageClassWriter.PACKAGE.replace('.', '/'));
        Set<Path> written = new HashSet<>();
        for (MessageSpec m : messages) {
            written.add(writeIfChanged(messageDir.resolve(m.name() + ".java"), new MessageClassWriter(m).write()));
        }
        written.add(writeIfChanged(messageDir.resolve("package-info.java"), packageInfo()));
        removeStale(messageDir, written);
        writeIfChanged(mainOut.resolve("dev/samsa/internal/protocol/ApiKey.java"), new ApiKeyWriter(apis).write());

        Path testDir = testOut.resolve(MessageClassWriter.PACKAGE.replace('.', '/'));
        Set<Path> testWritten = new HashSet<>();
        testWritten.add(writeIfChanged(testDir.resolve("RandomMessages.java"),
                new RandomMessagesWriter(messages).write()));
        removeStale(testDir, testWritten);
        System.out.println("Samsa protocol generator: " + messages.size() + " message classes, " + apis.size()
                + " API keys");
    }

    private static List<MessageSpec> parseAll(Path definitions) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(definitions)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no message definitions in " + definitions);
        }
        SpecParser parser = new SpecParser();
        List<MessageSpec> messages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            MessageSpec m = parser.parse(file);
            if (!names.add(m.name())) {
                throw new IllegalArgumentException(file + ": message " + m.name() + " defined twice");
            }
            if (!file.getFileName().toString().equals(m.name() + ".json")) {
                throw new IllegalArgumentException(file + ": names message " + m.name());
            }
            messages.add(m);
        }
        messages.sort(Comparator.comparing(MessageSpec::name));
        return messages;
    }

    /** Pairs each request with the response of the same API key, checking both agree. */
    private static List<ApiKeyWriter.Api> pairApis(List<MessageSpec> messages) {
        Map<Integer, MessageSpec> requests = new TreeMap<>();
        Map<Integer, MessageSpec> responses = new TreeMap<>();
        for (MessageSpec m : messages) {
            if (m.kind() == MessageSpec.Kind.REQUEST && requests.put(m.apiKey(), m) != null
                    || m.kind() == MessageSpec.Kind.RESPONSE && responses.put(m.apiKey(), m) != null) {
                throw new IllegalArgumentException(m.sourceFile() + ": API key " + m.apiKey() + " used twice");
            }
        }
        List<ApiKeyWriter.Api> apis = new ArrayList<>();
        for (MessageSpec req : requests.values()) {
            MessageSpec resp = responses.remove(req.apiKey());
            if (resp == null || !resp.name().equals(req.apiTitle() + "Response")) {
                throw new IllegalArgumentException(req.sourceFile() + ": no matching response for API key "
                        + req.apiKey());
            }
            if (!resp.validVersions().equals(req.validVersions())) {
                throw new IllegalArgumentException(req.sourceFile() + ": request versions " + req.validVersions()
                        + " differ from response versions " + resp.validVersions());
            }
            apis.add(new ApiKeyWriter.Api(req, resp));
        }
        if (!responses.isEmpty()) {
            throw new IllegalArgumentException("responses without a request: " + responses.keySet());
        }
        return apis;
    }

    private static String packageInfo() {
        return "// Generated by dev.samsa.generator.MessageGenerator. Do not edit.\n"
                + "/**\n"
                + " * Kafka protocol messages, one class per JSON message definition of Kafka's {@code common/message}, generated\n"
                + " * at build time: requests, responses, headers and embedded data structures. Internal: may change without\n"
                + " * notice in any release.\n"
                + " */\n"
                + "package " + MessageClassWriter.PACKAGE + ";\n";
    }

    private static Path writeIfChanged(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            Files.write(file, bytes);
        }
        return file;
    }

    private static void removeStale(Path dir, Set<Path> keep) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".java") && !keep.contains(p)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
