package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.common.TopicPartition;
import dev.samsa.consumer.AssignmentStrategy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each Samsa assignor against the official one of the same name (kafka-clients, test scope): randomized groups
 * rebalancing over several generations (members joining and leaving, static members, subscriptions changing, topics
 * growing), with each round's assignment fed back as the next round's ownership, exactly as members report it.
 * The same subscriptions in give the same assignment out, member by member. The rack-aware variant (KIP-881) adds
 * brokers on racks, partitions with replicas on some of them, and members with or without {@code client.rack}.
 */
class AssignorOracleTest {
    private static final int SCENARIOS = Integer.getInteger("oracle.scenarios", 250);
    /** The first scenario index to run (with oracle.seed, picks out one scenario of a search). */
    private static final int FIRST = Integer.getInteger("oracle.first", 0);
    /** How long the official assignor may take on one input before it counts as not returning. */
    private static final long OFFICIAL_TIMEOUT_MS = Long.getLong("oracle.officialTimeoutMs", 20_000);
    private static final int ROUNDS = 5;

    /** What one scenario round gave Samsa and what Samsa returned. */
    record Round(int round, String context, Map<String, Integer> topics, Map<TopicPartition, List<Node>> replicas,
            List<Sim> members, Map<String, List<TopicPartition>> samsa, int balancingPasses, boolean cycleBroken) {
    }

    /** Counts over a run, for the summary line. */
    static final class Tally {
        int scenarios;
        int rounds;
        int equal;
        int officialFailed;
        int officialInvalid;
        int officialNoReturn;
        int samsaCycles;
        int differsByDesign;
    }

    /** One member as both sides see it. */
    static final class Sim {
        final String memberId;
        final String instanceId;
        String rack;
        List<String> topics;
        List<TopicPartition> owned = List.of();
        int generation = -1;
        byte[] stickyUserData;

        Sim(String memberId, String instanceId, List<String> topics) {
            this.memberId = memberId;
            this.instanceId = instanceId;
            this.topics = topics;
        }

        Sim copy() {
            Sim c = new Sim(memberId, instanceId, topics);
            c.rack = rack;
            c.owned = owned;
            c.generation = generation;
            c.stickyUserData = stickyUserData;
            return c;
        }
    }

    /** Brokers (id to rack, null for none) and each partition's replica brokers, grown as topics grow. */
    private static final class Racks {
        final List<Node> brokers = new ArrayList<>();
        final Map<TopicPartition, List<Node>> replicas = new HashMap<>();
        final List<String> memberRacks = new ArrayList<>();
        /** 0: random replicas; 1: partition p on rack p % racks (aligned across topics); 2: every rack. */
        final int layout;

        Racks(Random random) {
            int racks = 1 + random.nextInt(4);
            int brokerCount = racks + random.nextInt(3);
            for (int b = 0; b < brokerCount; b++) {
                // broker b is on rack b % racks, so every rack has a broker; now and then one has no rack
                String rack = random.nextInt(12) == 0 ? null : "rack-" + (b % racks);
                brokers.add(new Node(b, "localhost", 9092 + b, rack));
            }
            for (int r = 0; r < racks + 1; r++) {
                memberRacks.add("rack-" + r); // one more than the brokers have: a member off every replica rack
            }
            this.layout = random.nextInt(3);
        }

        List<Node> replicasOf(Random random, TopicPartition tp) {
            return replicas.computeIfAbsent(tp, k -> {
                List<Node> out = new ArrayList<>();
                if (layout == 2) {
                    return new ArrayList<>(brokers);
                } else if (layout == 1) {
                    for (Node b : brokers) {
                        if (b.id() % (memberRacks.size() - 1) == tp.partition() % (memberRacks.size() - 1)) {
                            out.add(b);
                        }
                    }
                    return out;
                }
                int n = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(Math.min(3, brokers.size()));
                List<Node> shuffled = new ArrayList<>(brokers);
                java.util.Collections.shuffle(shuffled, random);
                return new ArrayList<>(shuffled.subList(0, n));
            });
        }

        /** Mostly a rack; sometimes none, or an empty one (which both sides treat as none). */
        String randomMemberRack(Random random) {
            int r = random.nextInt(10);
            return r == 0 ? null : r == 1 ? "" : memberRacks.get(random.nextInt(memberRacks.size()));
        }
    }

