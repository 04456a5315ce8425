package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.RowValidator;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.TableLookup;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a write request and validates every row against its table before anything is accepted:
 * one bad row refuses the whole transaction, naming the table, row and column.
 */
class TransactionRequestReader {

    private final TableLookup tables;
    private final JsonMapper json;
    private final int maxRows;
    private final long maxCanonicalChars;

    /**
     * @param maxCanonicalChars how large the rows may grow in canonical form: a numeric written as
     *                          {@code 1e131071} is 131,072 digits once written out, so a small body could
     *                          otherwise become gigabytes in memory and an event no broker takes
     */
    TransactionRequestReader(TableLookup tables, JsonMapper json, int maxRows, long maxCanonicalChars) {
        this.tables = tables;
        this.json = json;
        this.maxRows = maxRows;
        this.maxCanonicalChars = maxCanonicalChars;
    }

    /** Counts the characters of canonical text values of one request, row by row. */
    private final class Expansion {
        private long chars;

        void add(Map<String, Object> row) {
            for (Object value : row.values()) {
                if (value instanceof String text) {
                    chars += text.length();
                }
            }
            if (chars > maxCanonicalChars) {
                throw GatewayException.tooLarge("the rows grow to more than " + maxCanonicalChars
                        + " characters once their values are written out in full (numbers with large exponents?)");
            }
        }
    }

    /**
     * {@code {"inserts":[{"table":"t","rows":[{...}]}]}}; two inserts into one table become one.
     * {@code mayUse} sees the tables named before any is looked up, so a caller who may not use one
     * learns nothing of it.
     */
    List<TableRows> readTransaction(byte[] body, Consumer<Collection<String>> mayUse) {
        if (!(parse(body) instanceof Map<?, ?> root) || !(root.get("inserts") instanceof List<?> inserts)
                || inserts.isEmpty()) {
            throw GatewayException.invalidInput("the body must be {\"inserts\":[{\"table\":…,\"rows\":[…]}]} "
                    + "with at least one insert");
        }
        Map<String, List<Object>> rowsByTable = new LinkedHashMap<>();
        int total = 0;
        for (Object insert : inserts) {
            if (!(insert instanceof Map<?, ?> i) || !(i.get("table") instanceof String table)
                    || !(i.get("rows") instanceof List<?> rows)) {
                throw GatewayException.invalidInput("every insert needs a \"table\" name and a \"rows\" array");
            }
            total += rows.size();
            checkRowCount(total);
            rowsByTable.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows);
        }
        mayUse.accept(rowsByTable.keySet());
        List<TableRows> result = new ArrayList<>(rowsByTable.size());
        Expansion expansion = new Expansion();
        rowsByTable.forEach((table, rows) -> result.add(readRows(table, rows, expansion)));
        return result;
    }

    /** One row object or an array of rows, for one table. */
    List<TableRows> readTableRows(String table, byte[] body) {
        return readTableRows(table, body, null, false);
    }

    /**
     * One row object or an array of rows, for one table, as PostgREST reads an insert.
     *
     * @param columns        when given, only these keys are read from each row (a missing one is null)
     * @param skipDuplicates whether a row whose key exists already is left out rather than failing all
     */
    List<TableRows> readTableRows(String table, byte[] body, List<String> columns, boolean skipDuplicates) {
        Object root = parse(body);
        List<?> rows = root instanceof List<?> list ? list : List.of(root);
        checkRowCount(rows.size());
        if (columns != null) {
            TableDefinition definition = tables.current(table).orElseThrow(() -> GatewayException.unknownTable(table));
            for (String column : columns) {
                if (definition.column(column).isEmpty()) {
                    throw GatewayException.invalidRow(table, 0, "columns names '" + column + "', which table '"
                            + table + "' does not have", "PGRST204");
                }
            }
            List<Object> picked = new ArrayList<>(rows.size());
            for (Object row : rows) {
                if (row instanceof Map<?, ?> values) {
                    Map<Object, Object> only = new LinkedHashMap<>();
                    columns.forEach(c -> only.put(c, values.get(c)));
                    picked.add(only);
                } else {
                    picked.add(row);
                }
            }
            rows = picked;
        }
        TableRows read = readRows(table, rows, new Expansion());
        return List.of(skipDuplicates ? new TableRows(read.table(), read.schemaVersion(), read.rows(), null, true) : read);
    }

    private TableRows readRows(String tableName, List<?> rows, Expansion expansion) {
        TableDefinition table = tables.current(tableName).orElseThrow(() -> GatewayException.unknownTable(tableName));
        if (rows.isEmpty()) {
            throw GatewayException.invalidInput("table '" + tableName + "' has no rows to insert");
        }
        List<Map<String, Object>> canonical = new ArrayList<>(rows.size());
        int index = 0;
        for (Object row : rows) {
            if (!(row instanceof Map<?, ?> values)) {
                throw GatewayException.invalidRow(tableName, index, "a row must be a JSON object");
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, ?> columns = (Map<String, ?>) values;
                Map<String, Object> valid = RowValidator.canonicalRow(table, columns);
                expansion.add(valid);
                canonical.add(valid);
            } catch (InvalidValueException e) {
                throw GatewayException.invalidRow(tableName, index, e.getMessage(), switch (e.problem()) {
                    case INVALID_VALUE -> "22P02";
                    case MISSING_VALUE -> "23502";
                    case UNKNOWN_COLUMN -> "PGRST204";
                });
            }
            index++;
        }
        return new TableRows(tableName, table.version(), canonical);
    }

    private void checkRowCount(int rows) {
        if (rows > maxRows) {
            throw GatewayException.tooLarge("a transaction may hold at most " + maxRows + " rows");
        }
    }

    /** Parsed once into maps and lists, numbers with a fraction as BigDecimal so nothing is rounded. */
    private Object parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalidInput("the body is empty");
        }
        try {
            return json.readValue(body, Object.class);
        } catch (JacksonException e) {
            throw GatewayException.invalidInput("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
