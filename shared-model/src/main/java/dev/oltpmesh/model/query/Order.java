package dev.oltpmesh.model.query;

/** One sort key; nulls sort as PostgreSQL sorts them unless {@code nullsFirst} says otherwise. */
public record Order(String column, boolean descending, Boolean nullsFirst) {

    /** PostgreSQL's default: nulls are larger than every value. */
    public boolean effectiveNullsFirst() {
        return nullsFirst != null ? nullsFirst : descending;
    }
}
