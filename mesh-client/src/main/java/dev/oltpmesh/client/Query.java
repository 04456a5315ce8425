package dev.oltpmesh.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A read of one table in the gateway's PostgREST conventions: filters
 * {@code column=[not.]op.value}, {@code select}, {@code order}, {@code limit}, {@code offset}, and
 * read-your-writes with {@code after}. Immutable: every method returns a new query, so a base query
 * can be refined in several ways.
 *
 * <p>{@link #list()} and {@link #page()} read one page of at most {@code limit} rows (the gateway's
 * default is 1,000); {@link #stream()} and {@link #all()} read every matching row, {@code limit} rows
 * a request, following the gateway's keyset cursor, so each row comes exactly once whatever is
 * written meanwhile.
 */
public final class Query {

    private static final int DEFAULT_PAGE = 1_000;

    private record Param(String name, String value) {
    }

    private final Transport transport;
    private final String table;
    private final List<Param> filters;
    private final List<String> select;
    private final List<Order> order;
    private final Integer limit;
    private final Integer offset;
    private final String after;
    private final Duration timeout;
    private final boolean partial;
    private final String cursor;

    Query(Transport transport, String table) {
        this(transport, table, List.of(), List.of(), List.of(), null, null, null, null, false, null);
    }

    private Query(Transport transport, String table, List<Param> filters, List<String> select, List<Order> order,
                  Integer limit, Integer offset, String after, Duration timeout, boolean partial, String cursor) {
        this.transport = transport;
        this.table = table;
        this.filters = filters;
        this.select = select;
        this.order = order;
        this.limit = limit;
        this.offset = offset;
        this.after = after;
        this.timeout = timeout;
        this.partial = partial;
        this.cursor = cursor;
    }

    /**
     * The columns or aggregates to return: {@code "account"}, {@code "total:qty.sum()"},
     * {@code "count()"}; aggregates are grouped by the plain columns. None: every column with
     * {@code _tx} and {@code _seq}.
     */
    public Query select(String... columns) {
        return new Query(transport, table, filters, List.copyOf(Arrays.asList(columns)), order, limit, offset, after,
                timeout, partial, cursor);
    }

    public Query eq(String column, Object value) {
        return filter(column, Operator.EQ, value);
    }

    public Query neq(String column, Object value) {
        return filter(column, Operator.NEQ, value);
    }

    public Query gt(String column, Object value) {
        return filter(column, Operator.GT, value);
    }

    public Query gte(String column, Object value) {
        return filter(column, Operator.GTE, value);
    }

    public Query lt(String column, Object value) {
        return filter(column, Operator.LT, value);
    }

    public Query lte(String column, Object value) {
        return filter(column, Operator.LTE, value);
    }

    /** {@code %} (or {@code *}) matches any characters, {@code _} one. */
    public Query like(String column, String pattern) {
        return filter(column, Operator.LIKE, pattern);
    }

    public Query ilike(String column, String pattern) {
        return filter(column, Operator.ILIKE, pattern);
    }

    public Query in(String column, Collection<?> values) {
        return filter(column, Operator.IN, values);
    }

    public Query isNull(String column) {
        return filter(column, Operator.IS, null);
    }

    public Query isTrue(String column) {
        return filter(column, Operator.IS, true);
    }

    public Query isFalse(String column) {
        return filter(column, Operator.IS, false);
    }

    /** Any filter; several on one column all apply. */
    public Query filter(String column, Operator operator, Object value) {
        return withFilter(column, operator, value, false);
    }

    /** The filter negated: {@code not("price", Operator.IS, null)} is {@code price=not.is.null}. */
    public Query not(String column, Operator operator, Object value) {
        return withFilter(column, operator, value, true);
    }

    private Query withFilter(String column, Operator operator, Object value, boolean negated) {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(operator, "operator");
        List<Param> more = new ArrayList<>(filters);
        more.add(new Param(column, (negated ? "not." : "") + operator.wire() + "." + value(operator, value)));
        return new Query(transport, table, List.copyOf(more), select, order, limit, offset, after, timeout, partial,
                cursor);
    }

    /** Ascending by these columns. */
    public Query order(String... columns) {
        return order(Arrays.stream(columns).map(Order::asc).toArray(Order[]::new));
    }

    public Query order(Order... terms) {
        return new Query(transport, table, filters, select, List.copyOf(Arrays.asList(terms)), limit, offset, after,
                timeout, partial, cursor);
    }

    /** Rows of one page; the page size of {@link #stream()}. */
    public Query limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0");
        }
        return new Query(transport, table, filters, select, order, limit, offset, after, timeout, partial, cursor);
    }

    public Query offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0");
        }
        return new Query(transport, table, filters, select, order, limit, offset, after, timeout, partial, cursor);
    }

    /**
     * Read-your-writes: the gateway first waits (at most 5 s) until the caller's transaction
     * {@code txId} is committed or failed, so its rows are in the answer.
     */
    public Query after(String txId) {
        return after(txId, null);
    }

    /** {@link #after(String)}, waiting at most {@code timeout} (the gateway caps it at its max wait). */
    public Query after(String txId, Duration timeout) {
        return new Query(transport, table, filters, select, order, limit, offset, Objects.requireNonNull(txId),
                timeout, partial, cursor);
    }

    /**
     * Rows from the peers that answer even if one that may hold matching rows does not: the page then
     * names it in {@link Page#missingPeers()}. Without it, such a read fails with 503.
     */
    public Query allowPartial() {
        return new Query(transport, table, filters, select, order, limit, offset, after, timeout, true, cursor);
    }

    /** Continues where the page that returned this {@link Page#next()} ended. */
    public Query cursor(String next) {
        return new Query(transport, table, filters, select, order, limit, offset, after, timeout, partial, next);
    }

    /** The query string this query sends, percent-encoded, without the leading {@code ?}. */
    public String queryString() {
        List<String> params = new ArrayList<>();
        filters.forEach(p -> params.add(Transport.encode(p.name()) + "=" + Transport.encode(p.value())));
        if (!select.isEmpty()) {
            params.add("select=" + Transport.encode(String.join(",", select)));
        }
        if (!order.isEmpty()) {
            params.add("order=" + Transport.encode(order.stream().map(Order::wire).collect(Collectors.joining(","))));
        }
        if (limit != null) {
            params.add("limit=" + limit);
        }
        if (offset != null) {
            params.add("offset=" + offset);
        }
        if (after != null) {
            params.add("after=" + Transport.encode(after));
        }
        if (timeout != null) {
            params.add("timeout=" + timeout);
        }
        if (partial) {
            params.add("partial=true");
        }
        if (cursor != null) {
            params.add("cursor=" + Transport.encode(cursor));
        }
        return String.join("&", params);
    }

    /** One page, with what the gateway says about it. */
    public Page page() {
        String query = queryString();
        Duration serverWait = after == null ? Duration.ZERO : timeout == null ? Duration.ofSeconds(5) : timeout;
        Transport.Response response = transport.send(new Transport.Call("GET", "/v1/tables/"
                + Transport.encode(table) + "/rows" + (query.isEmpty() ? "" : "?" + query), null, Map.of(),
                serverWait, true));
        return new Page(Json.read(response.body(), Json.ROWS), names(response.header("Mesh-Peers").orElse(null)),
                names(response.header("Mesh-Partial").orElse(null)), response.header("Mesh-Next").orElse(null));
    }

    /** The rows of one page. */
    public List<Map<String, Object>> list() {
        return page().rows();
    }

    /** The rows of one page, each as {@code type} (a record or bean whose properties are the columns). */
    public <T> List<T> list(Class<T> type) {
        return list().stream().map(row -> Json.convert(row, type)).toList();
    }

    /** Every matching row, page by page, as the loop asks for them. */
    public Iterable<Map<String, Object>> all() {
        return () -> new Rows(limit == null ? limit(DEFAULT_PAGE) : this);
    }

    /** {@link #all()} as a stream. */
    public Stream<Map<String, Object>> stream() {
        return StreamSupport.stream(all().spliterator(), false);
    }

    public <T> Stream<T> stream(Class<T> type) {
        return stream().map(row -> Json.convert(row, type));
    }

    private static List<String> names(String header) {
        return header == null || header.isBlank() ? List.of() : List.of(header.split(","));
    }

    private static String value(Operator operator, Object value) {
        return switch (operator) {
            case IS -> {
                if (value != null && !(value instanceof Boolean)) {
                    throw new IllegalArgumentException("is takes null, true or false, not " + value);
                }
                yield String.valueOf(value);
            }
            case IN -> {
                if (!(value instanceof Collection<?> values)) {
                    throw new IllegalArgumentException("in takes a collection of values");
                }
                yield values.stream().map(Query::listItem).collect(Collectors.joining(",", "(", ")"));
            }
            default -> text(Objects.requireNonNull(value, () -> operator.wire() + " needs a value; use isNull"));
        };
    }

    /**
     * An item of an in list: quoted if it holds a character the list syntax gives a meaning to, with
     * quotes and backslashes escaped inside, as PostgREST reads lists.
     */
    private static String listItem(Object item) {
        String text = text(item);
        boolean plain = text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\\' || c == '(' || c == ')');
        return plain ? text : '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    /** Rows page by page: the first page as the query asks, the next ones from its cursor. */
    private static final class Rows implements Iterator<Map<String, Object>> {

        private Query next;
        private Iterator<Map<String, Object>> rows = List.<Map<String, Object>>of().iterator();

        Rows(Query first) {
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            while (!rows.hasNext() && next != null) {
                Page page = next.page();
                rows = page.rows().iterator();
                // The cursor says where the next page starts; the offset and the wait served the first.
                next = page.hasNext() ? new Query(next.transport, next.table, next.filters, next.select, next.order,
                        next.limit, null, null, null, next.partial, page.next()) : null;
            }
            return rows.hasNext();
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return rows.next();
        }
    }
}
