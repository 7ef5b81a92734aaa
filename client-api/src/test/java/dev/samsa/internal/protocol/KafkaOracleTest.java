package dev.samsa.internal.protocol;

import dev.samsa.errors.UnsupportedVersionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samsa.internal.protocol.message.RandomMessages;
import io.netty.buffer.Unpooled;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every generated message, at every version it defines, against Kafka's own client: random instances encoded
 * by Samsa must decode with Kafka's class and re-encode to the same bytes; Samsa must decode its own bytes back to an
 * equal instance; {@code size()} must match what {@code write()} produced. Also the reverse direction (Kafka's
 * default instances) and writing an instance at a lower version than it was built for, where both clients must
 * agree on which fields may be dropped and which make the write fail.
 *
 * <p>Seeded and reproducible: the base seed is {@code -Dsamsa.seed} (default below), and every failure names the
 * seed of the instance that failed.
 */
class KafkaOracleTest {
    private static final long BASE_SEED = Long.getLong("samsa.seed", 20251121L);
    private static final int INSTANCES_PER_VERSION = 6;
    private static final AtomicInteger COMBINATIONS = new AtomicInteger();
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static Stream<String> names() {
        return RandomMessages.NAMES.stream();
    }

    @AfterAll
    static void report() {
        System.out.println("KafkaOracleTest: base seed " + BASE_SEED + ", " + COMBINATIONS.get()
                + " message/version combinations, " + INSTANCES.get() + " random instances checked against"
                + " kafka-clients");
    }

    @Test
    void everyMessageIsChecked() {
        // Kafka dropped the classes of APIs with no version left; every other definition has an official twin.
        for (String name : RandomMessages.NAMES) {
            Message m = RandomMessages.newInstance(name);
            boolean hasVersions = m.lowestSupportedVersion() <= m.highestSupportedVersion();
            assertThat(OfficialClient.exists(name)).as(name).isEqualTo(hasVersions);
        }
        assertThat(RandomMessages.NAMES).hasSize(197);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void randomInstancesMatchTheOfficialEncoding(String name) {
        Message template = RandomMessages.newInstance(name);
        for (short v = template.lowestSupportedVersion(); v <= template.highestSupportedVersion(); v++) {
            COMBINATIONS.incrementAndGet();
            for (int i = 0; i < INSTANCES_PER_VERSION; i++) {
                long seed = seed(name, v, i);
                try {
                    checkRoundTrip(name, v, seed);
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError(name + " v" + v + " seed " + seed + ": " + e, e);
                }
                INSTANCES.incrementAndGet();
            }
        }
    }

    private static void checkRoundTrip(String name, short version, long seed) {
        Message ours = RandomMessages.random(name, version, new Random(seed));
        byte[] bytes = OfficialClient.encode(ours, version);

        org.apache.kafka.common.protocol.Message official = OfficialClient.decode(name, bytes, version);
        assertThat(OfficialClient.encode(official, version)).as("official re-encoding").isEqualTo(bytes);
        assertThat(official.size(new org.apache.kafka.common.protocol.ObjectSerializationCache(), version))
                .as("official size").isEqualTo(bytes.length);

        var in = Unpooled.wrappedBuffer(bytes);
        Message decoded = RandomMessages.read(name, in, version);
        assertThat(in.readableBytes()).as("bytes left after our decode").isZero();
        assertThat(decoded).as("our decode").isEqualTo(ours);
        assertThat(decoded.hashCode()).isEqualTo(ours.hashCode());
        assertThat(OfficialClient.encode(decoded, version)).as("our re-encoding").isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void officialDefaultInstancesDecodeWithOurs(String name) {
        Message ourDefault = RandomMessages.newInstance(name);
        for (short v = ourDefault.lowestSupportedVersion(); v <= ourDefault.highestSupportedVersion(); v++) {
            short version = v;
            byte[] bytes;
            try {
                bytes = OfficialClient.encode(OfficialClient.newInstance(name), version);
            } catch (RuntimeException officialFailure) {
                // Kafka cannot write its own default here (a null where the version wants a value): nor can we.
                assertThatThrownBy(() -> OfficialClient.encode(ourDefault, version)).as(name + " v" + version)
                        .isInstanceOfAny(UnsupportedVersionException.class, NullPointerException.class);
                continue;
            }
            Message decoded = RandomMessages.read(name, Unpooled.wrappedBuffer(bytes), version);
            assertThat(decoded).as(name + " v" + version + ": defaults agree").isEqualTo(ourDefault);
            assertThat(OfficialClient.encode(decoded, version)).as(name + " v" + version).isEqualTo(bytes);
            assertThat(OfficialClient.encode(ourDefault, version)).as(name + " v" + version).isEqualTo(bytes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void writingAtALowerVersionDropsOrRejectsFieldsLikeTheOfficialClient(String name) {
        Message template = RandomMessages.newInstance(name);
        short highest = template.highestSupportedVersion();
        for (int i = 0; i < 3 && template.lowestSupportedVersion() <= highest; i++) {
            long seed = seed(name, highest, 100 + i);
            Message ours = RandomMessages.random(name, highest, new Random(seed));
            org.apache.kafka.common.protocol.Message official =
                    OfficialClient.decode(name, OfficialClient.encode(ours, highest), highest);
            for (short v = template.lowestSupportedVersion(); v < highest; v++) {
                String what = name + " v" + highest + " written at v" + v + ", seed " + seed;
                byte[] expected;
                try {
                    expected = OfficialClient.encode(official, v);
                } catch (RuntimeException officialFailure) {
                    short version = v;
                    assertThatThrownBy(() -> OfficialClient.encode(ours, version)).as(what + " (official: "
                            + officialFailure + ")").isInstanceOfAny(UnsupportedVersionException.class,
                            NullPointerException.class);
                    continue;
                }
                try {
                    assertThat(OfficialClient.encode(ours, v)).as(what).isEqualTo(expected);
                } catch (UnsupportedVersionException e) {
                    throw new AssertionError(what + ": the official client writes it, we threw " + e, e);
                }
            }
        }
    }

    private static long seed(String name, short version, int instance) {
        return BASE_SEED * 1_000_003L + name.hashCode() * 31L * 31L + version * 31L + instance;
    }
}
