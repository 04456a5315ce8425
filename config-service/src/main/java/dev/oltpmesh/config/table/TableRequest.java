package dev.oltpmesh.config.table;

import java.util.List;
import java.util.Map;

/** A table definition as a client sends it; types and placement are checked by the validator. */
public record TableRequest(List<ColumnRequest> columns, List<String> primaryKey, Map<String, Object> placement) {

    public record ColumnRequest(String name, String type, Boolean nullable) {
    }
}
