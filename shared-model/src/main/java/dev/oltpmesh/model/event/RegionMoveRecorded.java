package dev.oltpmesh.model.event;

import dev.oltpmesh.model.placement.RegionMove;

/**
 * A move of rows between peers was planned or reached a new stage. A move is published before the
 * table version that starts it, so a service that routes or applies by that version knows the move.
 */
public record RegionMoveRecorded(RegionMove move) implements ConfigEvent {

    @Override
    public String key() {
        return "move:" + move.id();
    }
}
