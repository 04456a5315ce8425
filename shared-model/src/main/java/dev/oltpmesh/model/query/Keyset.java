package dev.oltpmesh.model.query;

import java.util.List;

/**
 * Where a page starts: the order values of the last row already returned, one per order term. A
 * peer returns the rows after them, or also the rows equal to them when {@code inclusive} (rows that
 * tie on every term on a peer that sorts after the last row's peer).
 */
public record Keyset(List<Object> values, boolean inclusive) {

    public Keyset {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
