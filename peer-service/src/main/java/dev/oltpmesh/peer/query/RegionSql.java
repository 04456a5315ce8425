package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A move's region as a condition on a table's rows, the same rows {@link RegionMove#contains} names:
 * for HASH the shards by the {@code _shard} column written with every row, for RANGE the values the
 * old placement gave the source and the new one gives the target, for a stripe every row.
 */
public final class RegionSql {

    /** A condition with its bind parameters, to join with others by {@code and}. */
    public record Condition(String sql, List<Object> params) {

        public static Condition of(String sql) {
            return new Condition(sql, List.of());
        }

        /** Both conditions, the parameters in the order of the text. */
        public Condition and(Condition other) {
            List<Object> both = new ArrayList<>(params);
            both.addAll(other.params());
            return new Condition("(" + sql + ") and (" + other.sql() + ")", both);
        }
    }

    private RegionSql() {
    }

    public static Condition of(TableDefinition table, RegionMove move) {
        return switch (move.after()) {
            case HashPlacement _ -> move.shards().isEmpty() ? Condition.of("false")
                    : Condition.of("_shard in (" + move.shards().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + ")");
            case RangePlacement after -> {
                List<Object> params = new ArrayList<>();
                String sql = "(" + owned(table, move.before(), move.from(), params) + ") and ("
                        + owned(table, after, move.to(), params) + ")";
                yield new Condition(sql, params);
            }
            case RoundRobinPlacement _ -> Condition.of("true");
            case ReplicatedPlacement _ -> Condition.of("false");
        };
    }

    /** Rows that are not copies of the given moves (copies carry their move's id in {@code _move}). */
    public static Condition notCopiesOf(List<Long> moves) {
        return moves.isEmpty() ? Condition.of("true") : new Condition("(_move is null or _move not in ("
                + moves.stream().map(m -> "?").collect(Collectors.joining(", ")) + "))", List.copyOf(moves));
    }

    /** The values a RANGE placement gives the peer: its segments, and if it is the base, what lies in none. */
    private static String owned(TableDefinition table, PlacementSpec placement, String peer, List<Object> params) {
        if (!(placement instanceof RangePlacement range)) {
            return "false";
        }
        ColumnType type = table.column(range.column()).orElseThrow().type();
        List<String> mine = new ArrayList<>();
        for (Segment segment : range.segments()) {
            if (segment.peer().equals(peer)) {
                mine.add(inside(range.column(), type, segment, params));
            }
        }
        if (range.basePeer().equals(peer)) {
            List<String> any = new ArrayList<>();
            range.segments().forEach(segment -> any.add(inside(range.column(), type, segment, params)));
            mine.add(any.isEmpty() ? "true" : "not coalesce(" + String.join(" or ", any) + ", false)");
        }
        return mine.isEmpty() ? "false" : String.join(" or ", mine);
    }

    private static String inside(String column, ColumnType type, Segment segment, List<Object> params) {
        List<String> terms = new ArrayList<>();
        terms.add(PeerSql.condition(new Filter(column, FilterOp.IS_NULL, true, List.of()), type, params, false));
        if (segment.min() != null) {
            terms.add(PeerSql.condition(new Filter(column, segment.minInclusive() ? FilterOp.GTE : FilterOp.GT, false,
                    List.of(segment.min())), type, params, false));
        }
        if (segment.max() != null) {
            terms.add(PeerSql.condition(new Filter(column, segment.maxInclusive() ? FilterOp.LTE : FilterOp.LT, false,
                    List.of(segment.max())), type, params, false));
        }
        return "(" + String.join(" and ", terms) + ")";
    }
}
