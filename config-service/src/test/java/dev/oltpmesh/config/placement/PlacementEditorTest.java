package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.placement.PlacementChange.AddSegment;
import dev.oltpmesh.config.placement.PlacementChange.AddStripePeer;
import dev.oltpmesh.config.placement.PlacementChange.ChangeBasePeer;
import dev.oltpmesh.config.placement.PlacementChange.DropSegment;
import dev.oltpmesh.config.placement.PlacementChange.MergeSegments;
import dev.oltpmesh.config.placement.PlacementChange.MoveSegment;
import dev.oltpmesh.config.placement.PlacementChange.MoveShard;
import dev.oltpmesh.config.placement.PlacementChange.RemoveStripePeer;
import dev.oltpmesh.config.placement.PlacementChange.SegmentRequest;
import dev.oltpmesh.config.placement.PlacementChange.SplitSegment;
import dev.oltpmesh.config.placement.PlacementEditor.Outcome;
import dev.oltpmesh.config.placement.PlacementEditor.PlannedMove;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementEditorTest {

    private static final List<String> ACTIVE = List.of("peer-1", "peer-2", "peer-3");

    private static final TableDefinition PAYMENT = new TableDefinition("payment", 1,
            List.of(new ColumnDefinition("account", ColumnType.TEXT, false)), List.of("account"),
            new HashPlacement("account", 4, List.of("peer-1", "peer-2", "peer-3", "peer-1")));
    private static final TableDefinition FRUIT = new TableDefinition("fruit", 2,
            List.of(new ColumnDefinition("f", ColumnType.INTEGER, false)), List.of("f"),
            new RangePlacement("f", "peer-1", List.of(
                    new Segment("low", "peer-2", 0L, 100L, true, false),
                    new Segment("mid", "peer-2", 100L, 200L, true, false),
                    new Segment("top", "peer-3", 500L, null, true, false))));
    private static final TableDefinition CLICKS = new TableDefinition("clicks", 1,
            List.of(new ColumnDefinition("page", ColumnType.TEXT, true)), List.of(),
            new RoundRobinPlacement(List.of("peer-1", "peer-2")));
    private static final TableDefinition LOCATION = new TableDefinition("location", 1,
            List.of(new ColumnDefinition("id", ColumnType.TEXT, false)), List.of("id"), new ReplicatedPlacement());

    private static Outcome apply(PlacementChange... changes) {
        return new PlacementEditor(Map.of("payment", PAYMENT, "fruit", FRUIT, "clicks", CLICKS, "location", LOCATION),
                ACTIVE).apply(Arrays.asList(changes));
    }

    private static PlacementSpec placementOf(Outcome outcome, String table) {
        return outcome.changed().get(table).placement();
    }

    @Test
    void shouldSplitASegmentInTwoOnTheSamePeerWithoutMovingRows() {
        Outcome outcome = apply(new SplitSegment("fruit", "low", 50, "low-upper"));

        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.moves()).isEmpty();
        assertThat(((RangePlacement) placementOf(outcome, "fruit")).segments()).containsExactly(
                new Segment("low", "peer-2", 0L, 50L, true, false),
                new Segment("low-upper", "peer-2", 50L, 100L, true, false),
                new Segment("mid", "peer-2", 100L, 200L, true, false),
                new Segment("top", "peer-3", 500L, null, true, false));
    }

    @Test
    void shouldMergeAdjacentSegmentsOfOnePeerAndSplitThemBackInOneGroup() {
        Outcome merged = apply(new MergeSegments("fruit", List.of("mid", "low"), "both"));

        assertThat(merged.violations()).isEmpty();
        assertThat(((RangePlacement) placementOf(merged, "fruit")).segments()).containsExactly(
                new Segment("both", "peer-2", 0L, 200L, true, false),
                new Segment("top", "peer-3", 500L, null, true, false));

        Outcome roundTrip = apply(new MergeSegments("fruit", List.of("low", "mid"), "low"),
                new SplitSegment("fruit", "low", 100, "mid"));
        assertThat(roundTrip.violations()).isEmpty();
        assertThat(roundTrip.changed()).as("the same placement: no new version").isEmpty();
    }

    @Test
    void shouldRefuseToMergeSegmentsOfDifferentPeersOrWithAGap() {
        assertThat(apply(new MergeSegments("fruit", List.of("mid", "top"), null)).violations())
                .singleElement().asString().contains("only segments of one peer merge");
        Outcome gap = apply(new SplitSegment("fruit", "top", 600, "top2"),
                new MergeSegments("fruit", List.of("mid", "low", "missing"), null));
        assertThat(gap.violations()).singleElement().asString().contains("has no segment 'missing'");
    }

    @Test
    void shouldPlanTheRowsEveryMovingChangeWouldMove() {
        Outcome outcome = apply(
                new MoveShard("payment", 3, "peer-2"),
                new MoveShard("payment", 0, "peer-1"),
                new AddSegment("fruit", new SegmentRequest("new", "peer-3", 300, 400, null, null)),
                new AddSegment("fruit", new SegmentRequest("onBase", "peer-1", 250, 260, null, null)),
                new MoveSegment("fruit", "mid", "peer-1"),
                new DropSegment("fruit", "top"),
                new ChangeBasePeer("fruit", "peer-2"));

        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.moves()).containsExactly(
                new PlannedMove("payment", "shard 3", "peer-1", "peer-2"),
                new PlannedMove("fruit", "segment new", "peer-1", "peer-3"),
                new PlannedMove("fruit", "segment mid", "peer-2", "peer-1"),
                new PlannedMove("fruit", "segment top", "peer-3", "peer-1"),
                new PlannedMove("fruit", "values outside the segments", "peer-1", "peer-2"));
        assertThat(((HashPlacement) placementOf(outcome, "payment")).assignments())
                .containsExactly("peer-1", "peer-2", "peer-3", "peer-2");
    }

    @Test
    void shouldCheckOverlapsOnlyOnceTheWholeGroupIsIn() {
        Outcome dropThenAdd = apply(new AddSegment("fruit", new SegmentRequest("wide", "peer-2", 0, 200, null, null)),
                new DropSegment("fruit", "low"), new DropSegment("fruit", "mid"));
        assertThat(dropThenAdd.violations()).isEmpty();

        Outcome overlapping = apply(new AddSegment("fruit", new SegmentRequest("wide", "peer-2", 150, 600, null, null)));
        assertThat(overlapping.violations()).containsExactly(
                "'fruit': segments 'mid' and 'wide' overlap", "'fruit': segments 'top' and 'wide' overlap");
    }

    @Test
    void shouldCollectEveryViolationOfAGroup() {
        Outcome outcome = apply(
                new MoveShard("payment", 4, "peer-2"),
                new MoveShard("payment", 1, "peer-9"),
                new MoveShard("nothing", 1, "peer-2"),
                new MoveShard("fruit", 1, "peer-2"),
                new SplitSegment("fruit", "low", 0, "x"),
                new SplitSegment("fruit", "low", "not a number", "y"),
                new SplitSegment("fruit", "low", 10, "mid"),
                new AddSegment("fruit", new SegmentRequest("empty", "peer-1", 10, 5, null, null)),
                new AddSegment("fruit", null),
                new AddStripePeer("clicks", "peer-1"),
                new RemoveStripePeer("clicks", "peer-3"),
                new MoveShard("location", 0, "peer-1"),
                null);

        assertThat(outcome.violations()).hasSize(13);
        assertThat(outcome.violations()).anySatisfy(v -> assertThat(v).startsWith("change 1 (moveShard): shard must be"))
                .anySatisfy(v -> assertThat(v).contains("to 'peer-9' is not an active peer"))
                .anySatisfy(v -> assertThat(v).contains("table 'nothing' does not exist"))
                .anySatisfy(v -> assertThat(v).contains("'fruit' is placed RANGE, not HASH"))
                .anySatisfy(v -> assertThat(v).contains("at must lie inside segment 'low'"))
                .anySatisfy(v -> assertThat(v).startsWith("change 6 (splitSegment): at:"))
                .anySatisfy(v -> assertThat(v).contains("a segment named 'mid' exists already"))
                .anySatisfy(v -> assertThat(v).contains("holds no value"))
                .anySatisfy(v -> assertThat(v).contains("a segment is needed"))
                .anySatisfy(v -> assertThat(v).contains("'peer-1' is already in the stripe"))
                .anySatisfy(v -> assertThat(v).contains("'peer-3' is not in the stripe"))
                .anySatisfy(v -> assertThat(v).contains("'location' is placed REPLICATED"))
                .anySatisfy(v -> assertThat(v).isEqualTo("change 13 is empty"));
        assertThat(apply().violations()).containsExactly("a group needs at least one change");
    }

    @Test
    void shouldRefuseNewSegmentNamesThatCouldCollide() {
        Outcome outcome = apply(new SplitSegment("fruit", "low", 50, "base"),
                new AddSegment("fruit", new SegmentRequest("a/b", "peer-1", 300, 400, null, null)),
                new MergeSegments("fruit", List.of("low", "mid"), "z".repeat(100)));

        assertThat(outcome.violations()).hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("segment name 'base' is where stats count"))
                .anySatisfy(v -> assertThat(v).contains("'a/b' must match"))
                .anySatisfy(v -> assertThat(v).contains("must match").contains("…"));
    }

    @Test
    void shouldKeepTheRowsOfAPeerLeavingTheStripeReadable() {
        Outcome removed = apply(new AddStripePeer("clicks", "peer-3"), new RemoveStripePeer("clicks", "peer-1"));

        RoundRobinPlacement stripe = (RoundRobinPlacement) placementOf(removed, "clicks");
        assertThat(stripe.peers()).containsExactly("peer-2", "peer-3");
        assertThat(stripe.formerPeers()).containsExactly("peer-1");
        assertThat(stripe.holders()).containsExactly("peer-2", "peer-3", "peer-1");
        assertThat(removed.moves()).isEmpty();

        Outcome emptied = apply(new RemoveStripePeer("clicks", "peer-1"), new RemoveStripePeer("clicks", "peer-2"));
        assertThat(emptied.violations()).containsExactly("'clicks': the stripe needs at least one peer");
    }
}
