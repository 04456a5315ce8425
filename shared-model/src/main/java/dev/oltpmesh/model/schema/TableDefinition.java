package dev.oltpmesh.model.schema;

import dev.oltpmesh.model.placement.PlacementSpec;

import java.util.List;
import java.util.Optional;

/**
 * One version of a table: its columns, primary key and placement. A new version may only append
 * nullable columns, so a row valid for version N is valid for every later version.
 */
public record TableDefinition(String name, int version, List<ColumnDefinition> columns, List<String> primaryKey,
                              PlacementSpec placement) {

    public TableDefinition {
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    }

    public Optional<ColumnDefinition> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public TableDefinition withVersion(int newVersion) {
        return new TableDefinition(name, newVersion, columns, primaryKey, placement);
    }

    public TableDefinition withPlacement(PlacementSpec newPlacement) {
        return new TableDefinition(name, version, columns, primaryKey, newPlacement);
    }
}
