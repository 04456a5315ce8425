package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParserTest {

    private static final TableDefinition PAYMENT = new TableDefinition("payment", 1, List.of(
            new ColumnDefinition("currency", ColumnType.TEXT, false),
            new ColumnDefinition("amount", ColumnType.NUMERIC, true),
            new ColumnDefinition("ok", ColumnType.BOOLEAN, true),
            new ColumnDefinition("ts", ColumnType.TIMESTAMP, true)), List.of(),
            new RoundRobinPlacement(List.of("peer-1")));

    @Test
    void shouldReadAggregatesWithTheirNamesOrAliasesAndGroupByThePlainColumns() {
        var selection = QueryParser.select(PAYMENT, "cur:currency,count(),total:amount.sum(),amount.avg(),ts.max()");
        assertThat(selection.columns()).containsExactly(new QueryParser.Projection("currency", "cur"));
        assertThat(selection.aggregates()).containsExactly(
                new Aggregate(AggregateFunction.COUNT, null, "count"),
                new Aggregate(AggregateFunction.SUM, "amount", "total"),
                new Aggregate(AggregateFunction.AVG, "amount", "avg"),
                new Aggregate(AggregateFunction.MAX, "ts", "max"));
        assertThat(QueryParser.resultTypes(PAYMENT, selection)).containsEntry("cur", ColumnType.TEXT)
                .containsEntry("count", ColumnType.BIGINT).containsEntry("total", ColumnType.NUMERIC)
                .containsEntry("max", ColumnType.TIMESTAMP);
    }

    @Test
    void shouldSelectEveryColumnWithTheSystemColumnsByDefault() {
        assertThat(QueryParser.select(PAYMENT, null).columns()).extracting(QueryParser.Projection::key)
                .containsExactly("currency", "amount", "ok", "ts", "_tx", "_seq");
    }

    @Test
    void shouldRefuseAggregatesThatDoNotFitTheColumn() {
        for (String bad : List.of("currency.sum()", "ok.max()", "amount.median()", "sum()", "nope.count()",
                "count(),count()", ":currency")) {
            assertThatThrownBy(() -> QueryParser.select(PAYMENT, bad)).as(bad).isInstanceOf(GatewayException.class);
        }
    }

    @Test
    void shouldKeepSeveralFiltersOnOneColumnAndTypeTheirValues() {
        var filters = QueryParser.filters(PAYMENT, Map.of("amount", List.of("gte.10", "lt.20.5"),
                "currency", List.of("not.in.(EUR,\"U,SD\")")));
        assertThat(filters).hasSize(3);
        assertThat(filters).anySatisfy(f -> {
            assertThat(f.op()).isEqualTo(FilterOp.IN);
            assertThat(f.negated()).isTrue();
            assertThat(f.values()).containsExactly("EUR", "U,SD");
        });
        assertThat(filters).filteredOn(f -> f.column().equals("amount")).extracting(f -> f.values().get(0))
                .containsExactlyInAnyOrder("10", "20.5");
        assertThatThrownBy(() -> QueryParser.filters(PAYMENT, Map.of("amount", List.of("gt.ten"))))
                .isInstanceOf(GatewayException.class).hasMessageContaining("amount");
    }

    @Test
    void shouldReadOrderTermsWithDirectionAndNullPlacement() {
        var order = QueryParser.order(PAYMENT, "amount.desc.nullslast,currency");
        assertThat(order).hasSize(2);
        assertThat(order.get(0).descending()).isTrue();
        assertThat(order.get(0).effectiveNullsFirst()).isFalse();
        assertThat(order.get(1).descending()).isFalse();
        assertThatThrownBy(() -> QueryParser.order(PAYMENT, "amount.sideways")).isInstanceOf(GatewayException.class);
    }
}
