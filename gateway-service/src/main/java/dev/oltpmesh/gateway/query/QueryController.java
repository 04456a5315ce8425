package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.security.Clients;
import jakarta.servlet.http.HttpServletRequest;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.TableLookup;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reads: rows or aggregates of a table, after an optional wait for the caller's own write; the
 * readers ask the peers and merge or reduce their answers.
 */
@RestController
class QueryController {

    private final TableLookup tables;
    private final RowReader rowReader;
    private final GroupReader groupReader;
    private final TxStatusView statuses;
    private final GatewayProperties properties;

    QueryController(TableLookup tables, RowReader rowReader, GroupReader groupReader, TxStatusView statuses,
                    GatewayProperties properties) {
        this.tables = tables;
        this.rowReader = rowReader;
        this.groupReader = groupReader;
        this.statuses = statuses;
        this.properties = properties;
    }

    @GetMapping("/v1/tables/{table}/rows")
    ResponseEntity<List<Map<String, Object>>> rows(@PathVariable String table,
                                                   @RequestParam MultiValueMap<String, String> params,
                                                   HttpServletRequest request)
            throws InterruptedException {
        TableDefinition definition = table(table, request);
        List<Filter> filters = QueryParser.filters(definition, params);
        QueryParser.Selection selection = QueryParser.select(definition, params.getFirst("select"));
        List<Order> order = selection.aggregated()
                ? QueryParser.order(QueryParser.resultTypes(definition, selection), params.getFirst("order"))
                : QueryParser.order(definition, params.getFirst("order"));
        int limit = QueryParser.nonNegative("limit", params.getFirst("limit"), properties.defaultLimit());
        int offset = QueryParser.nonNegative("offset", params.getFirst("offset"), 0);
        if (limit > properties.maxPageRows()) {
            throw GatewayException.invalidInput("limit " + limit + " is above " + properties.maxPageRows()
                    + " rows a page; page through larger results with the cursor in the Mesh-Next header");
        }
        // Every peer asked returns offset + limit rows to the gateway: the offset bounds a query's memory.
        int maxOffset = 10 * properties.maxPageRows();
        if (offset > maxOffset) {
            throw GatewayException.invalidInput("offset " + offset + " is above " + maxOffset
                    + "; page through larger results with the cursor in the Mesh-Next header");
        }
        String cursor = params.getFirst("cursor");
        if (cursor != null && selection.aggregated()) {
            throw GatewayException.invalidInput("cursor pages through rows, not aggregates; use limit and offset");
        }
        awaitAfter(params.getFirst("after"), params.getFirst("timeout"), request);
        QueryAnswer answer = selection.aggregated()
                ? groupReader.read(definition, selection, filters, order, limit, offset)
                : rowReader.read(definition, selection, filters, order, limit, offset, cursor);
        return respond(answer, "true".equals(params.getFirst("partial")));
    }

    @GetMapping("/v1/tables/{table}/rows/{key}")
    ResponseEntity<Map<String, Object>> row(@PathVariable String table, @PathVariable String key,
                                            @RequestParam(required = false) String after,
                                            @RequestParam(required = false) String timeout,
                                            HttpServletRequest request)
            throws InterruptedException {
        TableDefinition definition = table(table, request);
        if (definition.primaryKey().size() != 1) {
            throw GatewayException.invalidInput("table '" + table + "' has no one-column primary key; "
                    + "query it with filters instead");
        }
        awaitAfter(after, timeout, request);
        String column = definition.primaryKey().get(0);
        Object value;
        try {
            value = definition.column(column).orElseThrow().type().canonical(key);
        } catch (InvalidValueException e) {
            throw GatewayException.invalidInput("key of '" + table + "': " + e.getMessage());
        }
        QueryAnswer answer = rowReader.read(definition, QueryParser.select(definition, null),
                List.of(new Filter(column, FilterOp.EQ, false, List.of(value))), List.of(), 1, 0, null);
        var response = respond(answer, false);
        List<Map<String, Object>> rows = response.getBody();
        if (rows == null || rows.isEmpty()) {
            throw GatewayException.notFound("row " + key + " of table '" + table + "'");
        }
        return ResponseEntity.ok().headers(response.getHeaders()).body(rows.get(0));
    }

    private ResponseEntity<List<Map<String, Object>>> respond(QueryAnswer answer, boolean partial) {
        if (!answer.failed().isEmpty() && !partial) {
            throw GatewayException.peersUnavailable(answer.failed());
        }
        var response = ResponseEntity.ok().header("Mesh-Peers", String.join(",", answer.asked()));
        if (!answer.failed().isEmpty()) {
            response.header("Mesh-Partial", String.join(",", answer.failed()));
        }
        if (answer.next() != null) {
            response.header("Mesh-Next", answer.next());
        }
        return response.body(answer.rows());
    }

    private TableDefinition table(String table, HttpServletRequest request) {
        Clients.checkTables(request, List.of(table));
        return tables.current(table).orElseThrow(() -> GatewayException.notFound("table '" + table + "'"));
    }

    /** Read-your-writes: wait, bounded, until the given transaction (the caller's own) is final. */
    private void awaitAfter(String txId, String timeout, HttpServletRequest request) throws InterruptedException {
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
}
