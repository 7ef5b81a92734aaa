package dev.samsa.testkit;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The walk over a module's public signatures that the module-boundary guards share (mock-broker's
 * {@code PublicSignaturesTest} on the class path, samples' {@code ModuleDescriptorTest} in a module layer): the
 * visible types of a module's packages, and every class their public and protected members name. Whether a named
 * class is one an application may see is the caller's rule.
 *
 * <p>Stateless and thread-safe. Types are loaded without being initialised.
 */
public final class PublicSignatures {
    private PublicSignatures() {
    }

    /**
     * A class named by a signature.
     *
     * @param where the signature, for example {@code "dev.samsa.mock.Faults.on( parameter"} or
     *     {@code "dev.samsa.mock.MockCluster implements"}
     * @param type  the class named, an array's component class, never a primitive
     */
    public record Named(String where, Class<?> type) {
    }

    /**
     * The packages {@code descriptor} exports to every module (unqualified exports), sorted.
     *
     * @param descriptor a module descriptor
     * @return the package names
     */
    public static Set<String> exportedToAll(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The visible classes ({@link #isVisible(Class)}) of the packages of {@code module} that {@code packages}
     * accepts, loaded through {@code loader}, in the order the module lists its class files.
     *
     * @param module   a module (a directory of classes or a jar) whose classes {@code loader} can load
     * @param packages which packages to read, for example the exported ones
     * @param loader   the class loader of the module's classes
     * @return the classes
     * @throws IOException            if the module's contents cannot be listed
     * @throws ClassNotFoundException if {@code loader} cannot load one of its classes
     */
    public static List<Class<?>> visibleTypes(ModuleReference module, Predicate<String> packages, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        try (ModuleReader reader = module.open(); Stream<String> resources = reader.list()) {
            for (String resource : resources.filter(r -> r.endsWith(".class")).toList()) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                int dot = name.lastIndexOf('.');
                if (name.equals("module-info") || !packages.test(dot < 0 ? "" : name.substring(0, dot))) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, loader);
                if (isVisible(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /**
     * Every class that {@code type}'s signature names: its superclass, interfaces and type parameter bounds, and the
     * parameter, return, exception and type parameter types of its public and protected fields, constructors and
     * methods (not synthetic or bridge members), with their generic arguments, wildcard bounds and array components.
     *
     * @param type a class
     * @return the named classes, with where each is named; a class named in several places appears once for each
     */
    public static List<Named> namedTypes(Class<?> type) {
        List<Named> found = new ArrayList<>();
        collect(type.getName() + " extends", type.getGenericSuperclass(), found);
        for (Type t : type.getGenericInterfaces()) {
            collect(type.getName() + " implements", t, found);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            collect(type.getName() + "<" + v.getName() + ">", v, found);
        }
        for (Field f : type.getDeclaredFields()) {
            if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
                collect(type.getName() + "." + f.getName(), f.getGenericType(), found);
            }
        }
        List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
        members.addAll(List.of(type.getDeclaredMethods()));
        for (Executable m : members) {
            if (!isVisible(m.getModifiers()) || m.isSynthetic() || (m instanceof Method method && method.isBridge())) {
                continue;
            }
            String where = type.getName() + "." + (m instanceof Constructor ? "<init>" : m.getName()) + "(";
            for (Type t : m.getGenericParameterTypes()) {
                collect(where + " parameter", t, found);
            }
            if (m instanceof Method method) {
                collect(where + " returns", method.getGenericReturnType(), found);
            }
            for (Type t : m.getGenericExceptionTypes()) {
                collect(where + " throws", t, found);
            }
            for (TypeVariable<?> v : m.getTypeParameters()) {
                collect(where + " <" + v.getName() + ">", v, found);
            }
        }
        return found;
    }

    /**
     * Whether code outside {@code type}'s package can name it: it and every class enclosing it are public or
     * protected, and none is anonymous, local or synthetic.
     *
     * @param type a class
     * @return whether it is visible
     */
    public static boolean isVisible(Class<?> type) {
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

    private static void collect(String where, Type type, List<Named> found) {
        Set<Class<?>> named = new HashSet<>();
        collect(type, named, new HashSet<>());
        for (Class<?> c : named) {
            found.add(new Named(where, c));
        }
    }

    private static void collect(Type type, Set<Class<?>> out, Set<TypeVariable<?>> seen) {
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
}