    @ParameterizedTest
    @EnumSource(AssignmentStrategy.class)
    void sameInputSameAssignmentAsTheOfficialAssignor(AssignmentStrategy strategy) {
        run(strategy, false);
    }

    @ParameterizedTest
    @EnumSource(AssignmentStrategy.class)
    void withRacksSameInputSameAssignmentAsTheOfficialAssignor(AssignmentStrategy strategy) {
        run(strategy, true);
    }

    private static void run(AssignmentStrategy strategy, boolean withRacks) {
        // With racks, the seeds are fixed by default: on rare inputs (about one in several thousand scenarios, e.g.
        // seed -1447443457335129077) the official sticky assignors never return (their general-case balancing loop
        // does not terminate). Samsa's stops such a loop (see AbstractStickyAssignor.reassign), and the official
        // one is given OFFICIAL_TIMEOUT_MS there, but a random seed would make the build slow now and then. Explore
        // others with -Doracle.seed=... -Doracle.scenarios=... (and -Doracle.first=... to start further on).
        long seed0 = Long.getLong("oracle.seed", withRacks ? 881L : new Random().nextLong());
        Tally tally = new Tally();
        for (int s = FIRST; s < SCENARIOS; s++) {
            scenario(strategy, withRacks, seed0, s, true, ROUNDS, tally);
        }
        System.err.printf("ORACLE SUMMARY %s racks=%s seed0=%d scenarios=%d rounds=%d equal=%d officialFailed=%d "
                + "officialInvalid=%d officialNoReturn=%d samsaCycles=%d differsByDesign=%d%n", strategy, withRacks,
                seed0, tally.scenarios, tally.rounds, tally.equal, tally.officialFailed, tally.officialInvalid,
                tally.officialNoReturn, tally.samsaCycles, tally.differsByDesign);
    }

