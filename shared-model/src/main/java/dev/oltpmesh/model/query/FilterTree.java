package dev.oltpmesh.model.query;

import java.util.List;

/**
 * A logical condition of PostgREST's {@code or=(…)}, {@code and=(…)} and {@code not.or=(…)}: its
 * filters and subtrees joined by {@code or} when {@code any}, else by {@code and}, the whole negated
 * when {@code negated}. A query's trees hold alongside its plain filters (all of them must).
 */
public record FilterTree(boolean any, boolean negated, List<Filter> filters, List<FilterTree> trees) {

    public FilterTree {
        filters = filters == null ? List.of() : List.copyOf(filters);
        trees = trees == null ? List.of() : List.copyOf(trees);
    }
}
