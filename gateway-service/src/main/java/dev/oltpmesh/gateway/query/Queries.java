package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.security.Clients;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.TableLookup;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The one query engine behind both read dialects ({@code /v1} and PostgREST's {@code /rest}): the
 * table checked against the caller's key, the parameters parsed and checked against the table, the
 * rows or groups read from the peers that may hold them.
 */
@Component
class Queries {

    /** A query, checked: every name is the table's and every value typed by its column. */
    record Query(TableDefinition table, QueryParser.Selection selection, List<Filter> filters, List<FilterTree> trees,
                 List<Order> order) {

        /** The type of each key of the answer's rows. */
        Map<String, ColumnType> resultTypes() {
            return QueryParser.resultTypes(table, selection);
        }
    }

    private final TableLookup tables;
    private final RowReader rowReader;
    private final GroupReader groupReader;
    private final TxStatusView statuses;
    private final GatewayProperties properties;

    Queries(TableLookup tables, RowReader rowReader, GroupReader groupReader, TxStatusView statuses,
            GatewayProperties properties) {
        this.tables = tables;
        this.rowReader = rowReader;
        this.groupReader = groupReader;
        this.statuses = statuses;
        this.properties = properties;
    }

    /** The table, if it exists and the caller's key may use it; a key limited to other tables learns nothing of it. */
    TableDefinition table(String table, HttpServletRequest request) {
        Clients.checkTables(request, List.of(table));
        return tables.current(table).orElseThrow(() -> GatewayException.notFound("table '" + table + "'"));
    }

    /** @param systemColumns whether an empty selection or {@code *} shows {@code _tx} and {@code _seq} too */
    Query parse(TableDefinition table, Map<String, List<String>> params, boolean systemColumns) {
        List<Filter> filters = QueryParser.filters(table, params);
        List<FilterTree> trees = QueryParser.trees(table, params);
        QueryParser.Selection selection = QueryParser.select(table, first(params, "select"), systemColumns);
        List<Order> order = selection.aggregated()
                ? QueryParser.order(QueryParser.resultTypes(table, selection), first(params, "order"))
                : QueryParser.order(table, first(params, "order"));
        return new Query(table, selection, filters, trees, order);
    }

    /** A page of rows or groups; {@code cursor} continues a page of rows where the last one ended. */
    QueryAnswer read(Query query, int limit, int offset, String cursor) {
        if (limit > properties.maxPageRows()) {
            throw GatewayException.invalidInput("limit " + limit + " is above " + properties.maxPageRows()
                    + " rows a page; page through larger results with the cursor in the Mesh-Next header");
        }
        // Every peer asked returns offset + limit rows to the gateway: the offset bounds a query's memory.
        if (offset > maxOffset()) {
            throw GatewayException.invalidInput("offset " + offset + " is above " + maxOffset()
                    + "; page through larger results with the cursor in the Mesh-Next header");
        }
        if (cursor != null && query.selection().aggregated()) {
            throw GatewayException.invalidInput("cursor pages through rows, not aggregates; use limit and offset");
        }
        return query.selection().aggregated()
                ? groupReader.read(query.table(), query.selection(), query.filters(), query.trees(), query.order(),
                limit, offset)
                : rowReader.read(query.table(), query.selection(), query.filters(), query.trees(), query.order(), limit,
                offset, cursor);
    }

    /**
     * PostgREST's counts: {@code exact} counts; {@code planned} sums the peers' planner estimates
     * (cheap, as exact as the databases' statistics); {@code estimated} counts exactly up to a page of
     * rows and estimates beyond, as PostgREST does. Groups of an aggregate are always counted.
     */
    long count(Query query, String mode) {
        if (query.selection().aggregated() || mode.equals("exact")) {
            return count(query);
        }
        long planned = rowReader.planned(query.table(), query.filters(), query.trees());
        return mode.equals("estimated") && planned <= properties.maxPageRows() ? count(query) : planned;
    }

    /**
     * How many rows (or, for aggregates, groups) the query matches in all, asked of the peers as one
     * count each; every peer that may hold matching rows must answer.
     */
    long count(Query query) {
        if (query.selection().aggregated()) {
            QueryAnswer groups = groupReader.read(query.table(), query.selection(), query.filters(), query.trees(),
                    List.of(), properties.maxPageRows(), 0);
            requireAll(groups);
            return groups.rows().size();
        }
        var counting = new QueryParser.Selection(List.of(), List.of(new Aggregate(AggregateFunction.COUNT, null,
                "count")));
        QueryAnswer answer = groupReader.read(query.table(), counting, query.filters(), query.trees(), List.of(), 1, 0);
        requireAll(answer);
        return answer.rows().isEmpty() ? 0 : ((Number) answer.rows().get(0).get("count")).longValue();
    }

    int maxPageRows() {
        return properties.maxPageRows();
    }

    int maxOffset() {
        return 10 * properties.maxPageRows();
    }

    private static void requireAll(QueryAnswer answer) {
        if (!answer.failed().isEmpty()) {
            throw GatewayException.peersUnavailable(answer.failed());
        }
    }

    /** Read-your-writes: wait, bounded, until the given transaction (the caller's own) is final. */
    void awaitAfter(String txId, String timeout, HttpServletRequest request) throws InterruptedException {
        if (txId == null) {
            return;
        }
        Duration wait = Duration.ofSeconds(5);
        if (timeout != null) {
            try {
                wait = Duration.parse(timeout);
            } catch (DateTimeParseException e) {
                throw GatewayException.invalidInput("timeout must be an ISO-8601 duration such as PT5S");
            }
        }
        if (wait.compareTo(properties.maxWait()) > 0) {
            wait = properties.maxWait();
        }
        // Another client's transaction is unknown here too: waiting on it would tell when it commits.
        if (statuses.status(txId).filter(s -> Clients.maySeeWorkOf(request, s.client())).isEmpty()) {
            throw GatewayException.notFound("transaction " + txId);
        }
        statuses.awaitFinal(txId, wait);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
