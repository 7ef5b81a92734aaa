package dev.samsa.generator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one of Kafka's JSON message definitions ({@code common/message/*.json}) into a {@link MessageSpec}, checking
 * what the writers rely on. The files carry {@code //} comments, so comments are allowed. Fails with the file and
 * field named on anything it does not understand, rather than generating wrong code.
 */
final class SpecParser {
    private static final Set<String> MESSAGE_KEYS = Set.of("apiKey", "type", "listeners", "name", "validVersions",
            "flexibleVersions", "fields", "commonStructs", "latestVersionUnstable");
    private static final Set<String> FIELD_KEYS = Set.of("name", "type", "versions", "nullableVersions",
            "taggedVersions", "tag", "flexibleVersions", "default", "ignorable", "about", "fields", "mapKey",
            "entityType", "zeroCopy");

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);

    /**
     * Parses {@code file}.
     *
     * @throws IOException if it cannot be read or is not JSON
     * @throws IllegalArgumentException naming the file and field if the definition uses something unsupported
     */
    MessageSpec parse(Path file) throws IOException {
        JsonNode root = mapper.readTree(Files.readString(file));
        String source = file.getFileName().toString();
        try {
            return new FileParser(source, root).parse();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The state of parsing one file: the structs defined so far. */
    private static final class FileParser {
        private final String source;
        private final JsonNode root;
        private final Map<String, StructSpec> structs = new LinkedHashMap<>();
        private final Map<String, JsonNode> commonStructNodes = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        private Versions valid;
        private Versions flexible;

        FileParser(String source, JsonNode root) {
            this.source = source;
            this.root = root;
        }

        MessageSpec parse() {
            checkKeys(root, MESSAGE_KEYS, "message");
            String name = text(root, "name");
            MessageSpec.Kind kind = MessageSpec.Kind.valueOf(text(root, "type").toUpperCase(Locale.ROOT));
            int apiKey = root.has("apiKey") ? root.get("apiKey").asInt() : -1;
            if ((apiKey >= 0) != (kind == MessageSpec.Kind.REQUEST || kind == MessageSpec.Kind.RESPONSE)) {
                throw new IllegalArgumentException("apiKey must be given exactly for requests and responses");
            }
            valid = Versions.parse(text(root, "validVersions"));
            flexible = root.has("flexibleVersions") ? Versions.parse(text(root, "flexibleVersions"))
                    : Versions.NONE;
            if (!flexible.isEmpty() && flexible.highest() != Versions.MAX) {
                throw new IllegalArgumentException("flexibleVersions must be open-ended: " + flexible);
            }
            List<String> listeners = new ArrayList<>();
            if (root.has("listeners")) {
                root.get("listeners").forEach(n -> listeners.add(n.asText()));
            }
            boolean unstable = root.has("latestVersionUnstable") && root.get("latestVersionUnstable").asBoolean();

            if (root.has("commonStructs")) {
                for (JsonNode cs : root.get("commonStructs")) {
                    String csName = text(cs, "name");
                    if (commonStructNodes.put(csName, cs) != null) {
                        throw new IllegalArgumentException("common struct " + csName + " defined twice");
                    }
                }
                for (JsonNode cs : root.get("commonStructs")) {
                    resolveCommon(text(cs, "name"));
                }
            }
            List<FieldSpec> fields = root.has("fields") ? parseFields(root.get("fields"), valid, name)
                    : List.of();
            StructSpec body = new StructSpec(name, valid, fields, null);
            if (structs.containsKey(name)) {
                throw new IllegalArgumentException("a struct has the message's own name " + name);
            }
            return new MessageSpec(name, kind, apiKey, valid, flexible, unstable, List.copyOf(listeners), body,
                    List.copyOf(structs.values()), source);
        }

        private StructSpec resolveCommon(String name) {
            StructSpec done = structs.get(name);
            if (done != null) {
                return done;
            }
            JsonNode cs = commonStructNodes.get(name);
            if (cs == null) {
                return null;
            }
            if (!inProgress.add(name)) {
                throw new IllegalArgumentException("common struct " + name + " refers to itself");
            }
            Versions versions = Versions.parse(text(cs, "versions")).intersect(valid);
            List<FieldSpec> fields = parseFields(cs.get("fields"), versions, name);
            StructSpec spec = new StructSpec(name, versions, fields, "A common struct of this message.");
            structs.put(name, spec);
            return spec;
        }

        private List<FieldSpec> parseFields(JsonNode array, Versions context, String structName) {
            List<FieldSpec> fields = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Map<Integer, String> tags = new HashMap<>();
            for (JsonNode node : array) {
                FieldSpec field = parseField(node, context, structName);
                if (!names.add(field.camelName())) {
                    throw new IllegalArgumentException(structName + "." + field.name() + " defined twice");
                }
                if (field.tag() >= 0) {
                    String other = tags.put(field.tag(), field.name());
                    if (other != null) {
                        throw new IllegalArgumentException(structName + ": tag " + field.tag() + " used by both "
                                + other + " and " + field.name());
                    }
                }
                fields.add(field);
            }
            return List.copyOf(fields);
        }

        private FieldSpec parseField(JsonNode node, Versions context, String structName) {
            String name = text(node, "name");
            String where = structName + "." + name;
            checkKeys(node, FIELD_KEYS, where);
            FieldType type = FieldType.parse(text(node, "type"));
            Versions versions = Versions.parse(text(node, "versions")).intersect(context);
            Versions nullable = node.has("nullableVersions")
                    ? Versions.parse(text(node, "nullableVersions")).intersect(versions) : Versions.NONE;
            if (!nullable.isEmpty() && !type.canBeNull()) {
                throw new IllegalArgumentException(where + ": type " + type + " cannot be nullable");
            }
            Versions tagged = node.has("taggedVersions")
                    ? Versions.parse(text(node, "taggedVersions")).intersect(versions) : Versions.NONE;
            int tag = node.has("tag") ? node.get("tag").asInt() : -1;
            if (node.has("taggedVersions") != node.has("tag")) {
                throw new IllegalArgumentException(where + ": tag and taggedVersions go together");
            }
            if (node.has("taggedVersions")) {
                Versions declared = Versions.parse(text(node, "taggedVersions"));
                if (declared.highest() != Versions.MAX) {
                    throw new IllegalArgumentException(where + ": taggedVersions must be open-ended");
                }
                if (tag < 0) {
                    throw new IllegalArgumentException(where + ": negative tag " + tag);
                }
                versions.minusSuffix(tagged); // throws unless tagged versions end the field's versions
                if (!flexible.containsAll(tagged)) {
                    throw new IllegalArgumentException(where + ": tagged in non-flexible versions " + tagged);
                }
            }
            Versions flexible = node.has("flexibleVersions") ? Versions.parse(text(node, "flexibleVersions")) : null;
            if (flexible != null && type.kind() != FieldType.Kind.STRING && type.kind() != FieldType.Kind.BYTES) {
                throw new IllegalArgumentException(where + ": a flexibleVersions override needs a string or bytes");
            }
            String defaultValue = node.has("default") ? node.get("default").asText() : null;
            boolean ignorable = node.has("ignorable") && node.get("ignorable").asBoolean();
            String about = node.has("about") ? node.get("about").asText() : null;
            FieldSpec field = new FieldSpec(name, type, versions, nullable, tagged, tag, flexible, defaultValue,
                    ignorable, about);
            if (field.defaultIsNull() && type.kind() != FieldType.Kind.RECORDS && nullable.isEmpty()) {
                throw new IllegalArgumentException(where + ": default null needs nullableVersions");
            }
            if (defaultValue != null && (type.isArray() || type.isStruct()) && !field.defaultIsNull()) {
                throw new IllegalArgumentException(where + ": only null can be the default of " + type);
            }
            if (defaultValue != null && !field.defaultIsNull()) {
                Defaults.javaLiteral(type, defaultValue); // validates the literal
            }

            String structName2 = type.structNameDeep();
            if (structName2 != null) {
                if (node.has("fields")) {
                    if (structs.containsKey(structName2) || commonStructNodes.containsKey(structName2)) {
                        throw new IllegalArgumentException(where + ": struct " + structName2 + " defined twice");
                    }
                    structs.put(structName2, null); // reserves the position: a struct precedes its children
                    List<FieldSpec> nested = parseFields(node.get("fields"), versions, structName2);
                    structs.put(structName2, new StructSpec(structName2, versions, nested, about));
                } else if (structs.get(structName2) == null && resolveCommon(structName2) == null) {
                    throw new IllegalArgumentException(where + ": unknown struct type " + structName2);
                }
            } else if (node.has("fields")) {
                throw new IllegalArgumentException(where + ": fields given for non-struct type " + type);
            }
            return field;
        }

        private static String text(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new IllegalArgumentException("missing \"" + key + "\" in " + node);
            }
            return v.asText();
        }

        private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw new IllegalArgumentException(where + ": unsupported key \"" + key + "\"");
                }
            }
        }
    }
}
