package dev.oltpmesh.model.event;

import dev.oltpmesh.model.peer.PeerDefinition;

/** A peer joined, or its address, region or status changed. */
public record PeerRegistered(PeerDefinition peer) implements ConfigEvent {

    @Override
    public String key() {
        return "peer:" + peer.id();
    }
}
