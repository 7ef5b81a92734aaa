package dev.samsa.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.samsa.errors.SerializationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class SerdeTest {
    private static final String T = "topic";

    /** Same bytes as Kafka's serializer, and Kafka's deserializer reads ours back. */
    private static <S> void matchesKafka(Serializer<S> ours, Deserializer<S> ourDe,
            org.apache.kafka.common.serialization.Serde<S> kafka, S value) {
        byte[] bytes = ours.serialize(T, value);
        assertThat(bytes).isEqualTo(kafka.serializer().serialize(T, value));
        assertThat(kafka.deserializer().deserialize(T, bytes)).isEqualTo(value);
        assertThat(ourDe.deserialize(T, bytes)).isEqualTo(value);
        assertThat(ours.serialize(T, null)).isNull();
        assertThat(ourDe.deserialize(T, null)).isNull();
    }

    @Test
    void builtInsMatchKafkasFormats() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            matchesKafka(Serializers.forInteger(), Deserializers.forInteger(), Serdes.Integer(), random.nextInt());
            matchesKafka(Serializers.forLong(), Deserializers.forLong(), Serdes.Long(), random.nextLong());
            matchesKafka(Serializers.forShort(), Deserializers.forShort(), Serdes.Short(),
                    (short) random.nextInt());
            matchesKafka(Serializers.forDouble(), Deserializers.forDouble(), Serdes.Double(), random.nextDouble());
            matchesKafka(Serializers.forFloat(), Deserializers.forFloat(), Serdes.Float(), random.nextFloat());
            matchesKafka(Serializers.forUuid(), Deserializers.forUuid(), Serdes.UUID(), UUID.randomUUID());
            matchesKafka(Serializers.forString(), Deserializers.forString(), Serdes.String(),
                    "héllo \uD83D\uDE00 " + random.nextInt());
        }
        byte[] raw = {1, 2, 3};
        assertThat(Serializers.forByteArray().serialize(T, raw)).isSameAs(raw);
        assertThat(Deserializers.forByteArray().deserialize(T, raw)).isSameAs(raw);
    }

    /** The consumer recognises these by identity (it then builds records at once): one instance each. */
    @Test
    void byteArrayAndUtf8StringDeserializersAreSingletons() {
        assertThat(Deserializers.forByteArray()).isSameAs(Deserializers.forByteArray());
        assertThat(Deserializers.forString()).isSameAs(Deserializers.forString())
                .isSameAs(Deserializers.forString(StandardCharsets.UTF_8));
        assertThat(Deserializers.forString(StandardCharsets.ISO_8859_1)).isNotSameAs(Deserializers.forString());
        assertThat(Deserializers.forString().deserialize("t", new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF}))
                .isEqualTo("\u00e9\ufffd");
        assertThat(Deserializers.forString().deserialize("t", null)).isNull();
        assertThat(Deserializers.forString(StandardCharsets.ISO_8859_1).deserialize("t", new byte[] {(byte) 0xE9}))
                .isEqualTo("\u00e9");
    }

    @Test
    void byteBufferSerializesPositionToLimitWithoutMovingIt() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9});
        buffer.position(1).limit(4);
        assertThat(Serializers.forByteBuffer().serialize(T, buffer)).containsExactly(1, 2, 3);
        assertThat(buffer.position()).isEqualTo(1);
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 7).put((byte) 8).flip();
        assertThat(Serializers.forByteBuffer().serialize(T, direct)).containsExactly(7, 8);
        assertThat(Deserializers.forByteBuffer().deserialize(T, new byte[] {5}).get()).isEqualTo((byte) 5);
    }

    @Test
    void wrongSizesFailNamingTopicAndSizes() {
        assertThatThrownBy(() -> Deserializers.forInteger().deserialize("orders", new byte[3]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orders")
                .hasMessageContaining("3 bytes").hasMessageContaining("Integer needs 4");
        assertThatThrownBy(() -> Deserializers.forLong().deserialize("orders", new byte[9]))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> Deserializers.forUuid().deserialize("orders", "nope".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a UUID");
    }

    record Order(String orderId, int quantity) {
    }

    @Test
    void jsonRoundTripsWithDefaultAndUserMappers() {
        Order order = new Order("o-1", 3);
        byte[] json = Serializers.<Order>json().serialize(T, order);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\",\"quantity\":3}");
        assertThat(Deserializers.json(Order.class).deserialize(T, json)).isEqualTo(order);

        ObjectMapper snake = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        byte[] snakeJson = Serializers.<Order>json(snake).serialize(T, order);
        assertThat(new String(snakeJson, StandardCharsets.UTF_8)).contains("\"order_id\"");
        assertThat(Deserializers.json(snake, Order.class).deserialize(T, snakeJson)).isEqualTo(order);

        List<Map<String, Integer>> generic = Deserializers.json(new ObjectMapper(),
                new TypeReference<List<Map<String, Integer>>>() { }).deserialize(T, "[{\"a\":1}]".getBytes());
        assertThat(generic).containsExactly(Map.of("a", 1));
    }

    @Test
    void jsonFailuresAreSerializationExceptionsNamingTheTopic() {
        assertThatThrownBy(() -> Deserializers.json(Order.class).deserialize("orders", "{not json".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orders")
                .hasMessageContaining(Order.class.getName());
        Object unserializable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> Serializers.json().serialize("orders", unserializable))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orders");
    }

    @Test
    void userDefinedSerializersAreLambdas() {
        Serializer<Integer> decimal = (topic, data) -> data == null ? null
                : Integer.toString(data).getBytes(StandardCharsets.US_ASCII);
        Deserializer<Integer> parse = (topic, data) -> data == null ? null
                : Integer.parseInt(new String(data, StandardCharsets.US_ASCII));
        assertThat(parse.deserialize(T, List.of(), decimal.serialize(T, List.of(), 1234))).isEqualTo(1234);
    }
}
