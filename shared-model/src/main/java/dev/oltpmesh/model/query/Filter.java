package dev.oltpmesh.model.query;

import java.util.List;

/** One condition on a column; values are canonical for the column's type. */
public record Filter(String column, FilterOp op, boolean negated, List<Object> values) {

    public Filter {
        values = values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
