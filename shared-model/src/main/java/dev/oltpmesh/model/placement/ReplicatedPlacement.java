package dev.oltpmesh.model.placement;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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

    /**
     * The peers a new row goes to: every active peer, and every peer named as holding all rows even if
     * this service has not heard of it yet (configuration may reach it tables first), so that no
     * named holder ever misses a row.
     */
    public List<String> writtenPeers(List<String> activePeers) {
        // Called for every row: the usual case, every holder active, copies nothing.
        if (activePeers.containsAll(peers)) {
            return activePeers;
        }
        LinkedHashSet<String> peers = new LinkedHashSet<>(activePeers);
        peers.addAll(this.peers);
        return new ArrayList<>(peers);
    }

    @Override
    public String column() {
        return null;
    }
}
