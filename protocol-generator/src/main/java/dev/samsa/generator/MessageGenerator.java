package dev.samsa.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Placeholder until the generator lands: writes an empty ApiKey enum so the build links. */
public final class MessageGenerator {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[1], "dev/samsa/internal/protocol");
        Files.createDirectories(out);
        Files.createDirectories(Path.of(args[2]));
        Files.writeString(out.resolve("ApiKey.java"), "package dev.samsa.internal.protocol;\npublic enum ApiKey { ; }\n");
    }
}
