package dev.oltpmesh.model.placement;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Every active peer receives every new row: reference data, the "database everywhere". {@code peers}
 * are the peers that hold every row, so a read may ask any one of them: the active peers when the
 * table was defined. A peer added later receives the new rows but is not read for the older ones.
 * Empty in tables defined before this was recorded, which every active peer held.
 */
public record ReplicatedPlacement(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> peers)
        implements PlacementSpec {

    public ReplicatedPlacement {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    public ReplicatedPlacement() {
        this(List.of());
    }

    /** The peers a read may ask: those holding every row. */
    public List<String> readablePeers(List<String> activePeers) {
        return peers.isEmpty() ? activePeers : peers;
    }

    @Override
    public String column() {
        return null;
    }
}
