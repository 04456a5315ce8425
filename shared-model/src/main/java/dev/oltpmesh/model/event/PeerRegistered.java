package dev.oltpmesh.model.event;

import dev.oltpmesh.model.peer.PeerDefinition;

/**
 * A peer joined, or its address, region or status changed, at {@code placementVersion}: a new peer
 * changes where replicated rows go, so the version it joined at is a placement version like a
 * table's (0 in events written before it was recorded).
 */
public record PeerRegistered(PeerDefinition peer, long placementVersion) implements ConfigEvent {

    public PeerRegistered(PeerDefinition peer) {
        this(peer, 0);
    }

    @Override
    public String key() {
        return "peer:" + peer.id();
    }
}
