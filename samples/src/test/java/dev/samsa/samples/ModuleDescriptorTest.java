package dev.samsa.samples;

import static dev.samsa.testkit.PublicSignatures.isVisible;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.testkit.PublicSignatures;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors of client-api, client-netty and mock-broker, read from the built classes and resolved
 * together with their runtime dependencies in a fresh {@link ModuleLayer}, as an application on the module path would
 * resolve them. The tests themselves run on the class path (see the root pom), so this is where the module boundary
 * is checked: public packages exported to everyone, {@code dev.samsa.internal.*} only to Samsa's own modules, every
 * {@code requires} satisfiable by the jars Maven resolves, and no public signature of mock-broker naming a type an
 * application module cannot access.
 */
class ModuleDescriptorTest {
    private static final String CLIENT = "dev.samsa.client";
    private static final String NETTY = "dev.samsa.netty";
    private static final String MOCK = "dev.samsa.mock";
    private static final String JUNIT = "org.junit.jupiter.api";

    /** One class of each jar the three modules need at run time, located through its code source. */
    private static final List<String> MODULE_PATH_CLASSES = List.of(
            "dev.samsa.transport.Transport",
            "dev.samsa.netty.NettyTransport",
            "dev.samsa.mock.MockCluster",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "io.netty.buffer.ByteBuf",
            "io.netty.util.concurrent.Future",
            "io.netty.channel.Channel",
            "io.netty.handler.codec.ByteToMessageDecoder",
            "io.netty.handler.ssl.SslHandler",
            "io.netty.resolver.AddressResolver",
            "io.netty.channel.unix.Socket",
            "io.netty.channel.epoll.Epoll",
            "org.slf4j.Logger",
            "net.jpountz.lz4.LZ4Factory",
            "org.xerial.snappy.Snappy",
            "com.github.luben.zstd.Zstd",
            // JUnit, as an application's test module has it: mock-broker's @MockKafka extension shows its types.
            "org.junit.jupiter.api.Test",
            "org.junit.platform.commons.JUnitException",
            "org.opentest4j.AssertionFailedError");

    private static ModuleLayer layer;

    @BeforeAll
    static void resolveSamsaModules() throws Exception {
        Path[] modulePath = new Path[MODULE_PATH_CLASSES.size()];
        for (int i = 0; i < modulePath.length; i++) {
            modulePath[i] = location(Class.forName(MODULE_PATH_CLASSES.get(i), false,
                    ModuleDescriptorTest.class.getClassLoader()));
        }
        ModuleFinder finder = ModuleFinder.of(modulePath);
        // Fails with a ResolutionException if any requires (non-static) cannot be satisfied: a wrong module name for
        // a dependency, a missing one, or a split package between two modules. JUnit is a root as in a test module;
        // dev.samsa.mock then reads it through its requires static.
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of(CLIENT, NETTY, MOCK, JUNIT));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Module module(String name) {
        return layer.findModule(name).orElseThrow();
    }

    private static Set<String> exportedToAll(Module module) {
        return PublicSignatures.exportedToAll(module.getDescriptor());
    }

