package dev.samsa.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The outcome of an admin operation on several entities (topics, partitions, groups, config resources): one future per
 * entity, so that one topic failing does not hide another's success, and {@link #all()} for all of them at once.
 *
 * <p>Each future completes once, with the entity's value or with an exception that names the entity (for example
 * {@link dev.samsa.errors.TopicExistsException} "... topic 'orders' ..."). Futures complete on a transport I/O thread
 * or the transport's timer thread; dependent stages must not block.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <K> the entity key (topic name, {@link dev.samsa.common.TopicPartition}, group id, {@link ConfigResource})
 * @param <V> the per-entity value ({@link Void} where the operation returns nothing)
 * @since 0.1.0
 */
public final class AdminResult<K, V> {
    private final Map<K, CompletableFuture<V>> values;

    /**
     * @param values one future per entity, in request order; copied
     */
    public AdminResult(Map<K, CompletableFuture<V>> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /**
     * The future of each entity, in the order the entities were given.
     *
     * @return an unmodifiable map
     */
    public Map<K, CompletableFuture<V>> values() {
        return values;
    }

    /**
     * The future of one entity.
     *
     * @param key the entity
     * @return its future
     * @throws NoSuchElementException if {@code key} was not part of the request
     */
    public CompletableFuture<V> value(K key) {
        CompletableFuture<V> f = values.get(key);
        if (f == null) {
            throw new NoSuchElementException(key + " was not part of this request (entities: " + values.keySet()
                    + ")");
        }
        return f;
    }

    /**
     * A future completed with every entity's value once all succeeded, or failed with the first failure (in entity
     * order) once every future completed.
     *
     * @return a future of an unmodifiable map in entity order; values may be null (for {@code Void})
     */
    public CompletableFuture<Map<K, V>> all() {
        return CompletableFuture.allOf(values.values().toArray(new CompletableFuture<?>[0])).handle((ok, error) -> {
            Map<K, V> out = new LinkedHashMap<>();
            for (Map.Entry<K, CompletableFuture<V>> e : values.entrySet()) {
                CompletableFuture<V> f = e.getValue();
                if (f.isCompletedExceptionally()) {
                    Throwable t = f.handle((v, x) -> x).join();
                    while (t instanceof CompletionException && t.getCause() != null) {
                        t = t.getCause();
                    }
                    throw new CompletionException(t);
                }
                out.put(e.getKey(), f.join());
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public String toString() {
        return "AdminResult" + values.keySet();
    }
}
