package dev.oltpmesh.client;

import java.util.List;
import java.util.Map;

/**
 * One operation of a placement change; {@link Admin#changePlacement(List)} applies a group of them as
 * one new placement version, validated together, or refuses all of them.
 *
 * @param operation the operation's JSON, e.g. {@code {"op":"moveShard","table":"payment","shard":3,"to":"peer-4"}}
 */
public record PlacementChange(Map<String, Object> operation) {

    public PlacementChange {
        operation = Map.copyOf(operation);
    }

    public static PlacementChange moveShard(String table, int shard, String to) {
        return new PlacementChange(Map.of("op", "moveShard", "table", table, "shard", shard, "to", to));
    }

    public static PlacementChange addSegment(String table, Placement.Segment segment) {
        return new PlacementChange(Map.of("op", "addSegment", "table", table, "segment", segment.toJson()));
    }

    /** Keeps {@code [min, at)} under the old name and makes {@code [at, max)} the new one, on the same peer. */
    public static PlacementChange splitSegment(String table, String segment, Object at, String name) {
        return new PlacementChange(Map.of("op", "splitSegment", "table", table, "segment", segment, "at", at,
                "name", name));
    }

    public static PlacementChange moveSegment(String table, String segment, String to) {
        return new PlacementChange(Map.of("op", "moveSegment", "table", table, "segment", segment, "to", to));
    }

    /** Joins adjacent segments of one peer. */
    public static PlacementChange mergeSegments(String table, List<String> segments, String name) {
        return new PlacementChange(Map.of("op", "mergeSegments", "table", table, "segments", List.copyOf(segments),
                "name", name));
    }

    /** Its rows go back to the base peer. */
    public static PlacementChange dropSegment(String table, String segment) {
        return new PlacementChange(Map.of("op", "dropSegment", "table", table, "segment", segment));
    }

    public static PlacementChange changeBasePeer(String table, String to) {
        return new PlacementChange(Map.of("op", "changeBasePeer", "table", table, "to", to));
    }

    public static PlacementChange addStripePeer(String table, String peer) {
        return new PlacementChange(Map.of("op", "addStripePeer", "table", table, "peer", peer));
    }

    /** The peer keeps its rows, and reads still ask it. */
    public static PlacementChange removeStripePeer(String table, String peer) {
        return new PlacementChange(Map.of("op", "removeStripePeer", "table", table, "peer", peer));
    }
}
