package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samsa.common.Header;
import dev.samsa.consumer.TimestampType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FetchedRecords}, the consumer's reused per-poll columns: {@code clear()} drops every reference the records
 * held (so that a consumed record's key, value and headers can be collected), including after the columns grew.
 */
class FetchedRecordsTest {
    @Test
    void clearDropsKeysValuesAndHeadersOfEveryRecordHeld() {
        FetchedRecords f = new FetchedRecords();
        List<Header> headers = List.of(new Header("h", new byte[] {1}));
        for (int i = 0; i < 100; i++) { // past the initial capacity of 64
            f.add(i, 1_000L + i, TimestampType.CREATE_TIME, i % 3 == 0 ? new byte[] {(byte) i} : null,
                    new byte[] {(byte) i}, i % 5 == 0 ? headers : List.of(), 7);
        }
        assertThat(f.size()).isEqualTo(100);
        assertThat(f.keys[3]).containsExactly(3);
        assertThat(f.headers(5)).isSameAs(headers);
        assertThat(f.headers(6)).isEmpty();

        f.clear();

        assertThat(f.size()).isZero();
        assertThat((Object[]) f.keys).containsOnlyNulls();
        assertThat((Object[]) f.values).containsOnlyNulls();
        assertThat(f.headers).containsOnlyNulls();
    }

    @Test
    void clearAfterRecordsWithoutKeysOrHeadersDropsTheValues() {
        FetchedRecords f = new FetchedRecords();
        f.add(0, 1_000L, TimestampType.CREATE_TIME, null, new byte[] {1}, List.of(), -1);
        f.add(1, 1_001L, TimestampType.CREATE_TIME, null, null, List.of(), -1);

        f.clear();

        assertThat(f.size()).isZero();
        assertThat((Object[]) f.values).containsOnlyNulls();
        f.add(2, 1_002L, TimestampType.CREATE_TIME, new byte[] {2}, new byte[] {3}, List.of(), -1);
        assertThat(f.size()).isEqualTo(1);
        assertThat(f.keys[0]).containsExactly(2);
        assertThat(f.values[0]).containsExactly(3);
    }
}