    @Test
    void clientApiExportsExactlyThePublicPackages() {
        Module client = module(CLIENT);
        assertThat(exportedToAll(client)).containsExactly(
                "dev.samsa.admin", "dev.samsa.common", "dev.samsa.consumer", "dev.samsa.errors",
                "dev.samsa.producer", "dev.samsa.serde", "dev.samsa.time", "dev.samsa.transport");
        // Every package of the module outside dev.samsa.internal is public: a new public package that is not
        // exported fails here.
        Set<String> nonInternal = client.getPackages().stream()
                .filter(p -> !p.startsWith("dev.samsa.internal"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exportedToAll(client)).isEqualTo(nonInternal);
    }

    @Test
    void clientApiInternalsAreExportedOnlyToSamsaModules() {
        Module client = module(CLIENT);
        Module netty = module(NETTY);
        Module mock = module(MOCK);
        Set<String> internal = client.getPackages().stream()
                .filter(p -> p.startsWith("dev.samsa.internal"))
                .collect(Collectors.toSet());
        assertThat(internal).contains("dev.samsa.internal.protocol", "dev.samsa.internal.protocol.message",
                "dev.samsa.internal.record", "dev.samsa.internal.producer", "dev.samsa.internal.consumer");
        for (String pkg : internal) {
            assertThat(client.isExported(pkg)).as(pkg).isFalse();
            assertThat(client.isOpen(pkg)).as(pkg).isFalse();
        }
        for (ModuleDescriptor.Exports e : client.getDescriptor().exports()) {
            if (e.isQualified()) {
                assertThat(e.source()).startsWith("dev.samsa.internal.");
                assertThat(e.targets()).isSubsetOf(NETTY, MOCK);
            }
        }
        // The Transport SPI's message types reach both transports; the batch codec only the mock broker.
        assertThat(client.isExported("dev.samsa.internal.protocol", netty)).isTrue();
        assertThat(client.isExported("dev.samsa.internal.protocol.message", netty)).isTrue();
        assertThat(client.isExported("dev.samsa.internal.protocol", mock)).isTrue();
        assertThat(client.isExported("dev.samsa.internal.record", mock)).isTrue();
        assertThat(client.isExported("dev.samsa.internal.record", netty)).isFalse();
        assertThat(client.isExported("dev.samsa.internal.producer", mock)).isFalse();
        assertThat(client.isExported("dev.samsa.internal.consumer", mock)).isFalse();
    }

    @Test
    void transportModulesExportOnlyTheirPublicPackages() {
        assertThat(exportedToAll(module(NETTY))).containsExactly("dev.samsa.netty", "dev.samsa.netty.security");
        assertThat(module(NETTY).getPackages()).contains("dev.samsa.netty.internal");
        assertThat(exportedToAll(module(MOCK))).containsExactly("dev.samsa.mock");
        assertThat(module(MOCK).getPackages()).contains("dev.samsa.mock.internal");
        assertThat(module(NETTY).getDescriptor().exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
        assertThat(module(MOCK).getDescriptor().exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    }

    @Test
    void mockBrokerSignaturesNameOnlyTypesAnApplicationModuleCanAccess() throws Exception {
        // Fault injection and request inspection included (Faults.on(KafkaApi), MockCluster.requests(KafkaApi),
        // ReceivedRequest): a test module that requires dev.samsa.mock needs no --add-exports. Every type a public or
        // protected member of an exported package names must be exported to everyone by its module, and that module
        // must be read by whoever requires dev.samsa.mock (java.base, or implied by requires transitive), as loaded
        // from the layer.
        Module mock = module(MOCK);
        Set<String> implied = new HashSet<>(Set.of(MOCK, "java.base"));
        List<String> pending = new ArrayList<>(implied);
        while (!pending.isEmpty()) {
            Optional<Module> m = layer.findModule(pending.remove(0));
            if (m.isEmpty()) {
                continue; // a requires static transitive not resolved here (JUnit's apiguardian annotations)
            }
            for (ModuleDescriptor.Requires r : m.get().getDescriptor().requires()) {
                if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE) && implied.add(r.name())) {
                    pending.add(r.name());
                }
            }
        }
        assertThat(implied).contains(CLIENT, JUNIT);
        List<Class<?>> api = PublicSignatures.visibleTypes(layer.configuration().findModule(MOCK).orElseThrow()
                .reference(), mock::isExported, layer.findLoader(MOCK));
        List<String> violations = new ArrayList<>();
        for (Class<?> type : api) {
            for (PublicSignatures.Named n : PublicSignatures.namedTypes(type)) {
                Class<?> c = n.type();
                Module m = c.getModule();
                if (!m.isExported(c.getPackageName()) || !implied.contains(m.getName()) || !isVisible(c)) {
                    violations.add(n.where() + " names " + c.getName() + " (" + m + ")");
                }
            }
        }
        assertThat(api).hasSizeGreaterThan(10);
        assertThat(violations).isEmpty();
    }

    @Test
    void applicationsReachTheClientApiThroughEitherTransportModule() throws Exception {
        // requires transitive: a module that requires dev.samsa.netty or dev.samsa.mock reads dev.samsa.client (and
        // Jackson databind, whose ObjectMapper the JSON serdes take).
        Module netty = module(NETTY);
        Module mock = module(MOCK);
        Module client = module(CLIENT);
        assertThat(netty.canRead(client)).isTrue();
        assertThat(mock.canRead(client)).isTrue();
        assertThat(client.getDescriptor().requires())
                .filteredOn(r -> r.name().equals("com.fasterxml.jackson.databind"))
                .singleElement()
                .satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
        // The layer's classes are its own, not the class path's.
        Class<?> transport = layer.findLoader(NETTY).loadClass("dev.samsa.netty.NettyTransport");
        assertThat(transport.getModule()).isSameAs(netty);
        assertThat(transport.getInterfaces()).extracting(Class::getModule).containsExactly(client);
    }

    @Test
    void producesWithSnappyAndJsonToTheMockClusterAsNamedModules() throws Exception {
        // The same classes as the tests use, but loaded as the modules of the layer: a missing `requires` shows here
        // as an IllegalAccessError or NoClassDefFoundError (Jackson for the JSON serializer, snappy-java and its
        // native library for the compression, Netty's buffers for the batch).
        ClassLoader loader = layer.findLoader(CLIENT);
        Class<?> mockCluster = loader.loadClass("dev.samsa.mock.MockCluster");
        assertThat(mockCluster.getModule()).isSameAs(module(MOCK));
        Class<?> transportType = loader.loadClass("dev.samsa.transport.Transport");
        Class<?> serializerType = loader.loadClass("dev.samsa.serde.Serializer");
        Class<?> serializers = loader.loadClass("dev.samsa.serde.Serializers");
        Class<?> producerType = loader.loadClass("dev.samsa.producer.Producer");
        Class<?> builderType = loader.loadClass("dev.samsa.producer.ProducerBuilder");
        Class<?> recordType = loader.loadClass("dev.samsa.producer.ProducerRecord");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object snappy = Enum.valueOf((Class) loader.loadClass("dev.samsa.common.CompressionType"), "SNAPPY");

        AutoCloseable cluster = (AutoCloseable) mockCluster.getMethod("start").invoke(null);
        try (cluster) {
            mockCluster.getMethod("createTopic", String.class, int.class, int.class).invoke(cluster, "orders", 1, 1);
            // Fault injection names the API by the exported KafkaApi: the first Produce fails with a retriable error.
            Class<?> kafkaApi = loader.loadClass("dev.samsa.mock.KafkaApi");
            assertThat(kafkaApi.getModule()).isSameAs(module(MOCK));
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object produceApi = Enum.valueOf((Class) kafkaApi, "PRODUCE");
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object notLeader = Enum.valueOf((Class) loader.loadClass("dev.samsa.errors.ErrorCode"),
                    "NOT_LEADER_OR_FOLLOWER");
            Object faults = mockCluster.getMethod("faults").invoke(cluster);
            Object rule = faults.getClass().getMethod("on", kafkaApi).invoke(faults, produceApi);
            rule.getClass().getMethod("failWith", notLeader.getClass()).invoke(rule, notLeader);
            Object transport = mockCluster.getMethod("transport").invoke(cluster);
            Object builder = producerType.getMethod("builder", serializerType, serializerType)
                    .invoke(null, serializers.getMethod("forString").invoke(null),
                            serializers.getMethod("json").invoke(null));
            builderType.getMethod("transport", transportType).invoke(builder, transport);
            builderType.getMethod("compression", snappy.getClass()).invoke(builder, snappy);
            AutoCloseable producer = (AutoCloseable) builderType.getMethod("build").invoke(builder);
            try (producer) {
                Object record = recordType.getConstructor(String.class, Object.class, Object.class)
                        .newInstance("orders", "order-1", Map.of("id", 1));
                Method send = producerType.getMethod("send", recordType);
                ((CompletableFuture<?>) send.invoke(producer, record)).join();
            }
            List<?> stored = (List<?>) mockCluster.getMethod("records", String.class, int.class)
                    .invoke(cluster, "orders", 0);
            assertThat(stored).hasSize(1);
            Object only = stored.get(0);
            assertThat(only.getClass().getMethod("valueString").invoke(only)).isEqualTo("{\"id\":1}");
            List<?> produces = (List<?>) mockCluster.getMethod("requests", kafkaApi).invoke(cluster, produceApi);
            assertThat(produces).hasSize(2); // the failed one and its retry
            Object retry = produces.get(1);
            assertThat(retry.getClass().getMethod("api").invoke(retry)).isSameAs(produceApi);
        }
    }
}
