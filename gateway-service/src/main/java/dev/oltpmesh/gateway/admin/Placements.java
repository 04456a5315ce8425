package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.gateway.web.ApiDocumentation;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** What the config service takes and answers for placement, as the gateway's API documents it. */
interface Placements {

    @Schema(description = "The current placement version and every table's placement.")
    record PlacementMap(@Schema(example = "7") long version, Map<String, Tables.Placement> tables) {
    }

    @Schema(description = "Changes applied together as one new placement version, validated as a whole at the end, "
            + "or refused (422) listing every violation, nothing changed.")
    record PlacementChanges(List<PlacementChange> changes) {
    }

    @Schema(description = "One placement change, by op.",
            oneOf = {MoveShard.class, AddSegment.class, SplitSegment.class, MoveSegment.class, MergeSegments.class,
                    DropSegment.class, ChangeBasePeer.class, AddStripePeer.class, RemoveStripePeer.class},
            discriminatorProperty = "op", discriminatorMapping = {
            @DiscriminatorMapping(value = "moveShard", schema = MoveShard.class),
            @DiscriminatorMapping(value = "addSegment", schema = AddSegment.class),
            @DiscriminatorMapping(value = "splitSegment", schema = SplitSegment.class),
            @DiscriminatorMapping(value = "moveSegment", schema = MoveSegment.class),
            @DiscriminatorMapping(value = "mergeSegments", schema = MergeSegments.class),
            @DiscriminatorMapping(value = "dropSegment", schema = DropSegment.class),
            @DiscriminatorMapping(value = "changeBasePeer", schema = ChangeBasePeer.class),
            @DiscriminatorMapping(value = "addStripePeer", schema = AddStripePeer.class),
            @DiscriminatorMapping(value = "removeStripePeer", schema = RemoveStripePeer.class)})
    sealed interface PlacementChange permits MoveShard, AddSegment, SplitSegment, MoveSegment, MergeSegments,
            DropSegment, ChangeBasePeer, AddStripePeer, RemoveStripePeer {
    }

    @Schema(description = "A HASH shard to another peer; its rows move.")
    record MoveShard(@Schema(allowableValues = "moveShard", requiredMode = Schema.RequiredMode.REQUIRED) String op,
                     String table, Integer shard, String to) implements PlacementChange {
    }

    @Schema(description = "A new RANGE segment; rows in it move from the base peer unless it is on the base peer.")
    record AddSegment(@Schema(allowableValues = "addSegment", requiredMode = Schema.RequiredMode.REQUIRED) String op,
                      String table, Tables.Segment segment) implements PlacementChange {
    }

    @Schema(description = "Keeps [min, at) under the old name and makes [at, max) the new one on the same peer; "
            + "no row moves.")
    record SplitSegment(@Schema(allowableValues = "splitSegment", requiredMode = Schema.RequiredMode.REQUIRED) String op,
                        String table, String segment,
                        @Schema(ref = ApiDocumentation.COLUMN_VALUE, description = "a value of the column") Object at,
                        String name) implements PlacementChange {
    }

    @Schema(description = "A RANGE segment to another peer; its rows move.")
    record MoveSegment(@Schema(allowableValues = "moveSegment", requiredMode = Schema.RequiredMode.REQUIRED) String op,
                       String table, String segment, String to) implements PlacementChange {
    }

    @Schema(description = "Joins adjacent segments of one peer; no row moves.")
    record MergeSegments(@Schema(allowableValues = "mergeSegments", requiredMode = Schema.RequiredMode.REQUIRED)
                         String op, String table, List<String> segments, String name) implements PlacementChange {
    }

    @Schema(description = "Drops a segment; its rows go back to the base peer.")
    record DropSegment(@Schema(allowableValues = "dropSegment", requiredMode = Schema.RequiredMode.REQUIRED) String op,
                       String table, String segment) implements PlacementChange {
    }

    @Schema(description = "Another base peer for a RANGE table; the base rows move.")
    record ChangeBasePeer(@Schema(allowableValues = "changeBasePeer", requiredMode = Schema.RequiredMode.REQUIRED)
                          String op, String table, String to) implements PlacementChange {
    }

    @Schema(description = "A peer joins a ROUND_ROBIN stripe; no row moves.")
    record AddStripePeer(@Schema(allowableValues = "addStripePeer", requiredMode = Schema.RequiredMode.REQUIRED)
                         String op, String table, String peer) implements PlacementChange {
    }

    @Schema(description = "A peer leaves a ROUND_ROBIN stripe and keeps its rows, which reads still ask it for.")
    record RemoveStripePeer(@Schema(allowableValues = "removeStripePeer", requiredMode = Schema.RequiredMode.REQUIRED)
                            String op, String table, String peer) implements PlacementChange {
    }

    @Schema(description = "Shard moves that even HASH tables' rows over the active peers, and rows per peer before and "
            + "after; applied unless dryRun.")
    record RebalancePlan(List<ShardMove> moves,
                         @Schema(description = "rows per peer, by table, before") Map<String, Map<String, Long>> before,
                         @Schema(description = "rows per peer, by table, after") Map<String, Map<String, Long>> after,
                         @Schema(description = "the version it became; null for a dry run or no move")
                         Long placementVersion,
                         @Schema(description = "ids of the move jobs; null for a dry run") List<Long> jobs) {
    }

    record ShardMove(String table, int shard, String from, String to, long rows) {
    }
}
