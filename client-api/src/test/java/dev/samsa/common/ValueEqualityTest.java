package dev.samsa.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TopicPartition} and {@link Node} write their own equals / hashCode (instead of the record's generated ones,
 * for the hot paths): the same equality and the same hash codes as a record with the same components, so map and
 * set iteration orders stay what they were.
 */
class ValueEqualityTest {
    private record GeneratedTopicPartition(String topic, int partition) {
    }

    private record GeneratedNode(int id, String host, int port, String rack) {
    }

    @Test
    void topicPartitionMatchesTheGeneratedRecordMethods() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of("", "orders", "orders-eu", "ä-topic")) {
            for (int p : new int[] {0, 1, 7, 1000, Integer.MAX_VALUE}) {
                TopicPartition tp = new TopicPartition(topic, p);
                assertThat(tp.hashCode()).isEqualTo(new GeneratedTopicPartition(topic, p).hashCode());
                assertThat(tp).isEqualTo(new TopicPartition(new String(topic), p)).isNotEqualTo(null)
                        .isNotEqualTo(new GeneratedTopicPartition(topic, p));
                all.add(tp);
            }
        }
        for (TopicPartition a : all) {
            for (TopicPartition b : all) {
                assertThat(a.equals(b)).isEqualTo(a.topic().equals(b.topic()) && a.partition() == b.partition());
            }
        }
    }

    @Test
    void nodeMatchesTheGeneratedRecordMethods() {
        List<Node> all = new ArrayList<>();
        for (int id : new int[] {-1, 0, 3}) {
            for (String host : List.of("127.0.0.1", "broker-1.example")) {
                for (int port : new int[] {0, 9092}) {
                    for (String rack : new String[] {null, "rack-a"}) {
                        Node n = new Node(id, host, port, rack);
                        assertThat(n.hashCode()).isEqualTo(new GeneratedNode(id, host, port, rack).hashCode());
                        assertThat(n).isEqualTo(new Node(id, new String(host), port,
                                rack == null ? null : new String(rack)));
                        all.add(n);
                    }
                }
            }
        }
        for (Node a : all) {
            for (Node b : all) {
                assertThat(a.equals(b)).isEqualTo(a.id() == b.id() && a.host().equals(b.host())
                        && a.port() == b.port() && java.util.Objects.equals(a.rack(), b.rack()));
            }
        }
    }
}
