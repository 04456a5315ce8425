package dev.oltpmesh.model.placement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows of a partitioned table moving from one peer to another since {@code placementVersion}: those
 * {@code before} placed on {@code from} and {@code after} places on {@code to} (for a stripe, every
 * row {@code from} holds). Every service reads the same rows by the same {@code stage}. A failed move
 * that an administrator retries starts again at SETTLING with the next {@code attempt}.
 */
public record RegionMove(long id, String table, String from, String to, long placementVersion, PlacementSpec before,
                         PlacementSpec after, Stage stage,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY) int attempt) {

    /**
     * What a move's stage means to writes and reads. SETTLING: the source may still be given rows
     * routed by an older version; the target holds its parts for the region until it is not. COPYING:
     * the source's rows of the region are final and being copied; the target asks the source whether
     * a new key exists there. LIVE: the copies are verified and read at the target, the source leaves
     * the region out until it has purged it. DONE: the source holds none of it. FAILED: the copy did
     * not verify (or a peer refused a step); the source keeps the region and reads take it from there,
     * the target keeps asking, until the move is retried.
     */
    public enum Stage { SETTLING, COPYING, LIVE, DONE, FAILED }

    public RegionMove withStage(Stage newStage) {
        return new RegionMove(id, table, from, to, placementVersion, before, after, newStage, attempt);
    }

    /** Whether the copies are the region's rows: the target reads them, the source leaves them out. */
    public boolean live() {
        return stage == Stage.LIVE || stage == Stage.DONE;
    }

    /** The shards of a HASH table that move, in order. */
    public List<Integer> shards() {
        List<Integer> shards = new ArrayList<>();
        if (before instanceof HashPlacement old && after instanceof HashPlacement now) {
            for (int shard = 0; shard < now.shards(); shard++) {
                if (from.equals(old.peerOfShard(shard)) && to.equals(now.peerOfShard(shard))) {
                    shards.add(shard);
                }
            }
        }
        return shards;
    }

    /** Whether the row, in canonical form, lies in the moving region. */
    public boolean contains(TableDefinition definition, Map<String, Object> row) {
        return switch (after) {
            case HashPlacement hash -> shards().contains(ShardHash.shardOf(typeOf(definition, hash.column()),
                    row.get(hash.column()), hash.shards()));
            case RangePlacement range -> before instanceof RangePlacement old
                    && from.equals(RowPlacer.segmentPeer(definition, old, row.get(old.column())))
                    && to.equals(RowPlacer.segmentPeer(definition, range, row.get(range.column())));
            case RoundRobinPlacement _ -> true;
            case ReplicatedPlacement _ -> false;
        };
    }

    private static ColumnType typeOf(TableDefinition definition, String column) {
        return definition.column(column).orElseThrow().type();
    }
}
