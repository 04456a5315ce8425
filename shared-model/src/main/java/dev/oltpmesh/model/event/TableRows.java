package dev.oltpmesh.model.event;

import java.util.List;
import java.util.Map;

/** Rows for one table, in canonical form, validated against {@code schemaVersion} of the table. */
public record TableRows(String table, int schemaVersion, List<Map<String, Object>> rows) {

    public TableRows {
        rows = List.copyOf(rows);
    }
}
