package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.ColumnType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SortedMergeTest {

    private static final Map<String, ColumnType> TYPES = Map.of("n", ColumnType.BIGINT, "s", ColumnType.TEXT);

    private static List<Map<String, Object>> rows(long... values) {
        return java.util.Arrays.stream(values).mapToObj(v -> Map.<String, Object>of("n", v)).toList();
    }

    @Test
    void shouldMergeSortedStreamsSkipTheOffsetAndSayWhetherMoreFollow() {
        var order = SortedMerge.comparator(List.of(new Order("n", false, null)), TYPES);
        var page = SortedMerge.merge(List.of(rows(1, 4, 7), rows(2, 5), rows(3, 6)), order, 2, 3);
        assertThat(page.rows()).extracting(r -> r.get("n")).containsExactly(3L, 4L, 5L);
        assertThat(page.more()).isTrue();
        assertThat(page.lastStream()).isEqualTo(1);
        assertThat(SortedMerge.merge(List.of(rows(1), rows(2)), order, 0, 5).more()).isFalse();
    }

    @Test
    void shouldPutRowsThatTieInTheOrderOfTheirStreams() {
        var order = SortedMerge.comparator(List.of(new Order("n", true, null)), TYPES);
        var page = SortedMerge.merge(List.of(rows(5), rows(5), rows(5)), order, 0, 2);
        assertThat(page.lastStream()).isEqualTo(1);
    }

    @Test
    void shouldPlaceNullsAsTheOrderSays() {
        List<Map<String, Object>> withNull = new java.util.ArrayList<>();
        withNull.add(new java.util.HashMap<>(Map.of()));
        var nullsFirst = SortedMerge.comparator(List.of(new Order("n", false, true)), TYPES);
        var page = SortedMerge.merge(List.of(rows(1, 2), withNull), nullsFirst, 0, 3);
        assertThat(page.rows().get(0).get("n")).isNull();
        var nullsLastDefault = SortedMerge.comparator(List.of(new Order("n", false, null)), TYPES);
        assertThat(SortedMerge.merge(List.of(rows(1, 2), withNull), nullsLastDefault, 0, 3).rows().get(2).get("n"))
                .isNull();
    }
}
