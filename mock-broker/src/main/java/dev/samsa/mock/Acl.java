package dev.samsa.mock;

import java.util.Objects;

/**
 * One access control entry bound to a resource pattern, as Kafka's {@code AclBinding}: a principal
 * ({@code User:alice}, or {@code User:*} for every user) from a host ({@code *} for any) is allowed or denied an
 * operation on the resources of one type whose name matches the pattern (literal, the literal wildcard {@code *},
 * or a prefix; KIP-290).
 *
 * <pre>{@code
 * MockCluster.builder()
 *         .saslUser("alice", "alice-secret")
 *         .acl(Acl.allow("User:alice", AclOperation.WRITE, ResourceType.TOPIC, "orders"))
 *         .acl(Acl.allowPrefixed("User:alice", AclOperation.READ, ResourceType.GROUP, "billing-"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable value; equal ACLs are one ACL to the cluster (adding one twice keeps one, removing it removes it).
 *
 * @param principal {@code Type:name}, e.g. {@code User:alice}; {@code User:*} matches every user principal
 * @param host the client's IP address, or {@code *} for any host
 * @param operation the operation allowed or denied
 * @param permissionType ALLOW or DENY
 * @param resourceType the type of the resources it applies to
 * @param resourceName a name, {@code *} (with {@link PatternType#LITERAL}) for every resource of the type, or a
 *     prefix (with {@link PatternType#PREFIXED}); for {@link ResourceType#CLUSTER}, {@value #CLUSTER_NAME}
 * @param patternType how {@code resourceName} matches
 */
public record Acl(String principal, String host, AclOperation operation, AclPermissionType permissionType,
        ResourceType resourceType, String resourceName, PatternType patternType) {
    /** The name of the one {@link ResourceType#CLUSTER} resource, as Kafka: {@value}. */
    public static final String CLUSTER_NAME = "kafka-cluster";
    /** The literal resource name or host matching every resource or host: {@value}. */
    public static final String WILDCARD = "*";

    /**
     * Validates the ACL.
     *
     * @throws IllegalArgumentException if a field is null or empty, the principal is not {@code Type:name}, or a
     *     cluster ACL names another resource than {@value #CLUSTER_NAME}
     * @throws NullPointerException if an enum field is null
     */
    public Acl {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permissionType, "permissionType");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(patternType, "patternType");
        int colon = principal == null ? -1 : principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new IllegalArgumentException("principal: '" + principal + "' (expected: Type:name, e.g. User:alice)");
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: must not be empty (use '*' for any host)");
        }
        if (resourceName == null || resourceName.isEmpty()) {
            throw new IllegalArgumentException("resourceName: must not be empty");
        }
        if (resourceType == ResourceType.CLUSTER && !resourceName.equals(CLUSTER_NAME)) {
            throw new IllegalArgumentException("resourceName: '" + resourceName + "' for a CLUSTER ACL (expected: "
                    + CLUSTER_NAME + ")");
        }
    }

    /** ALLOW {@code operation} on the resource named exactly {@code name} ({@code *}: every one), from any host. */
    public static Acl allow(String principal, AclOperation operation, ResourceType type, String name) {
        return new Acl(principal, WILDCARD, operation, AclPermissionType.ALLOW, type, name, PatternType.LITERAL);
    }

    /** ALLOW {@code operation} on every resource whose name starts with {@code prefix}, from any host. */
    public static Acl allowPrefixed(String principal, AclOperation operation, ResourceType type, String prefix) {
        return new Acl(principal, WILDCARD, operation, AclPermissionType.ALLOW, type, prefix, PatternType.PREFIXED);
    }

    /** DENY {@code operation} on the resource named exactly {@code name} ({@code *}: every one), from any host. */
    public static Acl deny(String principal, AclOperation operation, ResourceType type, String name) {
        return new Acl(principal, WILDCARD, operation, AclPermissionType.DENY, type, name, PatternType.LITERAL);
    }

    /** DENY {@code operation} on every resource whose name starts with {@code prefix}, from any host. */
    public static Acl denyPrefixed(String principal, AclOperation operation, ResourceType type, String prefix) {
        return new Acl(principal, WILDCARD, operation, AclPermissionType.DENY, type, prefix, PatternType.PREFIXED);
    }

    /** ALLOW {@code operation} on the cluster ({@value #CLUSTER_NAME}), from any host. */
    public static Acl allowCluster(String principal, AclOperation operation) {
        return allow(principal, operation, ResourceType.CLUSTER, CLUSTER_NAME);
    }

    /** Whether this ACL's pattern covers the resource {@code type:name}. */
    public boolean matchesResource(ResourceType type, String name) {
        if (type != resourceType) {
            return false;
        }
        return switch (patternType) {
            case LITERAL -> resourceName.equals(WILDCARD) || resourceName.equals(name);
            case PREFIXED -> name.startsWith(resourceName);
        };
    }

    /**
     * Kafka's shape: {@code (principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW) on
     * TOPIC:LITERAL:orders}.
     */
    @Override
    public String toString() {
        return "(principal=" + principal + ", host=" + host + ", operation=" + operation + ", permissionType="
                + permissionType + ") on " + resourceType + ":" + patternType + ":" + resourceName;
    }
}
