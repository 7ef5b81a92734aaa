package dev.samsa.mock.internal;

import dev.samsa.mock.Acl;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The security settings the builder of {@link dev.samsa.mock.MockCluster} collected, validated. Immutable.
 *
 * @param saslUsers user name to password; empty: the TCP listener is PLAINTEXT
 * @param saslMechanisms Kafka's {@code sasl.enabled.mechanisms}
 * @param scramIterations the iteration count of the SCRAM credentials
 * @param authorization whether requests are authorized (Kafka: {@code authorizer.class.name} set)
 * @param acls the ACLs at start
 * @param superUsers Kafka's {@code super.users}, as {@code User:name}
 * @param allowEveryoneIfNoAclFound Kafka's {@code allow.everyone.if.no.acl.found}
 */
public record SecurityConfig(Map<String, String> saslUsers, List<String> saslMechanisms, int scramIterations,
        boolean authorization, List<Acl> acls, Set<String> superUsers, boolean allowEveryoneIfNoAclFound) {
    /** No SASL users and no authorization: every request is served, as a PLAINTEXT listener with no authorizer. */
    public static final SecurityConfig NONE = new SecurityConfig(Map.of(), SaslUsers.MECHANISMS, 4096, false,
            List.of(), Set.of(), false);

    /** Copies the collections. */
    public SecurityConfig {
        saslUsers = Map.copyOf(saslUsers);
        saslMechanisms = List.copyOf(saslMechanisms);
        acls = List.copyOf(acls);
        superUsers = Set.copyOf(superUsers);
    }
}
