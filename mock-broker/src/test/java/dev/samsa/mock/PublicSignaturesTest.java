package dev.samsa.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.internal.protocol.ApiKey;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every type that a public or protected member of mock-broker's exported packages names (supertypes, fields,
 * constructor and method parameters, returns, throws, type parameter bounds, generic arguments) is one that a module
 * requiring {@code dev.samsa.mock} can name without {@code --add-exports}: the JDK's, JUnit's (the extension), or a
 * Samsa package its module exports to everyone. The module descriptors are read from the built classes, so the test
 * runs on the class path as the others do.
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

        List<Class<?>> api = new ArrayList<>();
        try (ModuleReader reader = mock.open(); Stream<String> resources = reader.list()) {
            for (String resource : resources.filter(r -> r.endsWith(".class")).toList()) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                if (name.equals("module-info") || !exported.contains(packageOf(name))) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (isVisible(type)) {
                    api.add(type);
                }
            }
        }
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
        check(type.getName() + " extends", type.getGenericSuperclass(), found);
        for (Type t : type.getGenericInterfaces()) {
            check(type.getName() + " implements", t, found);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(type.getName() + "<" + v.getName() + ">", v, found);
        }
        for (Field f : type.getDeclaredFields()) {
            if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
                check(type.getName() + "." + f.getName(), f.getGenericType(), found);
            }
        }
        List<Executable> members = new ArrayList<>();
        members.addAll(List.of(type.getDeclaredConstructors()));
        members.addAll(List.of(type.getDeclaredMethods()));
        for (Executable m : members) {
            if (!isVisible(m.getModifiers()) || m.isSynthetic() || (m instanceof Method method && method.isBridge())) {
                continue;
            }
            String where = type.getName() + "." + (m instanceof Constructor ? "<init>" : m.getName()) + "(";
            for (Type t : m.getGenericParameterTypes()) {
                check(where + " parameter", t, found);
            }
            if (m instanceof Method method) {
                check(where + " returns", method.getGenericReturnType(), found);
            }
            for (Type t : m.getGenericExceptionTypes()) {
                check(where + " throws", t, found);
            }
            for (TypeVariable<?> v : m.getTypeParameters()) {
                check(where + " <" + v.getName() + ">", v, found);
            }
        }
        return found;
    }

    private void check(String where, Type type, List<String> found) throws IOException, URISyntaxException {
        Set<Class<?>> named = new HashSet<>();
        collect(type, named, new HashSet<>());
        for (Class<?> c : named) {
            if (!accessible(c)) {
                found.add(where + " names " + c.getName());
            }
        }
    }

    private static void collect(Type type, Set<Class<?>> out, Set<TypeVariable<?>> seen) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.isPrimitive()) {
                out.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), out, seen);
            collect(p.getOwnerType(), out, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out, seen);
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, out, seen);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, out, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), out, seen);
        } else if (type instanceof TypeVariable<?> v && seen.add(v)) {
            for (Type b : v.getBounds()) {
                collect(b, out, seen);
            }
        }
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

    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || !isVisible(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static Set<String> exportedToAll(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
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
