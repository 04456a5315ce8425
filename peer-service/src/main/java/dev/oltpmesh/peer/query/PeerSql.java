package dev.oltpmesh.peer.query;

import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.query.Keyset;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.peer.schema.SqlValues;
import dev.oltpmesh.peer.schema.TableMaterializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.oltpmesh.peer.schema.TableMaterializer.quote;

/** Builds the SQL of a peer query; every value is a bind parameter, every name a checked column. */
final class PeerSql {

    /** Shown with the user's columns when a query selects nothing in particular. */
    static final Map<String, ColumnType> SYSTEM_COLUMNS = Map.of("_tx", ColumnType.UUID_TYPE, "_seq", ColumnType.BIGINT);

    record Statement(String sql, List<Object> params, Map<String, ColumnType> columns) {
    }

    private PeerSql() {
    }

    /**
     * @param byteOrderText whether the database's own collation already orders text by its bytes, so
     *                      no collate clause is needed (one costs an expression per row in every sort)
     */
    static Statement build(TableDefinition table, PeerQuery query, boolean byteOrderText) {
        return build(table, query, byteOrderText, RegionSql.Condition.of("true"));
    }

    /** @param scope the rows the query may see at all (see {@code MoveRows#readScope}) */
    static Statement build(TableDefinition table, PeerQuery query, boolean byteOrderText, RegionSql.Condition scope) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        table.columns().forEach(c -> types.put(c.name(), c.type()));
        types.putAll(SYSTEM_COLUMNS);
        Map<String, ColumnType> selected = new LinkedHashMap<>();
        if (query.select().isEmpty() && query.aggregates().isEmpty()) {
            selected.putAll(types);
        }
        // Queryable, but only shown when asked for: the gateway orders and pages by it.
        types.put("_row", ColumnType.INTEGER);
        query.select().forEach(c -> selected.put(c, typeOf(types, c)));
        return query.aggregates().isEmpty()
                ? rows(table, query, types, selected, byteOrderText, scope)
                : groups(table, query, types, selected, byteOrderText, scope);
    }

    private static Statement rows(TableDefinition table, PeerQuery query, Map<String, ColumnType> types,
                                  Map<String, ColumnType> selected, boolean byteOrderText, RegionSql.Condition scope) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select ")
                .append(selected.keySet().stream().map(TableMaterializer::quote).collect(Collectors.joining(", ")))
                .append(" from ").append(quote(table.name()));
        List<String> conditions = new ArrayList<>();
        if (!scope.sql().equals("true")) {
            conditions.add(scope.sql());
            params.addAll(scope.params());
        }
        query.filters().forEach(f -> conditions.add(condition(f, typeOf(types, f.column()), params, byteOrderText)));
        query.trees().forEach(t -> conditions.add(tree(t, types, params, byteOrderText)));
        if (query.after() != null) {
            conditions.add(after(query.order(), query.after(), types, params, byteOrderText));
        }
        if (!conditions.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", conditions));
        }
        if (!query.order().isEmpty()) {
            sql.append(" order by ").append(query.order().stream().map(o ->
                    sortable(o.column(), typeOf(types, o.column()), byteOrderText) + (o.descending() ? " desc" : " asc")
                            + (o.effectiveNullsFirst() ? " nulls first" : " nulls last"))
                    .collect(Collectors.joining(", ")));
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

    /** One row of partial aggregates per group; the gateway reduces the groups of every peer. */
    private static Statement groups(TableDefinition table, PeerQuery query, Map<String, ColumnType> types,
                                    Map<String, ColumnType> groupBy, boolean byteOrderText, RegionSql.Condition scope) {
        List<Object> params = new ArrayList<>();
        Map<String, ColumnType> columns = new LinkedHashMap<>(groupBy);
        List<String> terms = new ArrayList<>();
        groupBy.keySet().forEach(c -> terms.add(quote(c)));
        for (int i = 0; i < query.aggregates().size(); i++) {
            Aggregate aggregate = query.aggregates().get(i);
            ColumnType type = aggregate.column() == null ? null : typeOf(types, aggregate.column());
            List<String> keys = PeerQuery.partialKeys(i, aggregate.function());
            String column = aggregate.column() == null ? null : quote(aggregate.column());
            switch (aggregate.function()) {
                case COUNT -> {
                    terms.add((column == null ? "count(*)" : "count(" + column + ")") + " as " + quote(keys.get(0)));
                    columns.put(keys.get(0), ColumnType.BIGINT);
                }
                case SUM -> {
                    terms.add(sum(column, type) + " as " + quote(keys.get(0)));
                    columns.put(keys.get(0), sumType(type));
                }
                case AVG -> {
                    terms.add(sum(column, type) + " as " + quote(keys.get(0)));
                    terms.add("count(" + column + ") as " + quote(keys.get(1)));
                    columns.put(keys.get(0), sumType(type));
                    columns.put(keys.get(1), ColumnType.BIGINT);
                }
                case MIN, MAX -> {
                    terms.add(aggregate.function().wireName() + "(" + sortable(aggregate.column(), type, byteOrderText) + ") as "
                            + quote(keys.get(0)));
                    columns.put(keys.get(0), type);
                }
            }
        }
        StringBuilder sql = new StringBuilder("select ").append(String.join(", ", terms))
                .append(" from ").append(quote(table.name()));
        List<String> conditions = new ArrayList<>();
        if (!scope.sql().equals("true")) {
            conditions.add(scope.sql());
            params.addAll(scope.params());
        }
        query.filters().forEach(f -> conditions.add(condition(f, typeOf(types, f.column()), params, byteOrderText)));
        query.trees().forEach(t -> conditions.add(tree(t, types, params, byteOrderText)));
        if (!conditions.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", conditions));
        }
        if (!groupBy.isEmpty()) {
            sql.append(" group by ").append(groupBy.keySet().stream().map(TableMaterializer::quote)
                    .collect(Collectors.joining(", ")));
        }
        if (query.limit() != null) {
            sql.append(" limit ?");
            params.add(query.limit());
        }
        return new Statement(sql.toString(), params, columns);
    }

    private static String sum(String column, ColumnType type) {
        requireNumber(type, column);
        return type == ColumnType.DOUBLE ? "sum(" + column + ")" : "sum(" + column + ")::numeric";
    }

    private static ColumnType sumType(ColumnType type) {
        return type == ColumnType.DOUBLE ? ColumnType.DOUBLE : ColumnType.NUMERIC;
    }

    private static void requireNumber(ColumnType type, String column) {
        if (type != ColumnType.INTEGER && type != ColumnType.BIGINT && type != ColumnType.NUMERIC
                && type != ColumnType.DOUBLE) {
            throw new IllegalArgumentException("column " + column + " is not a number");
        }
    }

    /**
     * The rows after the keyset in the query's order: after on the first term, or equal on it and
     * after on the next, and so on, with nulls placed as the order places them.
     */
    private static String after(List<Order> order, Keyset keyset, Map<String, ColumnType> types, List<Object> params,
                                boolean byteOrderText) {
        if (keyset.values().size() != order.size()) {
            throw new IllegalArgumentException("a keyset needs one value per order term");
        }
        List<String> alternatives = new ArrayList<>();
        List<String> equalSoFar = new ArrayList<>();
        List<Object> equalParams = new ArrayList<>();
        List<Object> collected = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Order o = order.get(i);
            ColumnType type = typeOf(types, o.column());
            Object value = keyset.values().get(i);
            String column = sortable(o.column(), type, byteOrderText);
            String beyond;
            List<Object> beyondParams = new ArrayList<>();
            if (value == null) {
                beyond = o.effectiveNullsFirst() ? quote(o.column()) + " is not null" : "false";
            } else {
                beyond = "(" + column + (o.descending() ? " < ?" : " > ?")
                        + (o.effectiveNullsFirst() ? "" : " or " + quote(o.column()) + " is null") + ")";
                beyondParams.add(SqlValues.toJdbc(type, type.canonical(value)));
            }
            List<String> term = new ArrayList<>(equalSoFar);
            term.add(beyond);
            alternatives.add("(" + String.join(" and ", term) + ")");
            collected.addAll(equalParams);
            collected.addAll(beyondParams);
            if (value == null) {
                equalSoFar.add(quote(o.column()) + " is null");
            } else {
                // Equality is byte equality under any deterministic collation; this form keeps the indexes usable.
                equalSoFar.add(quote(o.column()) + " = ?");
                equalParams.add(SqlValues.toJdbc(type, type.canonical(value)));
            }
        }
        if (keyset.inclusive()) {
            alternatives.add("(" + String.join(" and ", equalSoFar) + ")");
            collected.addAll(equalParams);
        }
        params.addAll(collected);
        return "(" + String.join(" or ", alternatives) + ")";
    }

    /** Byte order for text, so that every peer and the gateway's merge agree on it. */
    private static String sortable(String column, ColumnType type, boolean byteOrderText) {
        return quote(column) + (type == ColumnType.TEXT && !byteOrderText ? " collate \"C\"" : "");
    }

    /** A logical tree as one parenthesized condition; an empty or-tree holds for no row, an empty and-tree for all. */
    static String tree(FilterTree tree, Map<String, ColumnType> types, List<Object> params, boolean byteOrderText) {
        List<String> terms = new ArrayList<>();
        tree.filters().forEach(f -> terms.add(condition(f, typeOf(types, f.column()), params, byteOrderText)));
        tree.trees().forEach(t -> terms.add(tree(t, types, params, byteOrderText)));
        String joined = terms.isEmpty() ? String.valueOf(!tree.any())
                : "(" + String.join(tree.any() ? " or " : " and ", terms) + ")";
        return tree.negated() ? "not " + joined : joined;
    }

    static String condition(Filter filter, ColumnType type, List<Object> params, boolean byteOrderText) {
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
            boolean range = op == FilterOp.GT || op == FilterOp.GTE || op == FilterOp.LT || op == FilterOp.LTE;
            String target = op == FilterOp.LIKE || op == FilterOp.ILIKE ? column + "::text"
                    : range ? sortable(filter.column(), type, byteOrderText) : column;
            test = target + " " + op.sql() + " ?";
        }
        return filter.negated() ? "not (" + test + ")" : test;
    }

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*(\\d+)");

    /** The rows the top node of an {@code explain (format json)} plan expects: the first "Plan Rows" in it. */
    static long plannedRows(String plan) {
        Matcher m = PLAN_ROWS.matcher(plan);
        if (!m.find()) {
            throw new IllegalStateException("the plan names no row estimate");
        }
        return Long.parseLong(m.group(1));
    }

    private static ColumnType typeOf(Map<String, ColumnType> types, String column) {
        ColumnType type = types.get(column);
        if (type == null) {
            throw new IllegalArgumentException("unknown column '" + column + "'");
        }
        return type;
    }

}
