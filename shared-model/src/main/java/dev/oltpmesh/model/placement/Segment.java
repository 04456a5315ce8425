package dev.oltpmesh.model.placement;

/**
 * A named range of values held by one peer; a null bound is unbounded. Bounds are kept in the
 * column's canonical form.
 */
public record Segment(String name, String peer, Object min, Object max, boolean minInclusive, boolean maxInclusive) {
}
