package dev.oltpmesh.model.peer;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A peer: its identity is its id, stable across addresses; the query URL and region may change.
 */
public record PeerDefinition(String id, String queryUrl, String region, PeerStatus status) {

    @JsonIgnore
    public boolean isActive() {
        return status == PeerStatus.ACTIVE;
    }
}
