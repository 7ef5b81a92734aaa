package dev.samsa.generator;

import java.util.List;

/**
 * One JSON message definition.
 *
 * @param name the definition's name, e.g. {@code ProduceRequest}; also the generated class name
 * @param kind request, response, header or data
 * @param apiKey the API key, or -1 for headers and data
 * @param validVersions the versions the message is defined for (empty for APIs Kafka removed)
 * @param flexibleVersions the versions that use the flexible encoding (KIP-482)
 * @param latestVersionUnstable whether the highest valid version is still under development
 * @param listeners the listener types that serve a request ({@code broker}, {@code controller})
 * @param body the top-level struct
 * @param structs every nested struct, in definition order, common structs first
 * @param sourceFile the definition's file name, for error messages and the generated header
 */
record MessageSpec(
        String name,
        Kind kind,
        int apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        boolean latestVersionUnstable,
        List<String> listeners,
        StructSpec body,
        List<StructSpec> structs,
        String sourceFile) {

    /** The definition's {@code "type"}. */
    enum Kind {
        REQUEST, RESPONSE, HEADER, DATA
    }

    boolean isApi() {
        return kind == Kind.REQUEST || kind == Kind.RESPONSE;
    }

    /** The API's name: {@code Produce} for {@code ProduceRequest}. Only for requests and responses. */
    String apiTitle() {
        String suffix = kind == Kind.REQUEST ? "Request" : "Response";
        if (!name.endsWith(suffix)) {
            throw new IllegalStateException(sourceFile + ": " + kind + " name does not end in " + suffix);
        }
        return name.substring(0, name.length() - suffix.length());
    }
}
