package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.schema.SqlValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.oltpmesh.peer.schema.TableMaterializer.quote;

/** Builds the SQL of a peer query; every value is a bind parameter, every name a checked column. */
final class PeerSql {

    static final Map<String, ColumnType> SYSTEM_COLUMNS = Map.of("_tx", ColumnType.UUID_TYPE, "_seq", ColumnType.BIGINT);

    record Statement(String sql, List<Object> params, Map<String, ColumnType> columns) {
    }

    private PeerSql() {
    }

    static Statement build(TableDefinition table, PeerQuery query) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        table.columns().forEach(c -> types.put(c.name(), c.type()));
        types.putAll(SYSTEM_COLUMNS);
        Map<String, ColumnType> selected = new LinkedHashMap<>();
        if (query.select().isEmpty()) {
            selected.putAll(types);
        } else {
            query.select().forEach(c -> selected.put(c, typeOf(types, c)));
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select ")
                .append(selected.keySet().stream().map(c -> quote(c)).collect(Collectors.joining(", ")))
                .append(" from ").append(quote(table.name()));
        if (!query.filters().isEmpty()) {
            sql.append(" where ").append(query.filters().stream()
                    .map(f -> condition(f, typeOf(types, f.column()), params)).collect(Collectors.joining(" and ")));
        }
        if (!query.order().isEmpty()) {
            sql.append(" order by ").append(query.order().stream().map(o -> {
                // Byte order for text, so that every peer and the gateway's merge agree on it.
                String collate = typeOf(types, o.column()) == ColumnType.TEXT ? " collate \"C\"" : "";
                return quote(o.column()) + collate + (o.descending() ? " desc" : " asc")
                        + (o.effectiveNullsFirst() ? " nulls first" : " nulls last");
            }).collect(Collectors.joining(", ")));
        }
        if (query.limit() != null) {
            sql.append(" limit ?");
            params.add(query.limit());
        }
        if (query.offset() > 0) {
            sql.append(" offset ?");
            params.add(query.offset());
        }
        return new Statement(sql.toString(), params, selected);
    }

    private static String condition(Filter filter, ColumnType type, List<Object> params) {
        String column = quote(filter.column());
        FilterOp op = filter.op();
        String test;
        if (op == FilterOp.IN) {
            filter.values().forEach(v -> params.add(SqlValues.toJdbc(type, v)));
            test = column + " in (" + filter.values().stream().map(v -> "?").collect(Collectors.joining(", ")) + ")";
            if (filter.values().isEmpty()) {
                test = "false";
            }
        } else if (!op.takesValue()) {
            test = column + " " + op.sql();
        } else {
            Object value = filter.values().get(0);
            params.add(op == FilterOp.LIKE || op == FilterOp.ILIKE ? value.toString() : SqlValues.toJdbc(type, value));
            String target = op == FilterOp.LIKE || op == FilterOp.ILIKE ? column + "::text" : column;
            test = target + " " + op.sql() + " ?";
        }
        return filter.negated() ? "not (" + test + ")" : test;
    }

    private static ColumnType typeOf(Map<String, ColumnType> types, String column) {
        ColumnType type = types.get(column);
        if (type == null) {
            throw new IllegalArgumentException("unknown column '" + column + "'");
        }
        return type;
    }

}
