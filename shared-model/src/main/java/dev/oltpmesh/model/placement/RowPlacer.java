package dev.oltpmesh.model.placement;

import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.List;
import java.util.Map;

/**
 * Decides which peers a row goes to. Pure: the round-robin position is passed in and moved by the
 * caller, who persists it.
 */
public final class RowPlacer {

    private RowPlacer() {
    }

    /** The insert pointer of a ROUND_ROBIN table: which peer takes the next row. */
    public interface Pointer {
        long nextAndAdvance();
    }

    public static List<String> peersFor(TableDefinition table, Map<String, Object> canonicalRow,
                                        List<String> activePeers, Pointer pointer) {
        return switch (table.placement()) {
            case HashPlacement h -> List.of(h.peerOfShard(
                    ShardHash.shardOf(typeOf(table, h.column()), canonicalRow.get(h.column()), h.shards())));
            case RangePlacement r -> List.of(segmentPeer(table, r, canonicalRow.get(r.column())));
            case RoundRobinPlacement rr ->
                    List.of(rr.peers().get((int) Math.floorMod(pointer.nextAndAdvance(), (long) rr.peers().size())));
            case ReplicatedPlacement replicated -> replicated.writtenPeers(activePeers);
        };
    }

    public static String segmentPeer(TableDefinition table, RangePlacement range, Object value) {
        ColumnType type = typeOf(table, range.column());
        for (Segment segment : range.segments()) {
            if (RangeBounds.contains(type, segment, value)) {
                return segment.peer();
            }
        }
        return range.basePeer();
    }

    private static ColumnType typeOf(TableDefinition table, String column) {
        return table.column(column)
                .orElseThrow(() -> new IllegalStateException("placement column " + column + " is not in " + table.name()))
                .type();
    }
}
