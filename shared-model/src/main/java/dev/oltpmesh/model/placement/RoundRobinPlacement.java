package dev.oltpmesh.model.placement;

import java.util.List;

/** Rows are striped over the peers in order, one row after another, from a persisted pointer. */
public record RoundRobinPlacement(List<String> peers) implements PlacementSpec {

    public RoundRobinPlacement {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    @Override
    public String column() {
        return null;
    }
}
