package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.query.Keyset;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerSqlTest {

    private static final TableDefinition CLICKS = new TableDefinition("clicks", 1, List.of(
            new ColumnDefinition("page", ColumnType.TEXT, true),
            new ColumnDefinition("ms", ColumnType.BIGINT, true)), List.of(),
            new RoundRobinPlacement(List.of("peer-1")));

    @Test
    void shouldStartAfterTheKeysetWithNullsWhereTheOrderPutsThem() {
        var query = PeerQuery.rows("clicks", List.of("page"), List.of(),
                List.of(new Order("page", true, null), new Order("_row", false, null)), 10, 0,
                new Keyset(Arrays.asList(null, 4), false));
        var statement = PeerSql.build(CLICKS, query, false);
        // page desc puts nulls first: after a null page come every non-null page, or the same null page
        // with a later ordinal.
        assertThat(statement.sql()).contains("where ((\"page\" is not null) or (\"page\" is null and (\"_row\" > ? "
                + "or \"_row\" is null)))");
        assertThat(statement.params()).containsExactly(4, 10);
    }

    @Test
    void shouldIncludeRowsEqualToTheKeysetWhenAskedTo() {
        var query = PeerQuery.rows("clicks", List.of("page"), List.of(), List.of(new Order("ms", false, null)), 5, 0,
                new Keyset(List.of(7), true));
        assertThat(PeerSql.build(CLICKS, query, false).sql()).contains("or (\"ms\" = ?)");
    }

    @Test
    void shouldBindEveryValueAndNeverInlineIt() {
        var query = PeerQuery.rows("clicks", List.of(), List.of(new Filter("page", FilterOp.EQ, false,
                List.of("x'; drop table clicks; --"))), List.of(), 5, 0, null);
        var statement = PeerSql.build(CLICKS, query, false);
        assertThat(statement.sql()).doesNotContain("drop table");
        assertThat(statement.params()).contains("x'; drop table clicks; --");
        assertThat(statement.columns()).containsOnlyKeys("page", "ms", "_tx", "_seq");
    }

    @Test
    void shouldJoinLogicalTreesWithTheirOwnConnectiveAndNegation() {
        var inner = new FilterTree(false, true, List.of(new Filter("ms", FilterOp.GT, false, List.of(3L)),
                new Filter("page", FilterOp.IS_NULL, false, List.of())), List.of());
        var query = PeerQuery.rows("clicks", List.of("page"), List.of(new Filter("ms", FilterOp.LT, false,
                List.of(100L))), List.of(), 5, 0, null).where(List.of(new FilterTree(true, false,
                List.of(new Filter("page", FilterOp.EQ, false, List.of("a"))), List.of(inner))));
        var statement = PeerSql.build(CLICKS, query, true);
        assertThat(statement.sql()).contains("where \"ms\" < ? and (\"page\" = ? or not (\"ms\" > ? and \"page\" is null))");
        assertThat(statement.params()).containsExactly(100L, "a", 3L, 5);
    }

    @Test
    void shouldMatchNoRowForAnEmptyOrTree() {
        var query = PeerQuery.rows("clicks", List.of("page"), List.of(), List.of(), 5, 0, null)
                .where(List.of(new FilterTree(true, false, List.of(), List.of())));
        assertThat(PeerSql.build(CLICKS, query, true).sql()).contains("where false");
    }

    @Test
    void shouldComputePartialsPerGroupWithAvgAsSumAndCount() {
        var query = PeerQuery.groups("clicks", List.of("page"), List.of(), List.of(
                new Aggregate(AggregateFunction.COUNT, null, "count"),
                new Aggregate(AggregateFunction.AVG, "ms", "avg")), 10_001);
        var statement = PeerSql.build(CLICKS, query, false);
        assertThat(statement.sql()).isEqualTo("select \"page\", count(*) as \"_a0\", sum(\"ms\")::numeric as "
                + "\"_a1_sum\", count(\"ms\") as \"_a1_count\" from \"clicks\" group by \"page\" limit ?");
        assertThat(statement.params()).containsExactly(10_001);
        assertThat(statement.columns()).containsOnlyKeys("page", "_a0", "_a1_sum", "_a1_count");
    }

    @Test
    void shouldCollateTextOnlyWhereTheDatabaseDoesNotOrderItByBytes() {
        var query = PeerQuery.rows("clicks", List.of("page"), List.of(new Filter("page", FilterOp.GT, false,
                List.of("/a"))), List.of(new Order("page", false, null)), 5, 0, null);
        assertThat(PeerSql.build(CLICKS, query, false).sql()).contains("\"page\" collate \"C\" > ?")
                .contains("order by \"page\" collate \"C\" asc");
        assertThat(PeerSql.build(CLICKS, query, true).sql()).doesNotContain("collate");
    }

    @Test
    void shouldRefuseUnknownColumns() {
        var query = PeerQuery.rows("clicks", List.of("nope"), List.of(), List.of(), 5, 0, null);
        assertThatThrownBy(() -> PeerSql.build(CLICKS, query, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
