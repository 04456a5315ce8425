package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.RowValidator;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a write request and validates every row against its table before anything is accepted:
 * one bad row refuses the whole transaction, naming the table, row and column.
 */
class TransactionRequestReader {

    private final ConfigSnapshot snapshot;
    private final JsonMapper json;
    private final int maxRows;

    TransactionRequestReader(ConfigSnapshot snapshot, JsonMapper json, int maxRows) {
        this.snapshot = snapshot;
        this.json = json;
        this.maxRows = maxRows;
    }

    /** {@code {"inserts":[{"table":"t","rows":[{...}]}]}} */
    List<TableRows> readTransaction(byte[] body) {
        JsonNode root = parse(body);
        JsonNode inserts = root.get("inserts");
        if (!root.isObject() || inserts == null || !inserts.isArray() || inserts.isEmpty()) {
            throw GatewayException.invalidInput("the body must be {\"inserts\":[{\"table\":…,\"rows\":[…]}]} "
                    + "with at least one insert");
        }
        List<TableRows> result = new ArrayList<>();
        int total = 0;
        for (JsonNode insert : inserts) {
            JsonNode table = insert.get("table");
            JsonNode rows = insert.get("rows");
            if (table == null || !table.isString() || rows == null || !rows.isArray()) {
                throw GatewayException.invalidInput("every insert needs a \"table\" name and a \"rows\" array");
            }
            total += rows.size();
            checkRowCount(total);
            result.add(readRows(table.asString(), rows));
        }
        return merge(result);
    }

    /** One row object or an array of rows, for one table. */
    List<TableRows> readTableRows(String table, byte[] body) {
        JsonNode root = parse(body);
        JsonNode rows = root.isArray() ? root : json.createArrayNode().add(root);
        checkRowCount(rows.size());
        return List.of(readRows(table, rows));
    }

    private TableRows readRows(String tableName, JsonNode rows) {
        TableDefinition table = snapshot.table(tableName).orElseThrow(() -> GatewayException.unknownTable(tableName));
        if (rows.isEmpty()) {
            throw GatewayException.invalidInput("table '" + tableName + "' has no rows to insert");
        }
        List<Map<String, Object>> canonical = new ArrayList<>(rows.size());
        int index = 0;
        for (JsonNode row : rows) {
            if (!row.isObject()) {
                throw GatewayException.invalidRow(tableName, index, "a row must be a JSON object");
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = json.convertValue(row, Map.class);
                canonical.add(RowValidator.canonicalRow(table, values));
            } catch (InvalidValueException e) {
                throw GatewayException.invalidRow(tableName, index, e.getMessage());
            }
            index++;
        }
        return new TableRows(tableName, table.version(), canonical);
    }

    /** Two inserts into one table travel as one list of rows, in the order given. */
    private static List<TableRows> merge(List<TableRows> inserts) {
        Map<String, TableRows> byTable = new java.util.LinkedHashMap<>();
        for (TableRows insert : inserts) {
            byTable.merge(insert.table(), insert, (a, b) -> {
                List<Map<String, Object>> rows = new ArrayList<>(a.rows());
                rows.addAll(b.rows());
                return new TableRows(a.table(), Math.max(a.schemaVersion(), b.schemaVersion()), rows);
            });
        }
        return List.copyOf(byTable.values());
    }

    private void checkRowCount(int rows) {
        if (rows > maxRows) {
            throw GatewayException.tooLarge("a transaction may hold at most " + maxRows + " rows");
        }
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalidInput("the body is empty");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw GatewayException.invalidInput("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
