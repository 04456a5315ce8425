package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgREST's or=(…), and=(…), not.or=(…), not.and=(…), and what the parser refuses in them. */
class LogicalTreeParserTest {

    private static final TableDefinition TRADE = new TableDefinition("trade", 1, List.of(
            new ColumnDefinition("account", ColumnType.TEXT, false),
            new ColumnDefinition("qty", ColumnType.BIGINT, true),
            new ColumnDefinition("flag", ColumnType.BOOLEAN, true)), List.of(),
            new RoundRobinPlacement(List.of("peer-1")));

    private static List<FilterTree> trees(String name, String value) {
        return QueryParser.trees(TRADE, Map.of(name, List.of(value)));
    }

    @Test
    void shouldReadAnOrOfFiltersAndANestedAnd() {
        var tree = trees("or", "(qty.gt.5,and(account.eq.alice,flag.is.true))").get(0);
        assertThat(tree.any()).isTrue();
        assertThat(tree.negated()).isFalse();
        assertThat(tree.filters()).containsExactly(new Filter("qty", FilterOp.GT, false, List.of(5L)));
        assertThat(tree.trees()).containsExactly(new FilterTree(false, false, List.of(
                new Filter("account", FilterOp.EQ, false, List.of("alice")),
                new Filter("flag", FilterOp.IS_TRUE, false, List.of())), List.of()));
    }

    @Test
    void shouldNegateTheWholeTreeForNotOrAndEachNestedNotAnd() {
        var tree = trees("not.or", "(qty.lt.1,not.and(account.eq.bob,qty.is.null))").get(0);
        assertThat(tree.negated()).isTrue();
        assertThat(tree.any()).isTrue();
        assertThat(tree.trees().get(0).negated()).isTrue();
        assertThat(tree.trees().get(0).any()).isFalse();
    }

    @Test
    void shouldTakeAQuotedValueWholeWithItsCommasParenthesesAndEscapedQuote() {
        var tree = trees("or", "(account.eq.\"o'hara, jr. (\\\"the\\\" elder)\",qty.eq.1)").get(0);
        assertThat(tree.filters().get(0).values()).containsExactly("o'hara, jr. (\"the\" elder)");
    }

    @Test
    void shouldReadInListsAndNegatedFiltersInsideATree() {
        var tree = trees("and", "(account.in.(\"a,b\",c),qty.not.eq.3)").get(0);
        assertThat(tree.filters()).containsExactly(
                new Filter("account", FilterOp.IN, false, List.of("a,b", "c")),
                new Filter("qty", FilterOp.EQ, true, List.of(3L)));
    }

    @Test
    void shouldAndSeveralTreesOfOneRequest() {
        var trees = QueryParser.trees(TRADE, Map.of("or", List.of("(qty.eq.1,qty.eq.2)", "(flag.is.true,flag.is.null)")));
        assertThat(trees).hasSize(2);
    }

    @Test
    void shouldNameTheUnknownColumnWithPostgresCode() {
        assertThatThrownBy(() -> trees("or", "(nope.eq.1,qty.eq.2)")).isInstanceOf(GatewayException.class)
                .hasMessageContaining("nope").extracting(e -> ((GatewayException) e).code()).isEqualTo("42703");
    }

    @Test
    void shouldRefuseAValueItsColumnCannotHoldAsPostgresWould() {
        assertThatThrownBy(() -> trees("or", "(qty.eq.abc)")).isInstanceOf(GatewayException.class)
                .extracting(e -> ((GatewayException) e).code()).isEqualTo("22P02");
    }

    @Test
    void shouldTellAnOperatorThatPostgrestHasButTheMeshDoesNotOfferFromATypo() {
        assertThatThrownBy(() -> trees("or", "(account.fts.hi,qty.eq.1)"))
                .extracting(e -> ((GatewayException) e).code()).isEqualTo("PGRST127");
        assertThatThrownBy(() -> trees("or", "(account.foo.hi)")).isInstanceOf(GatewayException.class)
                .extracting(e -> ((GatewayException) e).type()).isEqualTo("invalid-input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qty.eq.1", "(qty.eq.1", "(qty.eq.1))", "()", "(qty)", "(and(qty.eq.1)", "(account.eq.\"open)"})
    void shouldRefuseMalformedTrees(String value) {
        assertThatThrownBy(() -> trees("or", value)).isInstanceOf(GatewayException.class);
    }

    @Test
    void shouldBoundHowDeepTreesNest() {
        String deep = "(" + "and(".repeat(QueryParser.MAX_TREE_DEPTH) + "qty.eq.1" + ")".repeat(QueryParser.MAX_TREE_DEPTH) + ")";
        assertThatThrownBy(() -> trees("or", deep)).hasMessageContaining("deep");
    }

    @Test
    void shouldBoundHowManyConditionsTreesHold() {
        String many = "(" + "qty.eq.1,".repeat(QueryParser.MAX_TREE_TERMS) + "qty.eq.2)";
        assertThatThrownBy(() -> trees("or", many)).hasMessageContaining("at most");
    }

    @Test
    void shouldReadEscapedQuotesAndBackslashesInAnInList() {
        var filters = QueryParser.filters(TRADE, Map.of("account", List.of("in.(\"say \\\"hi\\\"\",\"a\\\\b\",\"(x)\",plain)")));
        assertThat(filters.get(0).values()).containsExactly("say \"hi\"", "a\\b", "(x)", "plain");
    }
}
