package dev.samsa.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import org.junit.jupiter.api.Test;

class RecordSliceTest {
    private final Object[] array = {"a", "b", "c", "d", "e"};

    @Test
    void viewsTheRangeInOrder() {
        List<String> slice = new RecordSlice<>(array, 1, 4);
        assertThat(slice).containsExactly("b", "c", "d").isInstanceOf(RandomAccess.class);
        assertThat(slice.get(0)).isEqualTo("b");
        assertThat(slice.indexOf("d")).isEqualTo(2);
        assertThat(slice.subList(1, 3)).containsExactly("c", "d");
        assertThat(slice).isEqualTo(List.of("b", "c", "d")).hasSameHashCodeAs(List.of("b", "c", "d"));
        assertThat(new RecordSlice<>(array, 2, 2)).isEmpty();
    }

    @Test
    void indexesOutsideTheRangeAreRejected() {
        List<String> slice = new RecordSlice<>(array, 1, 4);
        assertThatThrownBy(() -> slice.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> slice.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new RecordSlice<>(array, 3, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new RecordSlice<>(array, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void cannotBeModified() {
        List<String> slice = new RecordSlice<>(array, 0, 3);
        assertThatThrownBy(() -> slice.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> slice.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> slice.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(slice::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> slice.subList(0, 2).set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        Iterator<String> it = slice.iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ArrayList<>(slice)).containsExactly("a", "b", "c");
        assertThat(array).containsExactly("a", "b", "c", "d", "e");
    }
}
