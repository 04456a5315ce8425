package dev.oltpmesh.model.query;

/** The PostgREST operators a filter may use. */
public enum FilterOp {
    EQ("="), NEQ("<>"), GT(">"), GTE(">="), LT("<"), LTE("<="), LIKE("like"), ILIKE("ilike"), IN("in"),
    IS_NULL("is null"), IS_TRUE("is true"), IS_FALSE("is false");

    private final String sql;

    FilterOp(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    public boolean takesValue() {
        return this != IS_NULL && this != IS_TRUE && this != IS_FALSE;
    }
}
