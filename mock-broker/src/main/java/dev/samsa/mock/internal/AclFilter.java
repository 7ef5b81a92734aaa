package dev.samsa.mock.internal;

import dev.samsa.mock.Acl;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.AclPermissionType;
import dev.samsa.mock.PatternType;
import dev.samsa.mock.ResourceType;
import java.util.function.Predicate;

/**
 * An ACL filter as DescribeAcls and DeleteAcls carry it (Kafka's {@code AclBindingFilter}): wire codes, with ANY (1)
 * matching every value, a null name, principal or host matching any, and the MATCH pattern type (2) selecting every
 * ACL that applies to the named resource (literal, wildcard and prefixes).
 */
final class AclFilter implements Predicate<Acl> {
    private static final byte ANY = 1;
    private static final byte MATCH = 2;

    private final byte resourceType;
    private final String resourceName;
    private final byte patternType;
    private final String principal;
    private final String host;
    private final byte operation;
    private final byte permissionType;

    AclFilter(byte resourceType, String resourceName, byte patternType, String principal, String host,
            byte operation, byte permissionType) {
        this.resourceType = resourceType;
        this.resourceName = resourceName;
        this.patternType = patternType;
        this.principal = principal;
        this.host = host;
        this.operation = operation;
        this.permissionType = permissionType;
    }

    /** Why the filter cannot match anything Kafka would accept (an UNKNOWN code), or null if it is valid. */
    String invalid() {
        if (resourceType != ANY && ResourceType.forCode(resourceType) == null) {
            return "unknown resource type " + resourceType;
        }
        if (patternType != ANY && patternType != MATCH && PatternType.forCode(patternType) == null) {
            return "unknown pattern type " + patternType;
        }
        if (operation != ANY && AclOperation.forCode(operation) == null) {
            return "unknown operation " + operation;
        }
        if (permissionType != ANY && AclPermissionType.forCode(permissionType) == null) {
            return "unknown permission type " + permissionType;
        }
        return null;
    }

    @Override
    public boolean test(Acl a) {
        return (resourceType == ANY || a.resourceType().code() == resourceType)
                && matchesPattern(a)
                && (principal == null || a.principal().equals(principal))
                && (host == null || a.host().equals(host))
                && (operation == ANY || a.operation().code() == operation)
                && (permissionType == ANY || a.permissionType().code() == permissionType);
    }

    private boolean matchesPattern(Acl a) {
        if (patternType == MATCH) {
            return resourceName == null || a.matchesResource(a.resourceType(), resourceName);
        }
        if (patternType != ANY && a.patternType().code() != patternType) {
            return false;
        }
        return resourceName == null || a.resourceName().equals(resourceName);
    }
}
