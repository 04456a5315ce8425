package dev.oltpmesh.client;

import java.util.Objects;

/**
 * One term of a query's order, {@code column[.desc][.nullsfirst|.nullslast]}. Pages are ordered
 * totally: the gateway adds the primary key after the terms given.
 *
 * @param nulls null for the database's default (nulls last ascending, first descending)
 */
public record Order(String column, boolean descending, Nulls nulls) {

    public enum Nulls {
        FIRST,
        LAST
    }

    public Order {
        Objects.requireNonNull(column, "column");
    }

    public static Order asc(String column) {
        return new Order(column, false, null);
    }

    public static Order desc(String column) {
        return new Order(column, true, null);
    }

    public Order nullsFirst() {
        return new Order(column, descending, Nulls.FIRST);
    }

    public Order nullsLast() {
        return new Order(column, descending, Nulls.LAST);
    }

    String wire() {
        return column + (descending ? ".desc" : ".asc")
                + (nulls == null ? "" : nulls == Nulls.FIRST ? ".nullsfirst" : ".nullslast");
    }
}
