package dev.oltpmesh.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a table's rows go, as the placement of a {@link TableSpec}.
 *
 * @param spec the placement's JSON, e.g. {@code {"strategy":"HASH","column":"account","shards":16}}
 */
public record Placement(Map<String, Object> spec) {

    public Placement {
        spec = Map.copyOf(spec);
    }

    /** On every active peer: reference data. */
    public static Placement replicated() {
        return new Placement(Map.of("strategy", "REPLICATED"));
    }

    /** Shard {@code hash(column) mod shards}; shards are assigned to peers and move whole. */
    public static Placement hash(String column, int shards) {
        return new Placement(Map.of("strategy", "HASH", "column", column, "shards", shards));
    }

    /** The segment whose bounds hold the column's value, else the base peer. */
    public static Placement range(String column, String basePeer, Segment... segments) {
        return new Placement(Map.of("strategy", "RANGE", "column", column, "basePeer", basePeer,
                "segments", Arrays.stream(segments).map(Segment::toJson).toList()));
    }

    /** Striped over these peers (none: every active peer) from a persisted insert pointer. */
    public static Placement roundRobin(String... peers) {
        return new Placement(peers.length == 0 ? Map.of("strategy", "ROUND_ROBIN")
                : Map.of("strategy", "ROUND_ROBIN", "peers", List.of(peers)));
    }

    /**
     * A range of a RANGE table on one peer; a null bound is unbounded.
     *
     * @param minInclusive null for the mesh's default
     * @param maxInclusive null for the mesh's default
     */
    public record Segment(String name, String peer, Object min, Object max, Boolean minInclusive,
                          Boolean maxInclusive) {

        public static Segment of(String name, String peer, Object min, Object max) {
            return new Segment(name, peer, min, max, null, null);
        }

        Map<String, Object> toJson() {
            // A LinkedHashMap: Map.of holds no null, and a null bound means unbounded.
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("peer", peer);
            json.put("min", min);
            json.put("max", max);
            if (minInclusive != null) {
                json.put("minInclusive", minInclusive);
            }
            if (maxInclusive != null) {
                json.put("maxInclusive", maxInclusive);
            }
            return json;
        }
    }
}
