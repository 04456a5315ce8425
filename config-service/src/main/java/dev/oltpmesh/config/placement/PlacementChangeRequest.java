package dev.oltpmesh.config.placement;

import java.util.List;

/** A group of placement changes, applied together as one placement version or not at all. */
record PlacementChangeRequest(List<PlacementChange> changes) {
}
