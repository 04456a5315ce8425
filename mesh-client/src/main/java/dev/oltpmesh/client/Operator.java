package dev.oltpmesh.client;

/** The filter operators of the gateway's PostgREST-style queries, {@code column=[not.]op.value}. */
public enum Operator {
    EQ("eq"),
    NEQ("neq"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    /** A pattern: {@code %} or {@code *} any characters, {@code _} one. */
    LIKE("like"),
    /** {@link #LIKE}, ignoring case. */
    ILIKE("ilike"),
    /** The value is a collection: {@code in.(a,b)}. */
    IN("in"),
    /** The value is null, true or false: {@code is.null}. */
    IS("is");

    private final String wire;

    Operator(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }
}
