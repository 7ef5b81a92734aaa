/**
 * Samsa's client API: the fluent {@code Producer}, {@code Consumer} and {@code Admin}, records, serdes, errors, the
 * injectable clock and the {@link dev.samsa.transport.Transport} SPI. Applications {@code requires dev.samsa.client}
 * and one transport module: {@code dev.samsa.netty} for real brokers, {@code dev.samsa.mock} for the in-memory cluster.
 *
 * <p>Only the public packages are exported to everyone. The protocol layer, record batch codec and client engines live
 * in {@code dev.samsa.internal.*}: the few packages that Samsa's own transports and mock broker build on are exported
 * to those modules alone (qualified exports), the rest not at all.
 *
 * <p>The JSON serdes ({@code Serializers.json}, {@code Deserializers.json}) take Jackson's {@code ObjectMapper}, so
 * Jackson databind is required transitively; an application whose record classes Jackson binds by reflection opens
 * their package to {@code com.fasterxml.jackson.databind}.
 */
// "module": the qualified exports name dev.samsa.netty and dev.samsa.mock, which are built after this module;
// "requires-automatic": Netty, lz4-java and snappy-java ship no module descriptor (see the requires below).
@SuppressWarnings({"module", "requires-automatic"})
module dev.samsa.client {
    // In the public API: Serializers.json(ObjectMapper), Deserializers.json(ObjectMapper, TypeReference).
    requires transitive com.fasterxml.jackson.databind;
    // Pooled buffers of the record accumulator and the protocol codecs (only the qualified-exported packages show
    // them); an automatic module, named by its Automatic-Module-Name manifest entry.
    requires io.netty.buffer;
    requires org.slf4j;
    // Compression codecs, loaded with the record batch codec whatever codec a topic uses, so not optional.
    // lz4-java names itself org.lz4.java (Automatic-Module-Name); zstd-jni ships a module descriptor; snappy-java has
    // neither, so its module name derives from the jar name snappy-java-<version>.jar, which Maven and Gradle keep.
    requires org.lz4.java;
    requires com.github.luben.zstd_jni;
    requires snappy.java;

    exports dev.samsa.admin;
    exports dev.samsa.common;
    exports dev.samsa.consumer;
    exports dev.samsa.errors;
    exports dev.samsa.producer;
    exports dev.samsa.serde;
    exports dev.samsa.time;
    exports dev.samsa.transport;

    // The Transport SPI's message types and the codecs a transport or broker needs: Samsa's own modules only.
    exports dev.samsa.internal.protocol to dev.samsa.netty, dev.samsa.mock;
    exports dev.samsa.internal.protocol.message to dev.samsa.netty, dev.samsa.mock;
    // The record batch codec: the mock broker validates, stores and rewrites produced batches as a broker does.
    // Spelled with a Unicode escape (javac reads dev.samsa.internal.record) because the module-info parser of
    // maven-compiler-plugin (QDox) rejects a package segment named "record": paul-hammant/qdox#170.
    exports dev.samsa.internal.r\u0065cord to dev.samsa.mock;
}
