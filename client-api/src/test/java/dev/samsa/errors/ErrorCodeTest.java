package dev.samsa.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link ErrorCode} against the official client's {@code Errors} table (kafka-clients, test scope only).
 */
class ErrorCodeTest {

    @ParameterizedTest
    @EnumSource(Errors.class)
    void everyOfficialCodeHasTheSameNameCodeAndRetriability(Errors official) {
        assertThat(ErrorCode.isKnown(official.code())).as("known: %s", official).isTrue();
        ErrorCode ours = ErrorCode.forCode(official.code());

        assertThat(ours.name()).isEqualTo(official.name());
        assertThat(ours.code()).isEqualTo(official.code());
        assertThat(ours.isRetriable())
                .as("retriable: %s", official)
                .isEqualTo(official.exception() instanceof org.apache.kafka.common.errors.RetriableException);
    }

    @ParameterizedTest
    @EnumSource(Errors.class)
    void everyOfficialCodeMapsToAnExceptionOfTheSameNameAndLineage(Errors official) {
        ErrorCode ours = ErrorCode.forCode(official.code());
        Throwable theirs = official.exception();
        if (theirs == null) {
            assertThat(ours).isEqualTo(ErrorCode.NONE);
            assertThat(ours.exception()).isNull();
            return;
        }

        ApiException mine = ours.exception();
        assertThat(mine.getClass().getSimpleName()).isEqualTo(theirs.getClass().getSimpleName());
        // Same ancestors (by simple name) up to the ApiException / KafkaException boundary.
        assertThat(lineage(mine.getClass(), ApiException.class))
                .isEqualTo(lineage(theirs.getClass(), org.apache.kafka.common.errors.ApiException.class));
        assertThat(mine).isInstanceOf(SamsaException.class);
        assertThat(mine instanceof RetriableException).isEqualTo(ours.isRetriable());
    }

    @Test
    void everyCodeOfOursExistsOfficially() {
        for (ErrorCode ours : ErrorCode.values()) {
            Errors official = Errors.forCode(ours.code());
            assertThat(official.name()).as("official name of code %d", ours.code()).isEqualTo(ours.name());
        }
        assertThat(ErrorCode.values()).hasSameSizeAs(Errors.values());
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void exceptionCarriesTheMessageTheCodeAndTheType(ErrorCode code) {
        String message = "Failure on topic 'orders' partition 3 (" + code + ")";
        ApiException e = code.exception(message);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.errorCode()).isSameAs(code);
        assertThat(e.getCause()).isNull();
        assertThat(e.getClass()).isSameAs(code.exception().getClass());
        assertThat(ErrorCode.forException(e)).isSameAs(code);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void withoutAMessageTheExceptionUsesTheDescription(ErrorCode code) {
        assertThat(code.exception().getMessage()).isEqualTo(code.description());
        assertThat(code.exception(null).getMessage()).isEqualTo(code.description());
        assertThat(code.exception("  ").getMessage()).isEqualTo(code.description());
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void theCauseConstructorKeepsCodeMessageAndCause(ErrorCode code) throws Exception {
        Class<? extends ApiException> type = code.exception().getClass();
        Constructor<? extends ApiException> ctor = type.getConstructor(String.class, Throwable.class);
        IllegalStateException cause = new IllegalStateException("underlying");

        ApiException e = ctor.newInstance("Group 'billing' failed", cause);

        assertThat(e.getMessage()).isEqualTo("Group 'billing' failed");
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.errorCode()).isSameAs(code);
    }

    @Test
    void noneHasNoException() {
        assertThat(ErrorCode.NONE.code()).isZero();
        assertThat(ErrorCode.NONE.isRetriable()).isFalse();
        assertThat(ErrorCode.NONE.exception()).isNull();
        assertThat(ErrorCode.NONE.exception("ignored")).isNull();
        assertThat(ErrorCode.exceptionFor((short) 0, "ignored")).isNull();
        assertThat(ErrorCode.forException(null)).isSameAs(ErrorCode.NONE);
    }

    @Test
    void exceptionNamesTheEntity() {
        SamsaException e = ErrorCode.TOPIC_ALREADY_EXISTS.exception("Topic 'orders' already exists");

        assertThat(e).isInstanceOf(TopicExistsException.class).hasMessage("Topic 'orders' already exists");
        assertThat(((ApiException) e).errorCode()).isSameAs(ErrorCode.TOPIC_ALREADY_EXISTS);
    }

    @ParameterizedTest
    @ValueSource(shorts = {-32768, -2, 134, 999, 32767})
    void anUnknownCodeMapsToUnknownServerErrorAndKeepsTheRawCode(short raw) {
        assertThat(ErrorCode.isKnown(raw)).isFalse();
        assertThat(ErrorCode.forCode(raw)).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);

        ApiException e = ErrorCode.exceptionFor(raw, "Produce to 'orders-0' failed");

        assertThat(e).isInstanceOf(UnknownServerException.class);
        assertThat(e.errorCode()).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(((UnknownServerException) e).rawErrorCode()).isEqualTo(raw);
        assertThat(e.getMessage())
                .isEqualTo("Produce to 'orders-0' failed (unrecognised error code " + raw + ")");
        assertThat(ErrorCode.exceptionFor(raw, null).getMessage())
                .isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR.description() + " (unrecognised error code " + raw + ")");
    }

    @Test
    void exceptionForAKnownCodeBuildsItsType() {
        ApiException e = ErrorCode.exceptionFor((short) 6, "Partition 'orders-2' moved to broker 3");
        assertThat(e).isInstanceOf(NotLeaderOrFollowerException.class)
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessage("Partition 'orders-2' moved to broker 3");

        ApiException unknown = ErrorCode.exceptionFor((short) -1, null);
        assertThat(unknown).isInstanceOf(UnknownServerException.class);
        assertThat(((UnknownServerException) unknown).rawErrorCode()).isEqualTo((short) -1);
    }

    @Test
    void forExceptionFallsBackToUnknownServerError() {
        assertThat(ErrorCode.forException(new IllegalStateException("bug"))).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorCode.forException(new SerializationException("bad value")))
                .isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
        // Client-side conditions without a code.
        assertThat(ErrorCode.forException(new DisconnectException("node 1 lost")))
                .isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorCode.forException(new TimeoutException("metadata for 'orders' after 60000 ms")))
                .isSameAs(ErrorCode.REQUEST_TIMED_OUT);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void descriptionsAreOurOwnSentences(ErrorCode code) {
        assertThat(code.description()).isNotBlank().endsWith(".");
        if (code != ErrorCode.NONE) {
            assertThat(code.description()).isNotEqualTo(Errors.forCode(code.code()).message());
        }
    }

    /** Simple names of {@code type} and its superclasses, stopping before {@code root}. */
    private static List<String> lineage(Class<?> type, Class<?> root) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = type; c != root; c = c.getSuperclass()) {
            assertThat(c).as("%s descends from %s", type, root).isNotNull();
            names.add(c.getSimpleName());
        }
        return names;
    }
}
