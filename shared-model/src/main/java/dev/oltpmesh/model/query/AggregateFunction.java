package dev.oltpmesh.model.query;

import java.util.Locale;

/** The aggregates a query may select; peers compute partials, the gateway reduces them. */
public enum AggregateFunction {
    COUNT, SUM, AVG, MIN, MAX;

    /** The name in a query and, unless aliased, the key of the result. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
