package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangeBounds;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.RowPlacer;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The peers that may hold rows matching the filters; nobody else is asked. */
final class PeerPruner {

    /**
     * Who to ask, sorted by id: every one of {@code peers}, or, when each holds every row (REPLICATED),
     * any one of them; and how this gateway sees the table's moves, which each peer asked is told so
     * that it reads each row of a moving region once: copies of {@code hiddenMoves} are not live yet,
     * the regions of {@code excludedMoves} are read from their copies.
     */
    record Targets(List<String> peers, boolean anyOne, List<Long> hiddenMoves, List<Long> excludedMoves) {

        Targets(List<String> peers, boolean anyOne) {
            this(peers, anyOne, List.of(), List.of());
        }

        PeerQuery scoped(PeerQuery query) {
            return hiddenMoves.isEmpty() && excludedMoves.isEmpty() ? query : query.during(hiddenMoves, excludedMoves);
        }
    }

    private PeerPruner() {
    }

    /**
     * @param moves the table's moves that are not done: until one is, its source may hold rows of the
     *              region now owned by its target, so whoever asks the target asks the source too
     */
    static Targets targets(TableDefinition table, List<Filter> filters, List<String> activePeers,
                           List<RegionMove> moves) {
        Targets targets = targets(table, filters, activePeers);
        if (moves.isEmpty() || targets.anyOne()) {
            return targets;
        }
        TreeSet<String> peers = new TreeSet<>(targets.peers());
        List<Long> hidden = new ArrayList<>();
        List<Long> excluded = new ArrayList<>();
        for (RegionMove move : moves) {
            if (targets.peers().contains(move.to())) {
                peers.add(move.from());
            }
            (move.stage() == RegionMove.Stage.LIVE ? excluded : hidden).add(move.id());
        }
        return new Targets(new ArrayList<>(peers), false, hidden, excluded);
    }

    static Targets targets(TableDefinition table, List<Filter> filters, List<String> activePeers) {
        return switch (table.placement()) {
            case ReplicatedPlacement replicated ->
                    new Targets(new ArrayList<>(new TreeSet<>(replicated.readablePeers(activePeers))), true);
            // Every active peer too: one that joined the stripe in a version this gateway has not seen yet
            // may already hold rows, and a peer without the table answers with none.
            case RoundRobinPlacement rr -> new Targets(union(rr.holders(), activePeers), false);
            case HashPlacement hash -> new Targets(keyedOr(table, filters, activePeers, hash.assignments()), false);
            case RangePlacement range -> new Targets(keyedOr(table, filters, activePeers,
                    rangePeers(table, range, filters)), false);
        };
    }

    private static List<String> union(List<String> a, List<String> b) {
        TreeSet<String> peers = new TreeSet<>(a);
        peers.addAll(b);
        return new ArrayList<>(peers);
    }

    /** The owners of the values an eq or in filter on the placement column names, else {@code unkeyed}. */
    private static List<String> keyedOr(TableDefinition table, List<Filter> filters, List<String> activePeers,
                                        Collection<String> unkeyed) {
        String column = table.placement().column();
        List<Object> keyValues = keyValues(column, filters);
        TreeSet<String> peers = new TreeSet<>();
        if (keyValues == null) {
            peers.addAll(unkeyed);
        } else {
            for (Object value : keyValues) {
                peers.addAll(RowPlacer.peersFor(table, Map.of(column, value), activePeers, null));
            }
        }
        return new ArrayList<>(peers);
    }

    private static Set<String> rangePeers(TableDefinition table, RangePlacement range, List<Filter> filters) {
        ColumnType type = table.column(range.column()).orElseThrow().type();
        Segment wanted = wantedRange(range.column(), filters, type);
        Set<String> peers = new TreeSet<>();
        boolean insideOneSegment = false;
        for (Segment segment : range.segments()) {
            if (RangeBounds.overlap(type, segment, wanted)) {
                peers.add(segment.peer());
                insideOneSegment |= RangeBounds.within(type, wanted, segment);
            }
        }
        // Values outside every segment live on the base peer.
        if (!insideOneSegment) {
            peers.add(range.basePeer());
        }
        return peers;
    }

    /** The interval the gt/gte/lt/lte filters leave for the column, unbounded where none limits it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Segment wantedRange(String column, List<Filter> filters, ColumnType type) {
        Object min = null;
        Object max = null;
        boolean minInclusive = true;
        boolean maxInclusive = true;
        for (Filter filter : filters) {
            if (!filter.column().equals(column) || filter.negated()) {
                continue;
            }
            Object value = filter.values().isEmpty() ? null : filter.values().get(0);
            switch (filter.op()) {
                case GT, GTE -> {
                    boolean inclusive = filter.op() == FilterOp.GTE;
                    int c = min == null ? 1 : type.comparable(value).compareTo(type.comparable(min));
                    if (c > 0 || (c == 0 && !inclusive)) {
                        min = value;
                        minInclusive = inclusive;
                    }
                }
                case LT, LTE -> {
                    boolean inclusive = filter.op() == FilterOp.LTE;
                    int c = max == null ? -1 : type.comparable(value).compareTo(type.comparable(max));
                    if (c < 0 || (c == 0 && !inclusive)) {
                        max = value;
                        maxInclusive = inclusive;
                    }
                }
                default -> {
                }
            }
        }
        return new Segment("query", null, min, max, minInclusive, maxInclusive);
    }

    /** The values the placement column must take, from an eq or in filter, or null if unconstrained. */
    private static List<Object> keyValues(String column, List<Filter> filters) {
        for (Filter filter : filters) {
            if (filter.column().equals(column) && !filter.negated()
                    && (filter.op() == FilterOp.EQ || filter.op() == FilterOp.IN)) {
                return filter.values();
            }
        }
        return null;
    }

}
