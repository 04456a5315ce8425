package dev.oltpmesh.model.peer;

/**
 * ACTIVE peers take new rows; a DRAINING peer takes none and hands what it holds to others; a
 * RETIRED one holds nothing that exists nowhere else.
 */
public enum PeerStatus {
    ACTIVE, DRAINING, RETIRED
}
