package dev.oltpmesh.model.event;

import dev.oltpmesh.model.peer.PeerDefinition;

/**
 * A peer joined, or its address, region or status changed, at {@code placementVersion}: a new peer
 * changes where replicated rows go, so the version it joined at is a placement version like a
 * table's (0 in events written before it was recorded).
 */
public record PeerRegistered(PeerDefinition peer, Long placementVersion) implements ConfigEvent {

    public PeerRegistered {
        // Nullable on the wire: a record written before the version was recorded reads as 0.
        placementVersion = placementVersion == null ? 0L : placementVersion;
    }

    public PeerRegistered(PeerDefinition peer) {
        this(peer, 0L);
    }

    @Override
    public String key() {
        return "peer:" + peer.id();
    }
}
