package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads PostgREST query parameters: {@code col=[not.]op.value}, {@code select=a,b},
 * {@code order=a.desc.nullslast,b}, {@code limit}, {@code offset}, aggregates in {@code select}. Every name is checked against the
 * table and every value parsed by its column's type, so nothing unchecked reaches a peer.
 */
final class QueryParser {

    /** An in list is sent to every peer asked and bound value by value: its length is bounded. */
    static final int MAX_IN_VALUES = 1_000;

    /** How deep logical trees nest, and how many conditions they hold in all: a query's size is bounded. */
    static final int MAX_TREE_DEPTH = 8;
    static final int MAX_TREE_TERMS = 200;

    /** The parameters that are not filters (PostgREST reserves the same words). */
    static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "partial", "after", "timeout",
            "cursor", "or", "and", "not.or", "not.and");

    /** Operators PostgREST has that the mesh does not offer: told apart from a typo. */
    private static final Set<String> POSTGREST_ONLY = Set.of("fts", "plfts", "phfts", "wfts", "cs", "cd", "ov",
            "sl", "sr", "nxr", "nxl", "adj", "match", "imatch", "isdistinct");

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
                throw GatewayException.unknownColumn("unknown column '" + name + "' in a filter on table '"
                        + table.name() + "'");
            }
            values.forEach(v -> filters.add(filter(name, type, v)));
        });
        return filters;
    }

    /**
     * Reads the logical trees {@code or=(…)}, {@code and=(…)}, {@code not.or=(…)} and
     * {@code not.and=(…)}, whose items are {@code col.[not.]op.value} or nested
     * {@code [not.]and(…)}/{@code [not.]or(…)}; a value holding {@code ,()} is double-quoted.
     */
    static List<FilterTree> trees(TableDefinition table, Map<String, List<String>> params) {
        Map<String, ColumnType> types = columnTypes(table);
        List<FilterTree> trees = new ArrayList<>();
        int[] terms = {0};
        for (String name : List.of("or", "and", "not.or", "not.and")) {
            for (String value : params.getOrDefault(name, List.of())) {
                if (!value.startsWith("(") || !value.endsWith(")")) {
                    throw GatewayException.invalidInput(name + " needs a parenthesized list: " + name
                            + "=(a.eq.1,b.gt.2)");
                }
                trees.add(tree(name + value, types, 1, terms));
            }
        }
        return trees;
    }

    private static FilterTree tree(String expression, Map<String, ColumnType> types, int depth, int[] terms) {
        if (depth > MAX_TREE_DEPTH) {
            throw GatewayException.invalidInput("logical trees nest at most " + MAX_TREE_DEPTH + " deep");
        }
        boolean negated = expression.startsWith("not.");
        String rest = negated ? expression.substring(4) : expression;
        boolean any = rest.startsWith("or(");
        String inner = rest.substring(any ? 3 : 4, rest.length() - 1);
        List<Filter> filters = new ArrayList<>();
        List<FilterTree> trees = new ArrayList<>();
        for (String item : splitTopLevel(inner)) {
            if (++terms[0] > MAX_TREE_TERMS) {
                throw GatewayException.invalidInput("logical trees hold at most " + MAX_TREE_TERMS + " conditions");
            }
            String bare = item.startsWith("not.") ? item.substring(4) : item;
            if ((bare.startsWith("and(") || bare.startsWith("or(")) && item.endsWith(")")) {
                trees.add(tree(item, types, depth + 1, terms));
                continue;
            }
            int dot = item.indexOf('.');
            if (dot <= 0) {
                throw GatewayException.invalidInput("'" + item + "' in a logical tree must be col.op.value, "
                        + "and(…) or or(…)");
            }
            String column = item.substring(0, dot);
            ColumnType type = types.get(column);
            if (type == null) {
                throw GatewayException.unknownColumn("unknown column '" + column + "' in a logical tree");
            }
            filters.add(filter(column, type, unquoteValue(item.substring(dot + 1))));
        }
        if (filters.isEmpty() && trees.isEmpty()) {
            throw GatewayException.invalidInput("an empty logical tree: name at least one condition in it");
        }
        return new FilterTree(any, negated, filters, trees);
    }

    /** In a tree, {@code eq."a,b"} means the value {@code a,b}; an in-list keeps its quotes for splitList. */
    private static String unquoteValue(String opAndValue) {
        int dot = opAndValue.indexOf('.', opAndValue.startsWith("not.") ? 4 : 0);
        if (dot < 0) {
            return opAndValue;
        }
        String value = opAndValue.substring(dot + 1);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return opAndValue.substring(0, dot + 1) + unescape(value.substring(1, value.length() - 1));
        }
        return opAndValue;
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Splits at the commas outside parentheses and double quotes. */
    private static List<String> splitTopLevel(String list) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quoted && c == '\\' && i + 1 < list.length()) {
                current.append(c).append(list.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                items.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted || depth != 0) {
            throw GatewayException.invalidInput("unbalanced quotes or parentheses in a logical tree");
        }
        items.add(current.toString());
        return items;
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
            case String name when POSTGREST_ONLY.contains(name) || name.startsWith("like(")
                    || name.startsWith("ilike(") || name.startsWith("eq(") || name.startsWith("neq(")
                    || name.startsWith("gt(") || name.startsWith("gte(") || name.startsWith("lt(")
                    || name.startsWith("lte(") || name.startsWith("fts(") -> throw GatewayException.notImplemented(
                    "operator '" + name + "' on '" + column + "' is PostgREST's but the mesh does not offer it; use eq "
                            + "neq gt gte lt lte like ilike in is, and or=(…) for alternatives", "PGRST127");
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
            List<String> items = splitList(value.substring(1, value.length() - 1));
            if (items.size() > MAX_IN_VALUES) {
                throw GatewayException.invalidInput("in on '" + column + "' lists " + items.size() + " values; at most "
                        + MAX_IN_VALUES + " are taken in one query");
            }
            for (String item : items) {
                values.add(typed(column, type, item));
            }
        } else if (op == FilterOp.LIKE || op == FilterOp.ILIKE) {
            // A pattern is text: what text cannot hold (NUL) is refused here, not by a peer.
            values.add(typed(column, ColumnType.TEXT, value.replace('*', '%')));
        } else if (op.takesValue()) {
            values.add(typed(column, type, value));
        }
        return new Filter(column, op, negated, values);
    }

    private static Object typed(String column, ColumnType type, String text) {
        try {
            return type.canonical(text);
        } catch (InvalidValueException e) {
            throw GatewayException.invalidValue("filter on '" + column + "': " + e.getMessage());
        }
    }

    /**
     * Splits {@code a,"b,c",d}; double quotes protect commas and parentheses, and inside them a
     * backslash takes the next character as it is ({@code "say \"hi\""}), as PostgREST reads lists.
     */
    private static List<String> splitList(String list) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quoted && c == '\\' && i + 1 < list.length()) {
                current.append(list.charAt(++i));
            } else if (c == '"') {
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
        return order(columnTypes(table), order);
    }

    /** Order terms over the given keys: a table's columns, or the result keys of an aggregated query. */
    static List<Order> order(Map<String, ColumnType> types, String order) {
        if (order == null || order.isBlank()) {
            return List.of();
        }
        List<Order> result = new ArrayList<>();
        for (String term : order.split(",")) {
            String[] parts = term.trim().split("\\.");
            ColumnType type = types.get(parts[0]);
            if (type == null) {
                throw GatewayException.unknownColumn("unknown column '" + parts[0] + "' in order; it may name "
                        + String.join(", ", types.keySet()));
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

    /** A selected column and the key it has in the result: its name, unless aliased. */
    record Projection(String column, String key) {
    }

    /** What a query selects: plain columns, and aggregates grouped by those columns. */
    record Selection(List<Projection> columns, List<Aggregate> aggregates) {

        boolean aggregated() {
            return !aggregates.isEmpty();
        }
    }

    /**
     * Reads {@code select=a,alias:b,count(),total:amount.sum(),amount.avg()}. Without aggregates an
     * empty selection means every column with {@code _tx} and {@code _seq}.
     */
    static Selection select(TableDefinition table, String select) {
        return select(table, select, true);
    }

    /** @param systemColumns whether an empty selection or {@code *} shows {@code _tx} and {@code _seq} too */
    static Selection select(TableDefinition table, String select, boolean systemColumns) {
        Map<String, ColumnType> types = columnTypes(table);
        List<Projection> columns = new ArrayList<>();
        List<Aggregate> aggregates = new ArrayList<>();
        if (select == null || select.isBlank() || select.equals("*")) {
            table.columns().forEach(c -> columns.add(new Projection(c.name(), c.name())));
            if (systemColumns) {
                columns.add(new Projection("_tx", "_tx"));
                columns.add(new Projection("_seq", "_seq"));
            }
            return new Selection(columns, aggregates);
        }
        Set<String> keys = new HashSet<>();
        for (String item : select.split(",")) {
            String term = item.trim();
            String alias = null;
            int colon = term.indexOf(':');
            if (colon >= 0) {
                alias = term.substring(0, colon).trim();
                term = term.substring(colon + 1).trim();
                if (alias.isEmpty()) {
                    throw GatewayException.invalidInput("select '" + item.trim() + "' has an empty alias");
                }
            }
            if (term.equals("*") && alias == null) {
                for (var column : table.columns()) {
                    columns.add(new Projection(column.name(), column.name()));
                    if (!keys.add(column.name())) {
                        throw GatewayException.invalidInput("select names '" + column.name() + "' twice");
                    }
                }
                continue;
            }
            String key;
            if (term.endsWith("()")) {
                Aggregate aggregate = aggregate(term, alias, types);
                aggregates.add(aggregate);
                key = aggregate.key();
            } else {
                if (term.contains("(")) {
                    throw GatewayException.notImplemented("select '" + item.trim() + "' embeds another table; the "
                            + "mesh has no relationships between tables: query each table on its own", "PGRST200");
                }
                if (term.contains("::") || term.contains("->") || term.startsWith("...")) {
                    throw GatewayException.notImplemented("select '" + item.trim() + "': casts, JSON paths and "
                            + "spreads are not offered by the mesh; select plain columns and aggregates", "PGRST127");
                }
                if (!types.containsKey(term)) {
                    throw GatewayException.unknownColumn("unknown column '" + term + "' in select");
                }
                key = alias == null ? term : alias;
                columns.add(new Projection(term, key));
            }
            if (!keys.add(key)) {
                throw GatewayException.invalidInput("select names '" + key + "' twice; give one of them an alias, "
                        + "e.g. total:amount.sum()");
            }
        }
        return new Selection(columns, aggregates);
    }

    private static Aggregate aggregate(String term, String alias, Map<String, ColumnType> types) {
        String call = term.substring(0, term.length() - 2);
        int dot = call.lastIndexOf('.');
        String column = dot < 0 ? null : call.substring(0, dot);
        String name = dot < 0 ? call : call.substring(dot + 1);
        AggregateFunction function;
        try {
            function = AggregateFunction.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidInput("unknown aggregate '" + name + "()'; use count(), col.count(), "
                    + "col.sum(), col.avg(), col.min() or col.max()");
        }
        if (column == null && function != AggregateFunction.COUNT) {
            throw GatewayException.invalidInput(name + "() needs a column: col." + name + "()");
        }
        if (column != null) {
            ColumnType type = types.get(column);
            if (type == null) {
                throw GatewayException.unknownColumn("unknown column '" + column + "' in " + term);
            }
            boolean number = type == ColumnType.INTEGER || type == ColumnType.BIGINT || type == ColumnType.NUMERIC
                    || type == ColumnType.DOUBLE;
            boolean ordered = number || type == ColumnType.TEXT || type == ColumnType.TIMESTAMP
                    || type == ColumnType.DATE;
            if ((function == AggregateFunction.SUM || function == AggregateFunction.AVG) && !number) {
                throw GatewayException.invalidInput(term + ": '" + column + "' is " + type.wireName()
                        + ", not a number");
            }
            if ((function == AggregateFunction.MIN || function == AggregateFunction.MAX) && !ordered) {
                throw GatewayException.invalidInput(term + ": " + type.wireName() + " values have no "
                        + function.wireName());
            }
        }
        return new Aggregate(function, column, alias == null ? function.wireName() : alias);
    }

    /** The type of each result key of an aggregated query, for ordering the groups. */
    static Map<String, ColumnType> resultTypes(TableDefinition table, Selection selection) {
        Map<String, ColumnType> columns = columnTypes(table);
        Map<String, ColumnType> types = new LinkedHashMap<>();
        selection.columns().forEach(p -> types.put(p.key(), columns.get(p.column())));
        for (Aggregate aggregate : selection.aggregates()) {
            ColumnType of = aggregate.column() == null ? null : columns.get(aggregate.column());
            types.put(aggregate.key(), switch (aggregate.function()) {
                case COUNT -> ColumnType.BIGINT;
                case SUM, AVG -> of == ColumnType.DOUBLE ? ColumnType.DOUBLE : ColumnType.NUMERIC;
                case MIN, MAX -> of;
            });
        }
        return types;
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
