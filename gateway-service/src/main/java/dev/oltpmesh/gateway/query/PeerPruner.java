package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.RowPlacer;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The peers that may hold rows matching the filters; nobody else is asked. */
final class PeerPruner {

    private PeerPruner() {
    }

    static List<String> peersFor(TableDefinition table, List<Filter> filters, List<String> activePeers) {
        PlacementSpec placement = table.placement();
        if (placement instanceof ReplicatedPlacement) {
            return activePeers.isEmpty() ? List.of() : List.of(activePeers.get(0));
        }
        if (placement instanceof RoundRobinPlacement rr) {
            return rr.peers();
        }
        List<Object> keyValues = keyValues(placement.column(), filters);
        TreeSet<String> peers = new TreeSet<>();
        if (keyValues != null) {
            for (Object value : keyValues) {
                peers.addAll(RowPlacer.peersFor(table, Map.of(placement.column(), value), activePeers, null));
            }
            return new ArrayList<>(peers);
        }
        if (placement instanceof HashPlacement hash) {
            peers.addAll(hash.assignments());
        } else if (placement instanceof RangePlacement range) {
            peers.add(range.basePeer());
            range.segments().stream().map(Segment::peer).forEach(peers::add);
        }
        return new ArrayList<>(peers);
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
