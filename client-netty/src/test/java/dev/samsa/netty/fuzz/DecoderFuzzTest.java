package dev.samsa.netty.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.CompressionType;
import dev.samsa.internal.protocol.ApiKey;
import dev.samsa.netty.fuzz.Targets.MessageCase;
import dev.samsa.netty.fuzz.Targets.Outcome;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based mutation fuzzing of every decoder that reads a broker's bytes: (a) response frames through a live
 * {@code BrokerConnection} (framing, correlation, header, body), (b) every generated response class's
 * {@code read()}, (c) record batches of every codec. Each starts from valid encodings of random messages and batches
 * and applies 1-4 mutations (see {@link Mutation}); jqwik shrinks a failure to the smallest edit list. The seeds are
 * fixed, so CI runs the same short campaign every time (a few seconds); {@link FuzzCampaign} runs millions.
 */
class DecoderFuzzTest {
    private static final List<ApiKey> APIS = Targets.sendableApis();
    private static FrameHarness harness;

    @BeforeContainer
    static void startHarness() throws InterruptedException {
        harness = new FrameHarness();
    }

    @AfterContainer
    static void stopHarness() {
        harness.close();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.lists();
    }

    @Example
    void unmutatedSeedsDecode() {
        assertThat(APIS).hasSizeGreaterThan(50).contains(ApiKey.METADATA, ApiKey.FETCH, ApiKey.PRODUCE);
        for (ApiKey api : APIS) {
            assertThat(harness.run(api, FrameHarness.responseFrame(api, 1))).as(api.title()).isEqualTo(Outcome.DECODED);
        }
        for (MessageCase c : Targets.RESPONSES) {
            assertThat(Targets.decodeResponse(c, Targets.responseSeed(c, 7))).as(c.toString())
                    .isEqualTo(Outcome.DECODED);
        }
        for (CompressionType codec : CompressionType.values()) {
            assertThat(Targets.decodeBatches(Targets.batchSeed(codec, 3), false)).isEqualTo(Outcome.DECODED);
        }
    }

    @Property(tries = 400, seed = "20251122")
    void responseFramesEndDecodedOrInATypedError(@ForAll @IntRange(min = 0, max = 10_000) int apiPick,
            @ForAll long messageSeed, @ForAll("mutations") List<Mutation> mutations) {
        ApiKey api = APIS.get(apiPick % APIS.size());
        byte[] input = Mutation.apply(FrameHarness.responseFrame(api, messageSeed), mutations);

        assertThat(harness.run(api, input)).isIn(Outcome.DECODED, Outcome.CORRUPT_FRAME, Outcome.DISCONNECTED);
    }

    @Property(tries = 100, seed = "20251123")
    void randomBytesAsAResponseFrameEndInATypedError(@ForAll @IntRange(min = 0, max = 10_000) int apiPick,
            @ForAll @Size(max = 200) byte[] input) {
        assertThat(harness.run(APIS.get(apiPick % APIS.size()), input))
                .isIn(Outcome.DECODED, Outcome.CORRUPT_FRAME, Outcome.DISCONNECTED);
    }

    @Property(tries = 4000, seed = "20251124")
    void everyResponseClassReadsOrThrowsProtocolException(@ForAll @IntRange(min = 0, max = 100_000) int casePick,
            @ForAll long messageSeed, @ForAll("mutations") List<Mutation> mutations) {
        MessageCase c = Targets.RESPONSES.get(casePick % Targets.RESPONSES.size());
        byte[] input = Mutation.apply(Targets.responseSeed(c, messageSeed), mutations);

        assertThat(Targets.decodeResponse(c, input))
                .isIn(Outcome.DECODED, Outcome.PROTOCOL_EXCEPTION, Outcome.UNSUPPORTED_VERSION);
    }

    @Property(tries = 1000, seed = "20251125")
    void randomBytesAsAnyResponseThrowOnlyProtocolException(@ForAll @IntRange(min = 0, max = 100_000) int casePick,
            @ForAll @Size(max = 300) byte[] input) {
        MessageCase c = Targets.RESPONSES.get(casePick % Targets.RESPONSES.size());
        assertThat(Targets.decodeResponse(c, input))
                .isIn(Outcome.DECODED, Outcome.PROTOCOL_EXCEPTION, Outcome.UNSUPPORTED_VERSION);
    }

    @Property(tries = 1500, seed = "20251126")
    void recordBatchesOfEveryCodecReadOrThrowCorruptRecord(@ForAll CompressionType codec, @ForAll long batchSeed,
            @ForAll("mutations") List<Mutation> mutations, @ForAll boolean fixCrc) {
        byte[] input = Mutation.apply(Targets.batchSeed(codec, batchSeed), mutations);

        assertThat(Targets.decodeBatches(input, fixCrc)).isIn(Outcome.DECODED, Outcome.CORRUPT_RECORD);
    }
}