    /**
     * Plays scenario {@code s} of the run from {@code seed0}, up to round {@code rounds}: with {@code withOfficial},
     * each round against the official assignor (each round's ownership then comes from the official result);
     * without, Samsa alone (its results fed back, identical where the official assignor returns).
     */
    static List<Round> scenario(AssignmentStrategy strategy, boolean withRacks, long seed0, int s, boolean withOfficial,
            int rounds, Tally tally) {
        List<Round> played = new ArrayList<>();
        long seed = seed0 + s;
        Random random = new Random(seed);
        Racks racks = withRacks ? new Racks(random) : null;
        Map<String, Integer> topics = new TreeMap<>();
        boolean large = s % 5 == 0;
        int topicCount = 1 + random.nextInt(large ? 8 : 4);
        for (int t = 0; t < topicCount; t++) {
            topics.put("topic" + (char) ('a' + random.nextInt(26)) + t, 1 + random.nextInt(large ? 24 : 9));
        }
        List<String> topicNames = new ArrayList<>(topics.keySet());
        boolean sameSubscriptions = random.nextBoolean();
        List<Sim> members = new ArrayList<>();
        int next = 0;
        int memberCount = 1 + random.nextInt(large ? 14 : 6);
        for (int m = 0; m < memberCount; m++) {
            members.add(newMember(random, next++, topicNames, sameSubscriptions, racks));
        }
        // Half the scenarios keep one assignor per side across rounds, as a long-lived leader does (the sticky
        // assignors remember the highest generation they saw); the other half use fresh ones.
        boolean keep = s % 2 == 0;
        Assignor samsaAssignor = Assignor.of(strategy);
        ConsumerPartitionAssignor kafkaAssignor = kafkaAssignor(strategy);
        tally.scenarios++;
        for (int round = 1; round <= rounds; round++) {
            if (!keep) {
                samsaAssignor = Assignor.of(strategy);
                kafkaAssignor = kafkaAssignor(strategy);
            }
            StringBuilder members0 = new StringBuilder();
            members.forEach(m -> members0.append(m.memberId).append(m.instanceId == null ? "" : "/" + m.instanceId)
                    .append(m.rack == null ? "" : "@" + m.rack).append(m.topics).append(" owned ").append(m.owned)
                    .append(" gen ").append(m.generation).append("; "));
            Map<TopicPartition, List<Node>> replicas = new TreeMap<>(Assignor.PARTITION_ORDER);
            if (racks != null) {
                topics.forEach((t, n) -> {
                    for (int p = 0; p < n; p++) {
                        TopicPartition tp = new TopicPartition(t, p);
                        replicas.put(tp, racks.replicasOf(random, tp));
                    }
                });
            }
            String context = strategy + " seed " + seed + " round " + round + " topics " + topics + " members "
                    + members0 + (racks == null ? "" : " layout " + racks.layout + " brokers " + racks.brokers
                    + " replicas " + replicas);
            Map<String, List<TopicPartition>> samsa;
            try {
                samsa = assignSamsa(samsaAssignor, strategy, topics, replicas, members);
            } catch (RuntimeException e) {
                if (!withOfficial) {
                    throw new AssertionError(context + ": Samsa failed", e);
                }
                // the official assignor must fail the same way on the same input
                RuntimeException official = null;
                try {
                    assignKafka(kafkaAssignor, strategy, topics, replicas,
                            racks == null ? List.of() : racks.brokers, members);
                } catch (RuntimeException k) {
                    official = k;
                }
                if (official == null || official.getClass() != e.getClass()) {
                    throw new AssertionError(context + ": only Samsa failed", e);
                }
                System.err.println("BOTH FAILED " + e + " / " + official + ": " + context);
                break;
            }
            tally.rounds++;
            boolean cycle = false;
            int passes = 0;
            if (samsaAssignor instanceof AbstractStickyAssignor sticky) {
                cycle = sticky.lastCycleBroken;
                passes = sticky.lastBalancingPasses;
                tally.samsaCycles += cycle ? 1 : 0;
            }
            List<Sim> copies = new ArrayList<>();
            members.forEach(m -> copies.add(m.copy()));
            played.add(new Round(round, context, new TreeMap<>(topics), replicas, copies,
                    samsa, passes, cycle));
            Map<String, List<TopicPartition>> kafka;
            String outcome = null;
            if (!withOfficial) {
                kafka = samsa;
            } else {
                try {
                    kafka = assignKafkaWithin(OFFICIAL_TIMEOUT_MS, kafkaAssignor, strategy, topics, replicas,
                            racks == null ? List.of() : racks.brokers, members);
                    if (kafka == null) {
                        outcome = "DID NOT RETURN";
                        tally.officialNoReturn++;
                    } else if (!subscribed(kafka, members)) {
                        outcome = "INVALID";
                        tally.officialInvalid++;
                    }
                } catch (NullPointerException e) {
                    kafka = null; // Kafka 4.1.1 fails when a previous owner is set aside from balancing
                    outcome = "FAILED";
                    tally.officialFailed++;
                }
            }
            if (outcome != null) {
                // Where the official assignor fails, never returns, or gives a partition back to a previous
                // owner no longer subscribed to its topic, Samsa's result differs: it must be a valid one.
                assertThat(subscribed(samsa, members)).as(context).isTrue();
                System.err.println("OFFICIAL " + outcome + " (Samsa: " + passes + " passes, cycle " + cycle
                        + "): " + context);
                if (outcome.equals("DID NOT RETURN") && keep) {
                    break; // the official assignor's memory (highest generation) is lost with its thread
                }
                kafka = samsa;
            } else if (withOfficial && !normalize(samsa).equals(normalize(kafka))
                    && previousOwnerOffTopic(members, keep ? round - 1 : -1)) {
                // Samsa never moves a partition back to a previous owner no longer subscribed to its topic; the
                // official assignor does so in the middle of balancing, which can lead it to another valid result.
                assertThat(subscribed(samsa, members)).as(context).isTrue();
                tally.differsByDesign++;
                System.err.println("DIFFERS BY DESIGN (previous owner off its topic): " + context);
            } else if (withOfficial) {
                assertThat(normalize(samsa)).as(context + " (Samsa's loop cycled: " + cycle + ")")
                        .isEqualTo(normalize(kafka));
                tally.equal++;
                // a cycle in Samsa's loop where the official one returned would be a false stop
                assertThat(cycle).as(context).isFalse();
            }
            for (Sim m : members) {
                m.owned = List.copyOf(kafka.getOrDefault(m.memberId, List.of()));
                m.generation = round;
                m.stickyUserData = dev.samsa.internal.consumer.StickyAssignor.encode(m.owned, round);
            }
            // the group changes: someone leaves, someone joins, a subscription or a topic changes
            int change = random.nextInt(5);
            if (change == 0 && members.size() > 1) {
                members.remove(random.nextInt(members.size()));
            } else if (change == 1) {
                members.add(newMember(random, next++, topicNames, sameSubscriptions, racks));
            } else if (change == 2 && !sameSubscriptions) {
                members.get(random.nextInt(members.size())).topics = randomTopics(random, topicNames);
            } else if (change == 3) {
                String t = topicNames.get(random.nextInt(topicNames.size()));
                topics.put(t, topics.get(t) + 1 + random.nextInt(3));
            }
            if (racks != null && random.nextInt(6) == 0) {
                members.get(random.nextInt(members.size())).rack = racks.randomMemberRack(random);
            }
            if (random.nextInt(10) == 0) {
                Sim stale = members.get(random.nextInt(members.size()));
                stale.generation = Math.max(-1, stale.generation - 1 - random.nextInt(2));
            }
        }
        return played;
    }

