package dev.samsa.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's model: version ranges, names, default literals and what the parser accepts or rejects. */
class GeneratorModelTest {
    @TempDir
    Path dir;

    @Test
    void versionRanges() {
        assertThat(Versions.parse("3+")).isEqualTo(new Versions(3, Short.MAX_VALUE));
        assertThat(Versions.parse("0-7")).isEqualTo(new Versions(0, 7));
        assertThat(Versions.parse("5")).isEqualTo(new Versions(5, 5));
        assertThat(Versions.parse("None").isEmpty()).isTrue();
        assertThat(Versions.parse("3+").intersect(Versions.parse("0-13"))).isEqualTo(new Versions(3, 13));
        assertThat(Versions.parse("0-2").intersect(Versions.parse("5+"))).isEqualTo(Versions.NONE);
        assertThat(Versions.parse("0+").minusSuffix(Versions.parse("12+"))).isEqualTo(new Versions(0, 11));
        assertThat(Versions.parse("12+").minusSuffix(Versions.parse("12+")).isEmpty()).isTrue();
        assertThatThrownBy(() -> Versions.parse("0+").minusSuffix(Versions.parse("3-5")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.parse("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Versions.parse("5-2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditionsFoldWhereAFieldCoversItsStruct() {
        Versions ctx = Versions.parse("3-13");
        assertThat(WireCodeEmitter.cond(Versions.parse("0+"), ctx)).isEqualTo("true");
        assertThat(WireCodeEmitter.cond(Versions.parse("0-2"), ctx)).isEqualTo("false");
        assertThat(WireCodeEmitter.cond(Versions.parse("9+"), ctx)).isEqualTo("version >= 9");
        assertThat(WireCodeEmitter.cond(Versions.parse("5-7"), ctx)).isEqualTo("version >= 5 && version <= 7");
        assertThat(WireCodeEmitter.notCond(Versions.parse("5-7"), ctx)).isEqualTo("(version < 5 || version > 7)");
        assertThat(WireCodeEmitter.notCond(Versions.parse("0-12"), ctx)).isEqualTo("version > 12");
    }

    @Test
    void names() {
        assertThat(Names.screamingSnake("OffsetForLeaderEpoch")).isEqualTo("OFFSET_FOR_LEADER_EPOCH");
        assertThat(Names.screamingSnake("ApiVersions")).isEqualTo("API_VERSIONS");
        assertThat(Names.screamingSnake("KRaftVersion")).isEqualTo("K_RAFT_VERSION");
        assertThat(Names.lowerFirst("ThrottleTimeMs")).isEqualTo("throttleTimeMs");
        assertThat(Names.quote("a\"b\\é")).isEqualTo("\"a\\\"b\\\\\\u00e9\"");
        assertThat(Names.javadoc("a < b */ {@x}")).doesNotContain("*/", "<", "{");
    }

    @Test
    void defaultLiterals() {
        assertThat(Defaults.javaLiteral(FieldType.parse("int32"), "0x7fffffff")).isEqualTo("2147483647");
        assertThat(Defaults.javaLiteral(FieldType.parse("int32"), "-2147483648")).isEqualTo("-2147483648");
        assertThat(Defaults.javaLiteral(FieldType.parse("int64"), "9223372036854775807"))
                .isEqualTo("9223372036854775807L");
        assertThat(Defaults.javaLiteral(FieldType.parse("int8"), "-1")).isEqualTo("(byte) -1");
        assertThat(Defaults.javaLiteral(FieldType.parse("bool"), "False")).isEqualTo("false");
        assertThat(Defaults.javaLiteral(FieldType.parse("string"), "x\"y")).isEqualTo("\"x\\\"y\"");
        assertThatThrownBy(() -> Defaults.javaLiteral(FieldType.parse("int8"), "200"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Defaults.javaLiteral(FieldType.parse("bool"), "yes"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesADefinitionWithCommentsTagsAndCommonStructs() throws IOException {
        MessageSpec spec = parse("FooRequest", """
                // A comment, as Kafka's files have.
                {
                  "apiKey": 99, "type": "request", "name": "FooRequest", "listeners": ["broker"],
                  "validVersions": "0-4", "flexibleVersions": "2+",
                  "fields": [
                    { "name": "Topics", "type": "[]Topic", "versions": "0+", "nullableVersions": "1+",
                      "about": "Topics.", "fields": [
                        { "name": "Name", "type": "string", "versions": "0+", "about": "Name." },
                        { "name": "Leader", "type": "Common", "versions": "3+", "taggedVersions": "3+", "tag": 0,
                          "about": "Leader." }
                    ]},
                    { "name": "Mode", "type": "int8", "versions": "1+", "default": "-1", "ignorable": true,
                      "about": "Mode." }
                  ],
                  "commonStructs": [
                    { "name": "Common", "versions": "0+", "fields": [
                      { "name": "Id", "type": "int32", "versions": "0+", "about": "Id." }
                    ]}
                  ]
                }
                """);
        assertThat(spec.apiKey()).isEqualTo(99);
        assertThat(spec.apiTitle()).isEqualTo("Foo");
        assertThat(spec.structs()).extracting(StructSpec::name).containsExactly("Common", "Topic");
        FieldSpec leader = spec.structs().get(1).fields().get(1);
        assertThat(leader.tag()).isZero();
        assertThat(leader.versions()).isEqualTo(new Versions(3, 4));
        assertThat(leader.regularVersions().isEmpty()).isTrue();
        assertThat(spec.body().fields().get(1).ignorable()).isTrue();
        String source = new MessageClassWriter(spec).write();
        assertThat(source).contains("public final class FooRequest implements ApiRequest<FooResponse>",
                "public static final class Topic implements Message", "case 0:", "ApiKey.FOO");
    }

    @Test
    void rejectsWhatItCannotGenerateCorrectly() throws IOException {
        assertThatThrownBy(() -> parse("BadRequest", minimal("""
                { "name": "X", "type": "int32", "versions": "0+", "nullableVersions": "0+", "about": "x" }""")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be nullable");
        assertThatThrownBy(() -> parse("BadRequest", minimal("""
                { "name": "X", "type": "int32", "versions": "0+", "taggedVersions": "0+", "tag": 1,
                  "about": "x" }""")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-flexible");
        assertThatThrownBy(() -> parse("BadRequest", minimal("""
                { "name": "X", "type": "[]Missing", "versions": "0+", "about": "x" }""")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown struct type Missing");
        assertThatThrownBy(() -> parse("BadRequest", minimal("""
                { "name": "X", "type": "int32", "versions": "0+", "surprise": true, "about": "x" }""")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surprise");
        assertThatThrownBy(() -> parse("BadRequest", minimal("""
                { "name": "X", "type": "string", "versions": "0+", "default": "null", "about": "x" }""")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nullableVersions");
    }

    private static String minimal(String field) {
        return "{ \"apiKey\": 98, \"type\": \"request\", \"name\": \"BadRequest\", \"validVersions\": \"0-1\","
                + " \"flexibleVersions\": \"none\", \"fields\": [" + field + "] }";
    }

    private MessageSpec parse(String name, String json) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return new SpecParser().parse(file);
    }
}
