package dev.samsa.mock;

import static dev.samsa.testkit.PublicSignatures.exportedToAll;
import static dev.samsa.testkit.PublicSignatures.isVisible;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.testkit.PublicSignatures;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every type that a public or protected member of mock-broker's exported packages names (supertypes, fields,
 * constructor and method parameters, returns, throws, type parameter bounds, generic arguments) is one that a module
 * requiring {@code dev.samsa.mock} can name without {@code --add-exports}: the JDK's, JUnit's (the extension), or a
 * Samsa package its module exports to everyone. The module descriptors are read from the built classes, so the test
 * runs on the class path as the others do. The walk over the signatures is the testkit's {@link PublicSignatures},
 * which samples' {@code ModuleDescriptorTest} runs again on the modules of a module layer.
 */
class PublicSignaturesTest {
    /** Non-Samsa packages the API may show: the JDK, and modules dev.samsa.mock or dev.samsa.client require transitively. */
    private static final List<String> ALLOWED_PREFIXES = List.of("java.", "org.junit.jupiter.api",
            "com.fasterxml.jackson.");

    private final Map<Path, ModuleDescriptor> descriptors = new HashMap<>();

    @Test
    void exportedPackagesNameOnlyTypesApplicationsCanAccess() throws Exception {
        ModuleReference mock = moduleOf(MockCluster.class);
        Set<String> exported = exportedToAll(mock.descriptor());
        assertThat(exported).contains("dev.samsa.mock");

        List<Class<?>> api = PublicSignatures.visibleTypes(mock, exported::contains, getClass().getClassLoader());
        assertThat(api).contains(MockCluster.class, Faults.class, Faults.Builder.class, ReceivedRequest.class,
                KafkaApi.class);

        List<String> violations = new ArrayList<>();
        for (Class<?> type : api) {
            violations.addAll(violations(type));
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckCatchesAnInternalTypeInASignature() throws Exception {
        // Guards the guard: a public method that takes client-api's internal ApiKey is reported.
        assertThat(violations(Leaky.class)).singleElement().asString()
                .contains("on(", ApiKey.class.getName());
        assertThat(violations(Clean.class)).isEmpty();
    }

    /** A type as an exported package would declare it, with an internal type in one signature. */
    public static final class Leaky {
        /** Leaks {@link ApiKey}. */
        public void on(ApiKey api) {
        }

        /** Fine: private. */
        @SuppressWarnings("unused")
        private ApiKey key() {
            return null;
        }
    }

    /** The same, done right. */
    public static final class Clean {
        /** Fine: a public type. */
        public List<? extends KafkaApi> on(KafkaApi api) {
            return List.of(api);
        }
    }

    private List<String> violations(Class<?> type) throws IOException, URISyntaxException {
        List<String> found = new ArrayList<>();
        for (PublicSignatures.Named n : PublicSignatures.namedTypes(type)) {
            if (!accessible(n.type())) {
                found.add(n.where() + " names " + n.type().getName());
            }
        }
        return found;
    }

    /** Whether a module requiring dev.samsa.mock can name {@code c}. */
    private boolean accessible(Class<?> c) throws IOException, URISyntaxException {
        String pkg = c.getPackageName();
        if (pkg.startsWith("dev.samsa.")) {
            Path location = location(c);
            ModuleDescriptor d = descriptors.get(location);
            if (d == null) {
                d = moduleAt(location).descriptor();
                descriptors.put(location, d);
            }
            return exportedToAll(d).contains(pkg) && isVisible(c);
        }
        return ALLOWED_PREFIXES.stream().anyMatch(pkg::startsWith);
    }

    private static ModuleReference moduleOf(Class<?> type) throws URISyntaxException {
        return moduleAt(location(type));
    }

    /** The module whose classes (a directory with module-info.class, or a jar) are at {@code location}. */
    private static ModuleReference moduleAt(Path location) {
        return ModuleFinder.of(location).findAll().iterator().next();
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
