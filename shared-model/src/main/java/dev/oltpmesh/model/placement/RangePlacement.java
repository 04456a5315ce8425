package dev.oltpmesh.model.placement;

import java.util.List;

/** Rows go to the segment whose bounds hold the value, else to the base peer. */
public record RangePlacement(String column, String basePeer, List<Segment> segments) implements PlacementSpec {

    public RangePlacement {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }
}