    private static Sim newMember(Random random, int n, List<String> topicNames, boolean same, Racks racks) {
        String memberId = "member-" + Integer.toHexString(random.nextInt()) + "-" + n;
        String instanceId = random.nextInt(4) == 0 ? "instance-" + random.nextInt(100) + "-" + n : null;
        Sim sim = new Sim(memberId, instanceId, same ? topicNames : randomTopics(random, topicNames));
        sim.rack = racks == null ? null : racks.randomMemberRack(random);
        return sim;
    }

    private static List<String> randomTopics(Random random, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String t : names) {
            if (random.nextBoolean()) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            out.add(names.get(random.nextInt(names.size())));
        }
        return out;
    }

    /**
     * Whether a member of an older generation than the group's (or than {@code assignorGeneration}, the highest a
     * long-lived assignor has seen) claims a partition of a topic it no longer subscribes to.
     */
    private static boolean previousOwnerOffTopic(List<Sim> members, int assignorGeneration) {
        int newest = assignorGeneration;
        for (Sim m : members) {
            newest = Math.max(newest, m.generation);
        }
        for (Sim m : members) {
            if (m.generation < newest && m.owned.stream().anyMatch(tp -> !m.topics.contains(tp.topic()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether every partition goes to at most one member, and to one subscribed to its topic. */
    static boolean subscribed(Map<String, List<TopicPartition>> assignment, List<Sim> members) {
        Set<TopicPartition> seen = new java.util.HashSet<>();
        for (Sim m : members) {
            for (TopicPartition tp : assignment.getOrDefault(m.memberId, List.of())) {
                if (!m.topics.contains(tp.topic()) || !seen.add(tp)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, Set<String>> normalize(Map<String, List<TopicPartition>> assignment) {
        Map<String, Set<String>> out = new TreeMap<>();
        assignment.forEach((m, parts) -> {
            Set<String> set = new TreeSet<>();
            parts.forEach(tp -> set.add(tp.toString()));
            assertThat(set).as("no duplicates for " + m).hasSize(parts.size());
            out.put(m, set);
        });
        return out;
    }

    private static ConsumerPartitionAssignor kafkaAssignor(AssignmentStrategy strategy) {
        return switch (strategy) {
            case RANGE -> new RangeAssignor();
            case ROUND_ROBIN -> new RoundRobinAssignor();
            case STICKY -> new StickyAssignor();
            case COOPERATIVE_STICKY -> new CooperativeStickyAssignor();
        };
    }

    static Map<String, List<TopicPartition>> assignSamsa(Assignor assignor, AssignmentStrategy strategy,
            Map<String, Integer> topics, Map<TopicPartition, List<Node>> replicas, List<Sim> members) {
        Map<String, Assignor.Member> input = new LinkedHashMap<>();
        for (Sim m : members) {
            byte[] userData = switch (strategy) {
                case STICKY -> m.generation < 0 ? null : m.stickyUserData;
                case COOPERATIVE_STICKY -> ByteBuffer.allocate(4).putInt(m.generation).array();
                default -> null;
            };
            List<TopicPartition> owned = strategy == AssignmentStrategy.STICKY ? List.of() : m.owned;
            input.put(m.memberId, new Assignor.Member(m.memberId, m.instanceId, new ConsumerProtocol.Subscription(
                    m.topics, userData, owned, strategy == AssignmentStrategy.STICKY ? -1 : m.generation, m.rack)));
        }
        Map<TopicPartition, Set<String>> partitionRacks = new HashMap<>();
        replicas.forEach((tp, nodes) -> {
            Set<String> racks = new java.util.HashSet<>();
            nodes.forEach(n -> {
                if (n.rack() != null) {
                    racks.add(n.rack());
                }
            });
            partitionRacks.put(tp, racks);
        });
        return replicas.isEmpty() ? assignor.assign(new HashMap<>(topics), input)
                : assignor.assign(new HashMap<>(topics), partitionRacks, input);
    }

    /**
     * {@link #assignKafka} on a thread of its own, stopped if it has not returned within {@code timeoutMs}: the
     * official sticky assignors loop forever on rare inputs, and their loop cannot be interrupted.
     *
     * @return the official assignment, or null if the official assignor did not return in time
     */
    @SuppressWarnings("deprecation") // Thread.stop: the only way to end a loop that never checks for interruption
    private static Map<String, List<TopicPartition>> assignKafkaWithin(long timeoutMs,
            ConsumerPartitionAssignor assignor, AssignmentStrategy strategy, Map<String, Integer> topics,
            Map<TopicPartition, List<Node>> replicas, List<Node> brokers, List<Sim> members) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(assignKafka(assignor, strategy, topics, replicas, brokers, members));
            } catch (RuntimeException e) {
                result.set(e);
            }
        }, "official-assignor");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(timeoutMs);
            if (thread.isAlive()) {
                thread.stop();
                thread.join();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (result.get() instanceof RuntimeException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        Map<String, List<TopicPartition>> assignment = (Map<String, List<TopicPartition>>) result.get();
        return assignment;
    }

    private static Map<String, List<TopicPartition>> assignKafka(ConsumerPartitionAssignor assignor,
            AssignmentStrategy strategy, Map<String, Integer> topics, Map<TopicPartition, List<Node>> replicas,
            List<Node> brokers, List<Sim> members) {
        Map<String, ConsumerPartitionAssignor.Subscription> subscriptions = new HashMap<>();
        for (Sim m : members) {
            ByteBuffer userData = switch (strategy) {
                case STICKY -> m.generation < 0 ? null : ByteBuffer.wrap(m.stickyUserData);
                case COOPERATIVE_STICKY -> ByteBuffer.allocate(4).putInt(0, m.generation);
                default -> null;
            };
            List<org.apache.kafka.common.TopicPartition> owned = new ArrayList<>();
            if (strategy != AssignmentStrategy.STICKY) {
                m.owned.forEach(tp -> owned.add(new org.apache.kafka.common.TopicPartition(tp.topic(),
                        tp.partition())));
            }
            ConsumerPartitionAssignor.Subscription sub = new ConsumerPartitionAssignor.Subscription(m.topics,
                    userData, owned, strategy == AssignmentStrategy.STICKY ? -1 : m.generation,
                    Optional.ofNullable(m.rack));
            sub.setGroupInstanceId(Optional.ofNullable(m.instanceId));
            subscriptions.put(m.memberId, sub);
        }
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        topics.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                List<Node> r = replicas.get(new TopicPartition(t, p));
                Node[] nodes = r == null ? new Node[] {node} : r.toArray(new Node[0]);
                partitions.add(new PartitionInfo(t, p, nodes.length == 0 ? null : nodes[0], nodes, nodes));
            }
        });
        Cluster cluster = new Cluster("c", brokers.isEmpty() ? List.of(node) : brokers, partitions, Set.of(),
                Set.of());
        Map<String, List<TopicPartition>> out = new HashMap<>();
        assignor.assign(cluster, new ConsumerPartitionAssignor.GroupSubscription(subscriptions)).groupAssignment()
                .forEach((m, a) -> {
                    List<TopicPartition> list = new ArrayList<>();
                    a.partitions().forEach(tp -> list.add(new TopicPartition(tp.topic(), tp.partition())));
                    out.put(m, list);
                });
        return out;
    }

    private static Sim sim(String id, List<String> topics, int generation, TopicPartition... owned) {
        Sim m = new Sim(id, null, topics);
        m.generation = generation;
        m.owned = List.of(owned);
        m.stickyUserData = dev.samsa.internal.consumer.StickyAssignor.encode(m.owned, generation);
        return m;
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    /**
     * A member of an older generation claims a partition of a topic it no longer subscribes to, and is set aside
     * from the general balancing (it has every partition of the one topic only it subscribes to). Balancing used to
     * look up that previous owner's assignment and throw a NullPointerException, as Kafka 4.1.1's assignor does.
     */
    @ParameterizedTest
    @EnumSource(value = AssignmentStrategy.class, names = {"STICKY", "COOPERATIVE_STICKY"})
    void previousOwnerSetAsideFromBalancingDoesNotFailTheAssignment(AssignmentStrategy strategy) {
        Map<String, Integer> topics = Map.of("t", 4, "u", 1);
        List<Sim> members = List.of(sim("a", List.of("t"), 2, tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3)),
                sim("b", List.of("t"), 2), sim("f", List.of("u"), 1, tp("t", 0), tp("u", 0)));
        Map<String, List<TopicPartition>> samsa = assignSamsa(Assignor.of(strategy), strategy, topics, Map.of(),
                members);
        // t balanced between its two subscribers (cooperative: the two moving to b are revoked first), u stays
        Map<String, Set<String>> expected = strategy == AssignmentStrategy.STICKY
                ? Map.of("a", Set.of("t-2", "t-3"), "b", Set.of("t-0", "t-1"), "f", Set.of("u-0"))
                : Map.of("a", Set.of("t-2", "t-3"), "b", Set.of(), "f", Set.of("u-0"));
        assertThat(normalize(samsa)).isEqualTo(expected);
        // the official assignor fails on this input
        assertThatThrownBy(() -> assignKafka(kafkaAssignor(strategy), strategy,
                topics, Map.of(), List.of(), members)).isInstanceOf(NullPointerException.class);
    }

    /**
     * The input on which the random rack scenarios found the NullPointerException (seed 3452325920117517120 from
     * index 98, round 3): member 0, of an older generation, claims two partitions of topic v0, now subscribes only to
     * r1, which nobody else subscribes to, so it is set aside from balancing.
     */
    @Test
    void withRacksPreviousOwnerSetAsideFromBalancingDoesNotFailTheAssignment() {
        AssignmentStrategy strategy = AssignmentStrategy.COOPERATIVE_STICKY;
        Map<String, Integer> topics = new TreeMap<>(Map.of("topicr1", 7, "topicv0", 7));
        List<Sim> members = List.of(sim("member-0", List.of("topicr1"), 0, tp("topicv0", 1), tp("topicv0", 6)),
                sim("member-1", List.of("topicv0"), 2, tp("topicv0", 0), tp("topicv0", 3)),
                sim("member-2", List.of("topicv0"), 2, tp("topicv0", 2)),
                sim("member-3", List.of("topicv0"), 2, tp("topicv0", 5)),
                sim("member-4", List.of("topicv0"), 2));
        String[] racks = {"rack-0", "", "rack-1", "rack-2", "rack-1"};
        for (int i = 0; i < racks.length; i++) {
            members.get(i).rack = racks[i];
        }
        List<Node> brokers = List.of(new Node(0, "localhost", 9092, null), new Node(1, "localhost", 9093, "rack-1"),
                new Node(2, "localhost", 9094, "rack-0"));
        int[][][] replicaIds = {
            {{1, 0}, {0}, {2}, {2}, {1, 2}, {2}, {}}, // topicr1-0..6
            {{1}, {2}, {0, 2, 1}, {2, 1, 0}, {2, 1}, {0}, {2, 0}}}; // topicv0-0..6
        Map<TopicPartition, List<Node>> replicas = new TreeMap<>(Assignor.PARTITION_ORDER);
        for (int t = 0; t < 2; t++) {
            for (int p = 0; p < 7; p++) {
                List<Node> nodes = new ArrayList<>();
                for (int id : replicaIds[t][p]) {
                    nodes.add(brokers.get(id));
                }
                replicas.put(tp(t == 0 ? "topicr1" : "topicv0", p), nodes);
            }
        }
        Map<String, List<TopicPartition>> samsa = assignSamsa(Assignor.of(strategy), strategy, topics, replicas,
                members);
        assertThat(subscribed(samsa, members)).isTrue();
        // v0 balanced over its four subscribers; the partitions changing owner are revoked first (cooperative)
        assertThat(normalize(samsa)).isEqualTo(Map.of(
                "member-0", Set.of("topicr1-0", "topicr1-1", "topicr1-2", "topicr1-3", "topicr1-4", "topicr1-5",
                        "topicr1-6"),
                "member-1", Set.of(), "member-2", Set.of("topicv0-2"), "member-3", Set.of(),
                "member-4", Set.of("topicv0-4")));
        assertThatThrownBy(() -> assignKafka(kafkaAssignor(strategy), strategy, topics, replicas, brokers, members))
                .isInstanceOf(NullPointerException.class);
    }

    /**
     * The same, but the old owner takes part in balancing (another member shares its topic): the partition must not
     * go back to it, since it no longer subscribes to its topic. Kafka 4.1.1's cooperative-sticky assignor gives it
     * back.
     */
    @Test
    void partitionDoesNotGoBackToAPreviousOwnerNoLongerSubscribed() {
        AssignmentStrategy strategy = AssignmentStrategy.COOPERATIVE_STICKY;
        Map<String, Integer> topics = Map.of("t", 4, "u", 2);
        List<Sim> members = List.of(sim("a", List.of("t"), 2, tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3)),
                sim("b", List.of("t"), 2), sim("f", List.of("u"), 1, tp("t", 0)),
                sim("g", List.of("u"), 2, tp("u", 0), tp("u", 1)));
        Map<String, List<TopicPartition>> samsa = assignSamsa(Assignor.of(strategy), strategy, topics, Map.of(),
                members);
        for (Sim m : members) {
            assertThat(samsa.get(m.memberId)).as(m.memberId).allMatch(p -> m.topics.contains(p.topic()));
        }
        Map<String, List<TopicPartition>> kafka = assignKafka(kafkaAssignor(strategy), strategy, topics, Map.of(),
                List.of(), members);
        assertThat(kafka.get("f")).contains(tp("t", 0));
    }

    @Test
    void subscriptionAndAssignmentBytesMatchTheOfficialEncoding() {
        List<TopicPartition> owned = List.of(new TopicPartition("b", 1), new TopicPartition("a", 0),
                new TopicPartition("b", 0));
        ConsumerProtocol.Subscription ours = new ConsumerProtocol.Subscription(List.of("a", "b"), new byte[] {1, 2},
                owned, 7, "rack-1");
        List<org.apache.kafka.common.TopicPartition> kOwned = owned.stream()
                .map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition())).toList();
        ByteBuffer theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(
                List.of("a", "b"), ByteBuffer.wrap(new byte[] {1, 2}), kOwned, 7, Optional.of("rack-1")));
        assertThat(ConsumerProtocol.serializeSubscription(ours)).isEqualTo(bytes(theirs));

        byte[] ourAssignment = ConsumerProtocol.serializeAssignment(owned, null);
        ByteBuffer theirAssignment = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(
                new ConsumerPartitionAssignor.Assignment(kOwned));
        assertThat(ourAssignment).isEqualTo(bytes(theirAssignment));

        // and each side reads the other's
        var back = ConsumerProtocol.deserializeSubscription(bytes(theirs));
        assertThat(back.topics()).containsExactly("a", "b");
        assertThat(back.ownedPartitions()).containsExactly(new TopicPartition("a", 0), new TopicPartition("b", 0),
                new TopicPartition("b", 1));
        assertThat(back.generationId()).isEqualTo(7);
        assertThat(back.rackId()).isEqualTo("rack-1");
        // grouped by topic in order of first appearance, as the official client groups them
        assertThat(ConsumerProtocol.deserializeAssignment(bytes(theirAssignment))).containsExactly(
                new TopicPartition("b", 1), new TopicPartition("b", 0), new TopicPartition("a", 0));
        assertThat(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(
                ByteBuffer.wrap(ourAssignment)).partitions()).containsExactlyInAnyOrderElementsOf(kOwned);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
