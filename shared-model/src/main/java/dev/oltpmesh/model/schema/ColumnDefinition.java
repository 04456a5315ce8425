package dev.oltpmesh.model.schema;

/** One typed column of a table. */
public record ColumnDefinition(String name, ColumnType type, boolean nullable) {
}
