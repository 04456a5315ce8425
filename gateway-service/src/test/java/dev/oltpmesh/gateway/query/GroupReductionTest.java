package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.schema.ColumnType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupReductionTest {

    private static final Map<String, ColumnType> TYPES = Map.of("currency", ColumnType.TEXT,
            "amount", ColumnType.NUMERIC, "ratio", ColumnType.DOUBLE);
    private static final List<Aggregate> AGGREGATES = List.of(
            new Aggregate(AggregateFunction.COUNT, null, "count"),
            new Aggregate(AggregateFunction.SUM, "amount", "sum"),
            new Aggregate(AggregateFunction.AVG, "amount", "avg"),
            new Aggregate(AggregateFunction.MIN, "currency", "min"),
            new Aggregate(AggregateFunction.MAX, "ratio", "max"));

    private static Map<String, Object> partial(Object currency, long count, String sum, String avgSum, long avgCount,
                                               String min, Double max) {
        Map<String, Object> row = new HashMap<>();
        row.put("currency", currency);
        row.put("_a0", count);
        row.put("_a1", sum == null ? null : new BigDecimal(sum));
        row.put("_a2_sum", avgSum == null ? null : new BigDecimal(avgSum));
        row.put("_a2_count", avgCount);
        row.put("_a3", min);
        row.put("_a4", max);
        return row;
    }

    @Test
    void shouldReduceEachGroupAsOneDatabaseWould() {
        var reduction = new GroupReduction(List.of("currency"), TYPES, AGGREGATES);
        reduction.add(partial("EUR", 2, "10.50", "10.50", 2, "EUR", 0.5));
        reduction.add(partial("USD", 1, "3", "3", 1, "USD", 2.0));
        reduction.add(partial("EUR", 3, "4.50", "4.50", 1, "EUR", 1.5));

        var groups = reduction.groups();
        assertThat(groups).hasSize(2);
        var eur = groups.get(0);
        assertThat(eur.columnValues()).containsEntry("currency", "EUR");
        assertThat(eur.results().get(0)).isEqualTo(5L);
        assertThat((BigDecimal) eur.results().get(1)).isEqualByComparingTo("15.00");
        // avg is the summed sum over the summed count of values, not an average of averages
        assertThat((BigDecimal) eur.results().get(2)).isEqualByComparingTo("5");
        assertThat(eur.results().get(4)).isEqualTo(1.5);
    }

    @Test
    void shouldAnswerOneRowWithZeroCountAndNullsOverNoRows() {
        var reduction = new GroupReduction(List.of(), TYPES, AGGREGATES);
        assertThat(reduction.groups()).singleElement().satisfies(g ->
                assertThat(g.results()).containsExactly(0L, null, null, null, null));
    }

    @Test
    void shouldTreatEqualNumbersInDifferentFormsAsOneGroup() {
        var reduction = new GroupReduction(List.of("amount"), TYPES,
                List.of(new Aggregate(AggregateFunction.COUNT, null, "count")));
        reduction.add(Map.of("amount", new BigDecimal("1.0"), "_a0", 1L));
        reduction.add(Map.of("amount", new BigDecimal("1.00"), "_a0", 2L));
        assertThat(reduction.groups()).singleElement().satisfies(g -> assertThat(g.results()).containsExactly(3L));
    }
}
