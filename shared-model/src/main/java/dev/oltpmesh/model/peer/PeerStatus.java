package dev.oltpmesh.model.peer;

public enum PeerStatus {
    ACTIVE, RETIRED
}
