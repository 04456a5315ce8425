package dev.oltpmesh.model.placement;

import java.util.List;

/**
 * shard = murmur3(value) mod shards; {@code assignments.get(shard)} is the peer that owns the shard.
 * Shards move whole, so the number of shards never changes for a table.
 */
public record HashPlacement(String column, int shards, List<String> assignments) implements PlacementSpec {

    public HashPlacement {
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
    }

    public String peerOfShard(int shard) {
        return assignments.get(shard);
    }
}
