package dev.samsa.mock.internal;

import dev.samsa.mock.Acl;
import dev.samsa.mock.AclOperation;
import dev.samsa.mock.AclPermissionType;
import dev.samsa.mock.PatternType;
import dev.samsa.mock.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mock's ACL authorizer, with the rules of Kafka's {@code StandardAuthorizer}: off until an ACL is configured
 * (or the builder turns it on); then super users may do anything, a DENY that matches wins, an ALLOW that matches
 * (with Kafka's implied operations: READ/WRITE/DELETE/ALTER imply DESCRIBE, ALTER_CONFIGS implies DESCRIBE_CONFIGS)
 * allows, and anything else is denied, unless {@code allow.everyone.if.no.acl.found} and no ACL names the resource.
 *
 * <p>Thread-safe: checks read an immutable snapshot of the ACLs; changes replace it (a test flipping a permission
 * affects the next request, not one being handled).
 */
public final class Authorizer {
    /** The principal of an unauthenticated connection (and of an in-process transport by default), as Kafka. */
    public static final String ANONYMOUS = "User:ANONYMOUS";

    private static final Logger log = LoggerFactory.getLogger(Authorizer.class);

    private final Set<String> superUsers;
    private final boolean allowEveryoneIfNoAclFound;
    private volatile boolean enabled;
    private volatile List<Acl> acls;

    /** An authorizer, on if {@code enabled}, with these ACLs, super users ({@code User:name}) and fallback. */
    public Authorizer(boolean enabled, Collection<Acl> acls, Collection<String> superUsers,
            boolean allowEveryoneIfNoAclFound) {
        this.enabled = enabled;
        this.acls = List.copyOf(new LinkedHashSet<>(acls));
        this.superUsers = Set.copyOf(superUsers);
        this.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound;
    }

    /** Whether requests are authorized at all (Kafka: an {@code authorizer.class.name} is set). */
    public boolean enabled() {
        return enabled;
    }

    /** The ACLs, in the order they were added. */
    public List<Acl> acls() {
        return acls;
    }

    /** Adds ACLs (one already present is kept once); any ACL turns authorization on. How many were new. */
    public synchronized int add(Collection<Acl> added) {
        LinkedHashSet<Acl> next = new LinkedHashSet<>(acls);
        int before = next.size();
        next.addAll(added);
        acls = List.copyOf(next);
        enabled |= !added.isEmpty();
        return next.size() - before;
    }

    /** Removes the ACLs that match {@code filter}; the removed ones. */
    public synchronized List<Acl> remove(Predicate<Acl> filter) {
        List<Acl> kept = new ArrayList<>();
        List<Acl> removed = new ArrayList<>();
        for (Acl a : acls) {
            (filter.test(a) ? removed : kept).add(a);
        }
        acls = List.copyOf(kept);
        return removed;
    }

    /**
     * Whether {@code principal} connected from {@code host} may perform {@code op} on {@code type:name}.
     *
     * @param host the client's address, with or without a leading {@code /}
     */
    public boolean authorize(String principal, String host, AclOperation op, ResourceType type, String name) {
        if (!enabled || superUsers.contains(principal)) {
            return true;
        }
        String h = stripSlash(host);
        boolean resourceHasAcl = false;
        boolean allowed = false;
        for (Acl a : acls) {
            if (!a.matchesResource(type, name)) {
                continue;
            }
            resourceHasAcl = true;
            if (!matchesPrincipal(a, principal) || !matchesHost(a, h)) {
                continue;
            }
            if (a.permissionType() == AclPermissionType.DENY) {
                if (a.operation() == op || a.operation() == AclOperation.ALL) {
                    logDenied(principal, h, op, type, name, a);
                    return false;
                }
            } else if (implies(a.operation(), op)) {
                allowed = true;
            }
        }
        if (allowed || (allowEveryoneIfNoAclFound && !resourceHasAcl)) {
            return true;
        }
        logDenied(principal, h, op, type, name, null);
        return false;
    }

    /**
     * Whether {@code principal} may perform {@code op} on at least one resource of {@code type}, as Kafka's
     * {@code authorizeByResourceType} (KIP-679, used by InitProducerId for idempotent producers): some ALLOW for the
     * operation (or ALL), literal or prefixed, that no DENY of the same principal covers.
     */
    public boolean authorizeByResourceType(String principal, String host, AclOperation op, ResourceType type) {
        if (!enabled || superUsers.contains(principal)) {
            return true;
        }
        String h = stripSlash(host);
        List<Acl> allows = new ArrayList<>();
        List<Acl> denies = new ArrayList<>();
        boolean typeHasAcl = false;
        for (Acl a : acls) {
            if (a.resourceType() != type) {
                continue;
            }
            typeHasAcl = true;
            if (!matchesPrincipal(a, principal) || !matchesHost(a, h)
                    || (a.operation() != op && a.operation() != AclOperation.ALL)) {
                continue;
            }
            (a.permissionType() == AclPermissionType.DENY ? denies : allows).add(a);
        }
        for (Acl d : denies) {
            if (d.patternType() == PatternType.LITERAL && d.resourceName().equals(Acl.WILDCARD)) {
                return false;
            }
        }
        for (Acl a : allows) {
            if (!deniedCovers(denies, a)) {
                return true;
            }
        }
        return allowEveryoneIfNoAclFound && !typeHasAcl;
    }

    /** Whether some DENY covers every resource the ALLOW {@code a} covers. */
    private static boolean deniedCovers(List<Acl> denies, Acl a) {
        for (Acl d : denies) {
            boolean covers = d.patternType() == PatternType.PREFIXED
                    ? a.resourceName().startsWith(d.resourceName())
                    : a.patternType() == PatternType.LITERAL && d.resourceName().equals(a.resourceName());
            if (covers) {
                return true;
            }
        }
        return false;
    }

    /**
     * Kafka's authorized-operations bit field (KIP-430) of {@code type:name} for {@code principal}: bit
     * {@code op.code()} set for each operation in {@code ops} it may perform.
     */
    public int authorizedOperations(String principal, String host, ResourceType type, String name,
            AclOperation... ops) {
        int bits = 0;
        for (AclOperation op : ops) {
            if (authorize(principal, host, op, type, name)) {
                bits |= 1 << op.code();
            }
        }
        return bits;
    }

    private static boolean implies(AclOperation granted, AclOperation wanted) {
        if (granted == wanted || granted == AclOperation.ALL) {
            return true;
        }
        return switch (wanted) {
            case DESCRIBE -> granted == AclOperation.READ || granted == AclOperation.WRITE
                    || granted == AclOperation.DELETE || granted == AclOperation.ALTER;
            case DESCRIBE_CONFIGS -> granted == AclOperation.ALTER_CONFIGS;
            default -> false;
        };
    }

    private static boolean matchesPrincipal(Acl a, String principal) {
        String p = a.principal();
        if (p.equals(principal)) {
            return true;
        }
        // User:* matches every principal of type User (Kafka's wildcard principal).
        return p.endsWith(":*") && principal.startsWith(p.substring(0, p.length() - 1));
    }

    private static boolean matchesHost(Acl a, String host) {
        return a.host().equals(Acl.WILDCARD) || a.host().equals(host);
    }

    private static String stripSlash(String host) {
        return host != null && host.startsWith("/") ? host.substring(1) : host;
    }

    private static void logDenied(String principal, String host, AclOperation op, ResourceType type, String name,
            Acl by) {
        if (log.isDebugEnabled()) {
            log.debug("Principal = {} is Denied operation = {} from host = {} on resource = {}:{}{}", principal, op,
                    host, type, name, by == null ? " (no matching ALLOW)" : " by " + by);
        }
    }
}
