package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code select} of a write's representation: plain columns and aliases, read as a query's select is. */
public final class RowProjection {

    private RowProjection() {
    }

    /** Each key of the answer and the column it shows; {@code *} or none: the table's columns. */
    public static Map<String, String> of(TableDefinition table, String select) {
        QueryParser.Selection selection = QueryParser.select(table, select, false);
        if (selection.aggregated()) {
            throw GatewayException.invalidInput("an insert's select names columns, not aggregates");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        selection.columns().forEach(p -> keys.put(p.key(), p.column()));
        return keys;
    }
}
