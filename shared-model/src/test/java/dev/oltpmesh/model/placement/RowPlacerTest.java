package dev.oltpmesh.model.placement;

import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RowPlacerTest {

    private static final List<String> PEERS = List.of("peer-1", "peer-2", "peer-3");

    private static TableDefinition table(ColumnType type, PlacementSpec placement) {
        return new TableDefinition("t", 1, List.of(new ColumnDefinition("k", type, true)), List.of(), placement);
    }

    @Test
    void shouldKeepTheHashOfAValueStableAcrossReleases() {
        // Changing these values would move every stored row: the hash is part of the wire contract.
        assertThat(ShardHash.shardOf(ColumnType.TEXT, "alice", 16)).isEqualTo(ShardHash.shardOf(ColumnType.TEXT, "alice", 16));
        assertThat(ShardHash.shardOf(ColumnType.TEXT, "alice", 1024)).isEqualTo(
                Math.floorMod(org.apache.commons.codec.digest.MurmurHash3.hash32x86("alice".getBytes()), 1024));
        assertThat(ShardHash.shardOf(ColumnType.BIGINT, 42L, 16)).isEqualTo(ShardHash.shardOf(ColumnType.BIGINT, 42, 16));
    }

    @Test
    void shouldSpreadHashedValuesOverAllShards() {
        var seen = new HashSet<Integer>();
        for (int i = 0; i < 1000; i++) {
            seen.add(ShardHash.shardOf(ColumnType.TEXT, "account-" + i, 16));
        }
        assertThat(seen).hasSize(16);
    }

    @Test
    void shouldPlaceAHashedRowOnTheOwnerOfItsShard() {
        var assignments = new ArrayList<String>();
        for (int s = 0; s < 16; s++) {
            assignments.add(PEERS.get(s % 3));
        }
        var t = table(ColumnType.TEXT, new HashPlacement("k", 16, assignments));
        int shard = ShardHash.shardOf(ColumnType.TEXT, "acct-9", 16);
        assertThat(RowPlacer.peersFor(t, Map.of("k", "acct-9"), PEERS, null)).containsExactly(assignments.get(shard));
    }

    @Test
    void shouldPlaceReplicatedRowsOnEveryActivePeer() {
        var t = table(ColumnType.TEXT, new ReplicatedPlacement());
        assertThat(RowPlacer.peersFor(t, Map.of("k", "x"), PEERS, null)).isEqualTo(PEERS);
    }

    @Test
    void shouldHonourInclusiveExclusiveAndUnboundedRangeEnds() {
        var t = table(ColumnType.BIGINT, new RangePlacement("k", "peer-1", List.of(
                new Segment("low", "peer-2", null, 10L, false, false),
                new Segment("two", "peer-3", 10L, 20L, true, true),
                new Segment("high", "peer-2", 20L, null, false, false))));
        assertThat(RowPlacer.peersFor(t, Map.of("k", 9L), PEERS, null)).containsExactly("peer-2");
        assertThat(RowPlacer.peersFor(t, Map.of("k", 10L), PEERS, null)).containsExactly("peer-3");
        assertThat(RowPlacer.peersFor(t, Map.of("k", 20L), PEERS, null)).containsExactly("peer-3");
        assertThat(RowPlacer.peersFor(t, Map.of("k", 21L), PEERS, null)).containsExactly("peer-2");
        assertThat(RowPlacer.peersFor(t, Map.of(), PEERS, null)).containsExactly("peer-1");
    }

    @Test
    void shouldFallBackToTheBasePeerBetweenSegments() {
        var t = table(ColumnType.TEXT, new RangePlacement("k", "peer-1", List.of(
                new Segment("e2", "peer-2", "b", "c", true, false))));
        assertThat(RowPlacer.peersFor(t, Map.of("k", "a"), PEERS, null)).containsExactly("peer-1");
        assertThat(RowPlacer.peersFor(t, Map.of("k", "bz"), PEERS, null)).containsExactly("peer-2");
        assertThat(RowPlacer.peersFor(t, Map.of("k", "c"), PEERS, null)).containsExactly("peer-1");
    }

    @Test
    void shouldStripeRoundRobinRowsFromThePointer() {
        var t = table(ColumnType.TEXT, new RoundRobinPlacement(PEERS));
        var pointer = new AtomicLong(2);
        RowPlacer.Pointer p = pointer::getAndIncrement;
        var placed = new ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            placed.addAll(RowPlacer.peersFor(t, Map.of(), PEERS, p));
        }
        assertThat(placed).containsExactly("peer-3", "peer-1", "peer-2", "peer-3");
        assertThat(pointer.get()).isEqualTo(6);
    }

    @Test
    void shouldDetectOverlappingSegments() {
        var a = new Segment("a", "peer-1", 1L, 10L, true, false);
        var b = new Segment("b", "peer-2", 10L, 20L, true, false);
        var c = new Segment("c", "peer-2", 9L, null, true, false);
        var touching = new Segment("d", "peer-2", 10L, 10L, true, true);
        assertThat(RangeBounds.overlap(ColumnType.BIGINT, a, b)).isFalse();
        assertThat(RangeBounds.overlap(ColumnType.BIGINT, a, c)).isTrue();
        assertThat(RangeBounds.overlap(ColumnType.BIGINT, b, touching)).isTrue();
        assertThat(RangeBounds.overlap(ColumnType.BIGINT, a, touching)).isFalse();
        assertThat(RangeBounds.isEmpty(ColumnType.BIGINT, new Segment("e", "peer-1", 5L, 5L, true, false))).isTrue();
    }

    @Test
    void shouldTellWhetherOneRangeLiesWithinAnother() {
        Segment segment = new Segment("s", "peer-2", 10L, 20L, true, false);
        assertThat(RangeBounds.within(ColumnType.BIGINT, new Segment("q", null, 10L, 20L, true, false), segment)).isTrue();
        assertThat(RangeBounds.within(ColumnType.BIGINT, new Segment("q", null, 12L, 15L, false, true), segment)).isTrue();
        assertThat(RangeBounds.within(ColumnType.BIGINT, new Segment("q", null, 10L, 20L, true, true), segment)).isFalse();
        assertThat(RangeBounds.within(ColumnType.BIGINT, new Segment("q", null, null, 15L, true, true), segment)).isFalse();
        assertThat(RangeBounds.within(ColumnType.BIGINT, new Segment("q", null, 9L, 15L, false, true), segment)).isFalse();
    }
}
