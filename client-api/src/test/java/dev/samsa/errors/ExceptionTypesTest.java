package dev.samsa.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exception types themselves: the hierarchy against the official client's, and the client-side types.
 */
class ExceptionTypesTest {

    private static final List<String> KAFKA_PACKAGES =
            List.of("org.apache.kafka.common.errors.", "org.apache.kafka.common.", "org.apache.kafka.common.config.");

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void everyTypeWithAnOfficialCounterpartHasItsLineageAndRetriability() throws Exception {
        List<Class<?>> ours = typesInThisPackage();
        List<String> withoutCounterpart = new ArrayList<>();
        for (Class<?> type : ours) {
            if (!Throwable.class.isAssignableFrom(type)) {
                continue;
            }
            Class<?> theirs = officialCounterpart(type.getSimpleName());
            if (theirs == null) {
                withoutCounterpart.add(type.getSimpleName());
                continue;
            }
            assertThat(lineage(type)).as("lineage of %s", type.getSimpleName()).isEqualTo(lineage(theirs));
            assertThat(RetriableException.class.isAssignableFrom(type))
                    .as("retriable: %s", type.getSimpleName())
                    .isEqualTo(org.apache.kafka.common.errors.RetriableException.class.isAssignableFrom(theirs));
        }
        // Only the root differs in name (Kafka's is KafkaException).
        assertThat(withoutCounterpart).containsExactly("SamsaException");
        assertThat(ours).hasSizeGreaterThan(140);
    }

    @Test
    void retriableExceptionWithoutACodeIsStillAnApiException() {
        RetriableException e = new RetriableException("Connection to node 1 (127.0.0.1:9092) lost");

        assertThat(e).isInstanceOf(ApiException.class).isInstanceOf(SamsaException.class);
        assertThat(e.errorCode()).isNull();
        assertThat(new DisconnectException("node 1 lost", new java.io.IOException("reset")).errorCode()).isNull();
    }

    @Test
    void timeoutIsRetriableWithRequestTimedOut() {
        TimeoutException e = new TimeoutException("Metadata for topic 'orders' not available after 60000 ms");

        assertThat(e).isInstanceOf(RetriableException.class);
        assertThat(e.errorCode()).isSameAs(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(ErrorCode.REQUEST_TIMED_OUT.exception()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void corruptRecordMapsToCorruptMessage() {
        CorruptRecordException e = new CorruptRecordException("CRC mismatch in 'orders-0' at offset 42");
        CorruptRecordException withCause = new CorruptRecordException("bad batch", new IllegalStateException());

        assertThat(e.errorCode()).isSameAs(ErrorCode.CORRUPT_MESSAGE);
        assertThat(withCause.errorCode()).isSameAs(ErrorCode.CORRUPT_MESSAGE);
        assertThat(e).isInstanceOf(RetriableException.class);
    }

    @Test
    void authenticationFailuresNameTheirStep() {
        assertThat(new AuthenticationException("login failed").errorCode()).isNull();
        assertThat(new SslAuthenticationException("handshake with 127.0.0.1:9093 failed").errorCode()).isNull();
        assertThat(ErrorCode.SASL_AUTHENTICATION_FAILED.exception())
                .isInstanceOf(SaslAuthenticationException.class)
                .isInstanceOf(AuthenticationException.class)
                .isNotInstanceOf(RetriableException.class);
        assertThat(ErrorCode.UNSUPPORTED_SASL_MECHANISM.exception()).isInstanceOf(AuthenticationException.class);
        assertThat(ErrorCode.ILLEGAL_SASL_STATE.exception()).isInstanceOf(AuthenticationException.class);
        assertThat(ErrorCode.GROUP_AUTHORIZATION_FAILED.exception("Group 'billing' not authorized"))
                .isInstanceOf(AuthorizationException.class);
    }

    @Test
    void interruptExceptionResetsTheInterruptFlag() {
        Thread.interrupted();
        InterruptedException cause = new InterruptedException();

        InterruptException e = new InterruptException("Interrupted while waiting for buffer space", cause);

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(e).hasCause(cause).hasMessage("Interrupted while waiting for buffer space");
        assertThat(e).isNotInstanceOf(ApiException.class);

        Thread.interrupted();
        assertThat(new InterruptException(cause)).hasCause(cause);
        assertThat(Thread.interrupted()).isTrue();
        new InterruptException("flag found set during close");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void configExceptionNamesKeyValueAndWhatIsAccepted() {
        ConfigException e = new ConfigException("linger.ms", -1, ">= 0");

        assertThat(e).hasMessage("Invalid value -1 for configuration 'linger.ms' (expected: >= 0)");
        assertThat(e.key()).isEqualTo("linger.ms");
        assertThat(e.value()).isEqualTo("-1");
        assertThat(new ConfigException("bootstrap.servers", null, "a non-empty list of host:port").getMessage())
                .isEqualTo("Invalid value null for configuration 'bootstrap.servers' "
                        + "(expected: a non-empty list of host:port)");
        ConfigException crossField = new ConfigException("enable.idempotence requires acks=all, got acks=1");
        assertThat(crossField.key()).isNull();
        assertThat(crossField.value()).isNull();
        assertThatNullPointerException().isThrownBy(() -> new ConfigException(null, 1, ">= 0"));
    }

    @Test
    void serializationExceptionIsFatalAndHasNoCode() {
        SerializationException e = new SerializationException("Value of record in 'orders-1' at offset 7 failed",
                new IllegalArgumentException("not JSON"));

        assertThat(e).isNotInstanceOf(ApiException.class).isInstanceOf(SamsaException.class);
        assertThat(ErrorCode.forException(e)).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void exceptionsSurviveJavaSerializationWithTheirCode() throws Exception {
        UnknownServerException original = (UnknownServerException) ErrorCode.exceptionFor((short) 4242, "odd");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }

        assertThat(copy).isInstanceOf(UnknownServerException.class);
        assertThat(((UnknownServerException) copy).errorCode()).isSameAs(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(((UnknownServerException) copy).rawErrorCode()).isEqualTo((short) 4242);
    }

    private static Class<?> officialCounterpart(String simpleName) {
        Map<String, String> renamed = Map.of("SamsaException", "");
        if (renamed.containsKey(simpleName)) {
            return null;
        }
        for (String pkg : KAFKA_PACKAGES) {
            try {
                return Class.forName(pkg + simpleName);
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return null;
    }

    /** Simple names from the type up to the root, with the root named as ours. */
    private static List<String> lineage(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Class<?> c = type; c != RuntimeException.class; c = c.getSuperclass()) {
            names.add(c == org.apache.kafka.common.KafkaException.class ? "SamsaException" : c.getSimpleName());
        }
        return names;
    }

    private static List<Class<?>> typesInThisPackage() throws URISyntaxException, Exception {
        Path dir = Path.of(ErrorCode.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/samsa/errors");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
                    types.add(Class.forName("dev.samsa.errors." + file.substring(0, file.length() - 6)));
                }
            }
        }
        return types;
    }
}
