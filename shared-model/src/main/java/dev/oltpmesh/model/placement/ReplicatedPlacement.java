package dev.oltpmesh.model.placement;

/** Every active peer holds every row: reference data, the "database everywhere". */
public record ReplicatedPlacement() implements PlacementSpec {

    @Override
    public String column() {
        return null;
    }
}
