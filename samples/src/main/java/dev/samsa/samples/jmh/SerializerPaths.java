package dev.samsa.samples.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samsa.serde.Serializer;
import dev.samsa.serde.Serializers;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The serializer paths a {@code send} takes for a value: UTF-8 strings (Samsa's {@link Serializers#forString()} vs
 * the official {@link StringSerializer}) and JSON of a small record (Samsa's {@link Serializers#json()} vs what an
 * official-client application writes, since kafka-clients ships no JSON serializer: a
 * {@code Serializer} calling Jackson's {@code ObjectMapper.writeValueAsBytes} with a shared mapper).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerializerPaths {
    /** A sign-up event, as the quickstart sends. */
    public record SignUp(String name, String email, String country, long signupTime) {
    }

    private String text;
    private SignUp event;
    private Serializer<String> samsaString;
    private StringSerializer kafkaString;
    private Serializer<SignUp> samsaJson;
    private org.apache.kafka.common.serialization.Serializer<SignUp> kafkaJson;

    /** The value, the event and the four serializers. */
    @Setup
    public void setUp() {
        text = "user-42 signed up from Lisboa at 2026-11-22T01:00:00Z with plan=free; ref=newsletter-11";
        event = new SignUp("Ada Lovelace", "ada@example.com", "PT", 1_795_000_000_000L);
        samsaString = Serializers.forString();
        kafkaString = new StringSerializer();
        samsaJson = Serializers.json();
        ObjectMapper mapper = new ObjectMapper();
        kafkaJson = (topic, data) -> {
            try {
                return mapper.writeValueAsBytes(data);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new org.apache.kafka.common.errors.SerializationException(e);
            }
        };
    }

    /** Samsa's UTF-8 string serializer. */
    @Benchmark
    public byte[] stringSamsa() {
        return samsaString.serialize("t", text);
    }

    /** The official {@code StringSerializer}. */
    @Benchmark
    public byte[] stringKafka() {
        return kafkaString.serialize("t", text);
    }

    /** Samsa's Jackson-backed JSON serializer. */
    @Benchmark
    public byte[] jsonSamsa() {
        return samsaJson.serialize("t", event);
    }

    /** A Jackson {@code writeValueAsBytes} serializer, as official-client applications write one. */
    @Benchmark
    public byte[] jsonKafkaWithJackson() {
        return kafkaJson.serialize("t", event);
    }
}
