package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerPrunerTest {

    private static final List<String> PEERS = List.of("peer-1", "peer-2", "peer-3");

    private static TableDefinition table(PlacementSpec placement) {
        return new TableDefinition("t", 1, List.of(new ColumnDefinition("k", ColumnType.BIGINT, false)),
                List.of("k"), placement);
    }

    private static Filter filter(FilterOp op, Object... values) {
        return new Filter("k", op, false, List.of(values));
    }

    @Test
    void shouldAskOnlyTheShardOwnersOfEqualityAndInValues() {
        var table = table(new HashPlacement("k", 3, PEERS));
        assertThat(PeerPruner.targets(table, List.of(filter(FilterOp.EQ, 7L)), PEERS).peers()).hasSize(1);
        assertThat(PeerPruner.targets(table, List.of(filter(FilterOp.GT, 7L)), PEERS).peers())
                .containsExactlyElementsOf(PEERS);
        assertThat(PeerPruner.targets(table, List.of(new Filter("k", FilterOp.EQ, true, List.of(7L))), PEERS)
                .peers()).as("not.eq says nothing about where rows are").containsExactlyElementsOf(PEERS);
    }

    @Test
    void shouldAskOnlyTheSegmentOwnerForARangeInsideOneSegment() {
        var table = table(new RangePlacement("k", "peer-1", List.of(
                new Segment("low", "peer-2", 100L, 200L, true, false),
                new Segment("high", "peer-3", 200L, 300L, true, false))));
        assertThat(PeerPruner.targets(table, List.of(filter(FilterOp.GTE, 120L), filter(FilterOp.LT, 150L)), PEERS)
                .peers()).containsExactly("peer-2");
        assertThat(PeerPruner.targets(table, List.of(filter(FilterOp.GTE, 150L), filter(FilterOp.LT, 250L)), PEERS)
                .peers()).containsExactly("peer-1", "peer-2", "peer-3");
        assertThat(PeerPruner.targets(table, List.of(filter(FilterOp.LT, 100L)), PEERS).peers())
                .containsExactly("peer-1");
        assertThat(PeerPruner.targets(table, List.of(filter(FilterOp.GTE, 200L), filter(FilterOp.LTE, 300L)),
                PEERS).peers()).as("300 lies above the segment, on the base peer").containsExactly("peer-1", "peer-3");
    }

    @Test
    void shouldLetAnyOnePeerAnswerForAReplicatedTable() {
        var targets = PeerPruner.targets(table(new ReplicatedPlacement()), List.of(), PEERS);
        assertThat(targets.anyOne()).isTrue();
        assertThat(targets.peers()).containsExactlyElementsOf(PEERS);
    }
}
