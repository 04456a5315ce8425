package dev.oltpmesh.model.schema;

import java.util.Map;
import java.util.TreeMap;

/**
 * Checks one client row against a table definition and returns it in canonical form. The gateway
 * runs it before anything is accepted; the rows then travel signed and are not checked again.
 */
public final class RowValidator {

    private RowValidator() {
    }

    public static Map<String, Object> canonicalRow(TableDefinition table, Map<String, ?> row) {
        for (String given : row.keySet()) {
            if (table.column(given).isEmpty()) {
                throw InvalidValueException.unknownColumn("unknown column '" + given + "' in table '" + table.name() + "'");
            }
        }
        Map<String, Object> canonical = new TreeMap<>();
        for (ColumnDefinition column : table.columns()) {
            Object value = row.get(column.name());
            if (value == null) {
                if (!column.nullable()) {
                    throw InvalidValueException.missing("column '" + column.name() + "' is not nullable and has no value");
                }
                continue;
            }
            try {
                canonical.put(column.name(), column.type().canonical(value));
            } catch (InvalidValueException e) {
                throw e.withMessage("column '" + column.name() + "': " + e.getMessage());
            }
        }
        return canonical;
    }
}
