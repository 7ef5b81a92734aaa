package dev.samsa.internal.admin;

import dev.samsa.errors.ApiException;
import dev.samsa.errors.RetriableException;
import dev.samsa.errors.TimeoutException;
import dev.samsa.internal.metadata.Metadata;
import dev.samsa.time.Time;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin operation on a set of entities, retried per entity: each attempt is made for the entities still pending;
 * an entity whose outcome is retriable waits a jittered exponential backoff (KIP-580) and goes again, until
 * {@code retries} attempts or the call's deadline, whichever comes first. A timer fails whatever is still pending at
 * the deadline, even with a request in flight.
 *
 * <p>Thread-safe: attempts complete on transport threads, retries and the deadline run on the timer thread.
 *
 * @param <K> the entity key
 * @param <V> the per-entity value
 */
final class AdminCall<K, V> {
    private static final Logger log = LoggerFactory.getLogger(AdminCall.class);

    /**
     * One entity's outcome of one attempt: a value, a final error, or a retriable one.
     *
     * @param value the value when {@code error} is null
     * @param error the failure, or null
     * @param retry whether the failure may clear on another attempt
     */
    record Outcome<V>(V value, Throwable error, boolean retry) {
        static <V> Outcome<V> ok(V value) {
            return new Outcome<>(value, null, false);
        }

        static <V> Outcome<V> fail(Throwable error) {
            return new Outcome<>(null, error, false);
        }

        static <V> Outcome<V> retry(Throwable error) {
            return new Outcome<>(null, error, true);
        }

        /** Retriable if {@code error} is a {@link RetriableException}, final otherwise. */
        static <V> Outcome<V> of(Throwable error) {
            Throwable e = unwrap(error);
            return e instanceof RetriableException ? retry(e) : fail(e);
        }
    }

    private final String op;
    private final Time time;
    private final AdminSettings settings;
    private final long deadlineMs;
    private final long timeoutMs;
    private final Function<Set<K>, CompletableFuture<Map<K, Outcome<V>>>> attempt;
    private final Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
    private final Set<K> pending = new LinkedHashSet<>();
    private final Map<K, Throwable> lastErrors = new LinkedHashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int attempts;
    private Time.Timeout deadlineTimer;

    /**
     * @param op what the call does, for messages: e.g. {@code "CreateTopics"}
     * @param keys the entities, in order
     * @param timeoutMs how long the call may take, retries included
     * @param attempt makes one attempt for the given pending entities; its map may leave an entity out (retried)
     */
    AdminCall(String op, Iterable<K> keys, Time time, AdminSettings settings, long timeoutMs,
            Function<Set<K>, CompletableFuture<Map<K, Outcome<V>>>> attempt) {
        this.op = op;
        this.time = time;
        this.settings = settings;
        this.timeoutMs = timeoutMs;
        this.deadlineMs = nowMs() + timeoutMs;
        this.attempt = attempt;
        for (K k : keys) {
            futures.put(k, new CompletableFuture<>());
            pending.add(k);
        }
    }

    /** The futures, one per entity, in order. */
    Map<K, CompletableFuture<V>> futures() {
        return futures;
    }

    /** Completed once every entity's future completed. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Milliseconds left before the deadline, at least 0. */
    long remainingMs() {
        return Math.max(0, deadlineMs - nowMs());
    }

    /** Starts the first attempt (on the calling thread) and arms the deadline. */
    AdminCall<K, V> start() {
        if (futures.isEmpty()) {
            done.complete(null);
            return this;
        }
        Time.Timeout t = time.schedule(timeoutMs, TimeUnit.MILLISECONDS, this::expire);
        synchronized (this) {
            deadlineTimer = t;
        }
        run();
        return this;
    }

    private void run() {
        Set<K> keys;
        synchronized (this) {
            keys = new LinkedHashSet<>(pending);
        }
        if (keys.isEmpty()) {
            return;
        }
        CompletableFuture<Map<K, Outcome<V>>> f;
        try {
            f = attempt.apply(keys);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((result, error) -> onAttempt(keys, result, error));
    }

    private void onAttempt(Set<K> keys, Map<K, Outcome<V>> result, Throwable error) {
        boolean again = false;
        for (K k : keys) {
            Outcome<V> o;
            if (error != null) {
                o = Outcome.of(error);
            } else {
                o = result.get(k);
                if (o == null) {
                    o = Outcome.retry(new RetriableException(op + " for " + k + ": no answer for it in the response"));
                }
            }
            if (o.error() == null) {
                complete(k, o.value(), null);
            } else if (o.retry()) {
                synchronized (this) {
                    if (pending.contains(k)) {
                        lastErrors.put(k, o.error());
                        again = true;
                    }
                }
            } else {
                complete(k, null, o.error());
            }
        }
        if (again) {
            retryLater();
        }
    }

    private void retryLater() {
        long backoff;
        List<K> exhausted = null;
        synchronized (this) {
            attempts++;
            if (attempts > settings.retries()) {
                exhausted = new ArrayList<>(pending);
            }
            backoff = Metadata.jittered(settings.retryBackoffMs(), settings.retryBackoffMaxMs(), attempts);
        }
        if (exhausted != null) {
            for (K k : exhausted) {
                Throwable last;
                synchronized (this) {
                    last = lastErrors.get(k);
                }
                complete(k, null, last);
            }
            return;
        }
        if (nowMs() + backoff >= deadlineMs) {
            expire();
            return;
        }
        log.debug("[{}] {}: retrying {} entit(y/ies) in {} ms (attempt {})", settings.clientId(), op, pending.size(),
                backoff, attempts + 1);
        time.schedule(backoff, TimeUnit.MILLISECONDS, this::run);
    }

    /** Fails whatever is pending with a {@link TimeoutException} whose cause is the entity's last error. */
    void expire() {
        expire(op + " timed out after " + timeoutMs + " ms");
    }

    /** Fails whatever is pending with a {@link TimeoutException} saying {@code why}. */
    void expire(String why) {
        List<K> left;
        synchronized (this) {
            left = new ArrayList<>(pending);
        }
        for (K k : left) {
            Throwable last;
            synchronized (this) {
                last = lastErrors.get(k);
            }
            complete(k, null, new TimeoutException(why + " for " + k
                    + (last == null ? "" : "; last error: " + last.getMessage()), last));
        }
    }

    private void complete(K key, V value, Throwable error) {
        boolean last;
        Time.Timeout timer;
        synchronized (this) {
            if (!pending.remove(key)) {
                return;
            }
            last = pending.isEmpty();
            timer = last ? deadlineTimer : null;
        }
        if (error == null) {
            futures.get(key).complete(value);
        } else {
            futures.get(key).completeExceptionally(error);
        }
        if (last) {
            if (timer != null) {
                timer.cancel();
            }
            done.complete(null);
        }
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoseconds());
    }

    /** The failure inside {@link CompletionException} / {@link ExecutionException} wrappers. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether {@code t} is a broker error with a code (as opposed to a lost connection, a timeout...). */
    static boolean hasErrorCode(Throwable t) {
        return unwrap(t) instanceof ApiException a && a.errorCode() != null;
    }
}
