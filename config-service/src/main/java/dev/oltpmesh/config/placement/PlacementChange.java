package dev.oltpmesh.config.placement;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * One operation of a group sent to {@code POST /v1/admin/placement/changes}, named by its {@code op}.
 * Any placement is reachable by a sequence of these (the Pyrrho seed's elementary changes).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PlacementChange.MoveShard.class, name = "moveShard"),
        @JsonSubTypes.Type(value = PlacementChange.AddSegment.class, name = "addSegment"),
        @JsonSubTypes.Type(value = PlacementChange.SplitSegment.class, name = "splitSegment"),
        @JsonSubTypes.Type(value = PlacementChange.MoveSegment.class, name = "moveSegment"),
        @JsonSubTypes.Type(value = PlacementChange.MergeSegments.class, name = "mergeSegments"),
        @JsonSubTypes.Type(value = PlacementChange.DropSegment.class, name = "dropSegment"),
        @JsonSubTypes.Type(value = PlacementChange.ChangeBasePeer.class, name = "changeBasePeer"),
        @JsonSubTypes.Type(value = PlacementChange.AddStripePeer.class, name = "addStripePeer"),
        @JsonSubTypes.Type(value = PlacementChange.RemoveStripePeer.class, name = "removeStripePeer")
})
sealed interface PlacementChange {

    String table();

    /** A HASH shard to another peer. */
    record MoveShard(String table, Integer shard, String to) implements PlacementChange {
    }

    /** A new RANGE segment; its values were on the base peer. */
    record AddSegment(String table, SegmentRequest segment) implements PlacementChange {
    }

    /** {@code [min, at)} keeps the name, {@code [at, max)} becomes {@code name}, on the same peer. */
    record SplitSegment(String table, String segment, Object at, String name) implements PlacementChange {
    }

    record MoveSegment(String table, String segment, String to) implements PlacementChange {
    }

    /** Adjacent segments of one peer become one, named {@code name} (else the first one's name). */
    record MergeSegments(String table, List<String> segments, String name) implements PlacementChange {
    }

    /** The segment's values go back to the base peer. */
    record DropSegment(String table, String segment) implements PlacementChange {
    }

    /** The peer holding every value outside the segments. */
    record ChangeBasePeer(String table, String to) implements PlacementChange {
    }

    /** New rows of a ROUND_ROBIN table are striped over this peer too. */
    record AddStripePeer(String table, String peer) implements PlacementChange {
    }

    /** New rows no longer go to this peer; the rows it has stay there and are still read. */
    record RemoveStripePeer(String table, String peer) implements PlacementChange {
    }

    record SegmentRequest(String name, String peer, Object min, Object max, Boolean minInclusive,
                          Boolean maxInclusive) {
    }
}
