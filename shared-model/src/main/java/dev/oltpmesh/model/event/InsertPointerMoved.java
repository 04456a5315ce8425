package dev.oltpmesh.model.event;

/** The round-robin insert pointer of a table: the stripe position of its next row. */
public record InsertPointerMoved(String table, long next) implements RouterStateEvent {

    @Override
    public String key() {
        return "pointer:" + table;
    }
}
