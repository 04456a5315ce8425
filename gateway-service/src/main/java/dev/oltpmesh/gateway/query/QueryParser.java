package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads PostgREST query parameters: {@code col=[not.]op.value}, {@code select=a,b},
 * {@code order=a.desc.nullslast,b}, {@code limit}, {@code offset}. Every name is checked against the
 * table and every value parsed by its column's type, so nothing unchecked reaches a peer.
 */
final class QueryParser {

    static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "partial", "after", "timeout",
            "cursor");

    private QueryParser() {
    }

    static Map<String, ColumnType> columnTypes(TableDefinition table) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        table.columns().forEach(c -> types.put(c.name(), c.type()));
        types.put("_tx", ColumnType.UUID_TYPE);
        types.put("_seq", ColumnType.BIGINT);
        return types;
    }

    static List<Filter> filters(TableDefinition table, Map<String, List<String>> params) {
        Map<String, ColumnType> types = columnTypes(table);
        List<Filter> filters = new ArrayList<>();
        params.forEach((name, values) -> {
            if (RESERVED.contains(name)) {
                return;
            }
            ColumnType type = types.get(name);
            if (type == null) {
                throw GatewayException.invalidInput("unknown column '" + name + "' in a filter on table '"
                        + table.name() + "'");
            }
            values.forEach(v -> filters.add(filter(name, type, v)));
        });
        return filters;
    }

    private static Filter filter(String column, ColumnType type, String expression) {
        boolean negated = expression.startsWith("not.");
        String rest = negated ? expression.substring(4) : expression;
        int dot = rest.indexOf('.');
        if (dot < 0) {
            throw GatewayException.invalidInput("filter '" + column + "=" + expression + "' must be op.value, "
                    + "e.g. " + column + "=eq.42");
        }
        String opName = rest.substring(0, dot);
        String value = rest.substring(dot + 1);
        FilterOp op = switch (opName) {
            case "eq" -> FilterOp.EQ;
            case "neq" -> FilterOp.NEQ;
            case "gt" -> FilterOp.GT;
            case "gte" -> FilterOp.GTE;
            case "lt" -> FilterOp.LT;
            case "lte" -> FilterOp.LTE;
            case "like" -> FilterOp.LIKE;
            case "ilike" -> FilterOp.ILIKE;
            case "in" -> FilterOp.IN;
            case "is" -> switch (value.toLowerCase(Locale.ROOT)) {
                case "null" -> FilterOp.IS_NULL;
                case "true" -> FilterOp.IS_TRUE;
                case "false" -> FilterOp.IS_FALSE;
                default -> throw GatewayException.invalidInput("is." + value + " on '" + column
                        + "': use is.null, is.true or is.false");
            };
            default -> throw GatewayException.invalidInput("unknown operator '" + opName + "' on '" + column
                    + "'; use eq neq gt gte lt lte like ilike in is");
        };
        if ((op == FilterOp.IS_TRUE || op == FilterOp.IS_FALSE) && type != ColumnType.BOOLEAN) {
            throw GatewayException.invalidInput("is." + value + " needs a boolean column; '" + column + "' is "
                    + type.wireName());
        }
        if (type == ColumnType.JSON && op != FilterOp.IS_NULL) {
            throw GatewayException.invalidInput("column '" + column + "' is json and can only be filtered with is.null");
        }
        List<Object> values = new ArrayList<>();
        if (op == FilterOp.IN) {
            if (!value.startsWith("(") || !value.endsWith(")")) {
                throw GatewayException.invalidInput("in on '" + column + "' needs a list: in.(a,b)");
            }
            for (String item : splitList(value.substring(1, value.length() - 1))) {
                values.add(typed(column, type, item));
            }
        } else if (op == FilterOp.LIKE || op == FilterOp.ILIKE) {
            values.add(value.replace('*', '%'));
        } else if (op.takesValue()) {
            values.add(typed(column, type, value));
        }
        return new Filter(column, op, negated, values);
    }

    private static Object typed(String column, ColumnType type, String text) {
        try {
            return type.canonical(text);
        } catch (InvalidValueException e) {
            throw GatewayException.invalidInput("filter on '" + column + "': " + e.getMessage());
        }
    }

    /** Splits {@code a,"b,c",d}; double quotes protect commas. */
    private static List<String> splitList(String list) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                items.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty() || !items.isEmpty()) {
            items.add(current.toString());
        }
        return items;
    }

    static List<Order> order(TableDefinition table, String order) {
        if (order == null || order.isBlank()) {
            return List.of();
        }
        Map<String, ColumnType> types = columnTypes(table);
        List<Order> result = new ArrayList<>();
        for (String term : order.split(",")) {
            String[] parts = term.trim().split("\\.");
            ColumnType type = types.get(parts[0]);
            if (type == null) {
                throw GatewayException.invalidInput("unknown column '" + parts[0] + "' in order");
            }
            if (!type.isOrderable()) {
                throw GatewayException.invalidInput("column '" + parts[0] + "' is json and cannot be ordered");
            }
            boolean descending = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc" -> descending = false;
                    case "desc" -> descending = true;
                    case "nullsfirst" -> nullsFirst = true;
                    case "nullslast" -> nullsFirst = false;
                    default -> throw GatewayException.invalidInput("order '" + term + "': use asc, desc, nullsfirst "
                            + "or nullslast");
                }
            }
            result.add(new Order(parts[0], descending, nullsFirst));
        }
        return result;
    }

    static List<String> select(TableDefinition table, String select) {
        if (select == null || select.isBlank() || select.equals("*")) {
            return List.of();
        }
        Map<String, ColumnType> types = columnTypes(table);
        List<String> columns = new ArrayList<>();
        for (String column : select.split(",")) {
            String name = column.trim();
            if (!types.containsKey(name)) {
                throw GatewayException.invalidInput("unknown column '" + name + "' in select");
            }
            columns.add(name);
        }
        return columns;
    }

    static int nonNegative(String name, String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw GatewayException.invalidInput(name + " must be a whole number of at least 0");
        }
    }
}
