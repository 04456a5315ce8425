package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.status.TxStatusView;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterOp;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import dev.oltpmesh.support.config.TableLookup;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads: the peers that may hold matching rows are asked in parallel, each filters, orders and
 * cuts its own rows, and the gateway merges the sorted answers.
 */
@RestController
class QueryController {

    private final ConfigSnapshot snapshot;
    private final TableLookup tables;
    private final PeerFanOut fanOut;
    private final TxStatusView statuses;
    private final GatewayProperties properties;

    QueryController(ConfigSnapshot snapshot, TableLookup tables, PeerFanOut fanOut, TxStatusView statuses, GatewayProperties properties) {
        this.snapshot = snapshot;
        this.tables = tables;
        this.fanOut = fanOut;
        this.statuses = statuses;
        this.properties = properties;
    }

    @GetMapping("/v1/tables/{table}/rows")
    ResponseEntity<List<Map<String, Object>>> rows(@PathVariable String table,
                                                   @RequestParam MultiValueMap<String, String> params)
            throws InterruptedException {
        TableDefinition definition = table(table);
        awaitAfter(params.getFirst("after"), params.getFirst("timeout"));
        List<Filter> filters = QueryParser.filters(definition, params);
        List<Order> order = QueryParser.order(definition, params.getFirst("order"));
        List<String> select = QueryParser.select(definition, params.getFirst("select"));
        int limit = QueryParser.nonNegative("limit", params.getFirst("limit"), properties.defaultLimit());
        int offset = QueryParser.nonNegative("offset", params.getFirst("offset"), 0);
        boolean partial = "true".equals(params.getFirst("partial"));
        return run(definition, select, filters, order, limit, offset, partial);
    }

    @GetMapping("/v1/tables/{table}/rows/{key}")
    ResponseEntity<Map<String, Object>> row(@PathVariable String table, @PathVariable String key,
                                            @RequestParam(required = false) String after,
                                            @RequestParam(required = false) String timeout)
            throws InterruptedException {
        TableDefinition definition = table(table);
        if (definition.primaryKey().size() != 1) {
            throw GatewayException.invalidInput("table '" + table + "' has no one-column primary key; "
                    + "query it with filters instead");
        }
        awaitAfter(after, timeout);
        String column = definition.primaryKey().get(0);
        Object value;
        try {
            value = definition.column(column).orElseThrow().type().canonical(key);
        } catch (InvalidValueException e) {
            throw GatewayException.invalidInput("key of '" + table + "': " + e.getMessage());
        }
        var answer = run(definition, List.of(), List.of(new Filter(column, FilterOp.EQ, false, List.of(value))),
                List.of(), 1, 0, false);
        List<Map<String, Object>> rows = answer.getBody();
        if (rows == null || rows.isEmpty()) {
            throw GatewayException.notFound("row " + key + " of table '" + table + "'");
        }
        return ResponseEntity.ok().headers(answer.getHeaders()).body(rows.get(0));
    }

    private ResponseEntity<List<Map<String, Object>>> run(TableDefinition table, List<String> select,
                                                          List<Filter> filters, List<Order> order, int limit,
                                                          int offset, boolean partial) {
        List<String> peers = PeerPruner.peersFor(table, filters, snapshot.activePeerIds());
        List<String> selectForMerge = select;
        if (!select.isEmpty()) {
            // The merge needs the order columns even when the client did not select them.
            selectForMerge = new ArrayList<>(select);
            for (Order o : order) {
                if (!selectForMerge.contains(o.column())) {
                    selectForMerge.add(o.column());
                }
            }
        }
        boolean single = peers.size() == 1;
        PeerQuery query = new PeerQuery(table.name(), selectForMerge, filters, order,
                single ? limit : limit + offset, single ? offset : 0);
        PeerFanOut.Answers answers = fanOut.ask(peers, query);
        if (!answers.failed().isEmpty() && !partial) {
            throw GatewayException.peersUnavailable(answers.failed());
        }
        List<Map<String, Object>> rows = SortedMerge.merge(new ArrayList<>(answers.rows().values()), order,
                QueryParser.columnTypes(table), single ? 0 : offset, limit);
        if (selectForMerge != select) {
            rows = rows.stream().map(r -> {
                Map<String, Object> kept = new java.util.LinkedHashMap<>();
                select.forEach(c -> kept.put(c, r.get(c)));
                return kept;
            }).toList();
        }
        var response = ResponseEntity.ok().header("Mesh-Peers", String.join(",", peers));
        if (!answers.failed().isEmpty()) {
            response.header("Mesh-Partial", String.join(",", answers.failed()));
        }
        return response.body(rows);
    }

    private TableDefinition table(String table) {
        return tables.current(table).orElseThrow(() -> GatewayException.notFound("table '" + table + "'"));
    }

    /** Read-your-writes: wait, bounded, until the given transaction is final. */
    private void awaitAfter(String txId, String timeout) throws InterruptedException {
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
        if (statuses.status(txId).isEmpty()) {
            throw GatewayException.notFound("transaction " + txId);
        }
        statuses.awaitFinal(txId, wait);
    }
}
