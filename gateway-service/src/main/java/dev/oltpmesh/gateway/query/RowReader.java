package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.query.Keyset;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rows: every peer that may hold matching rows filters, orders and cuts its own, the gateway
 * merges the sorted streams and stops at the page. The order is made total (the primary key, or the
 * row's transaction and ordinal, then the peer) so pages are stable and a cursor can continue exactly
 * where the last page ended, with a keyset rather than an offset.
 */
@Component
class RowReader {

    private final ConfigSnapshot snapshot;
    private final PeerFanOut fanOut;

    RowReader(ConfigSnapshot snapshot, PeerFanOut fanOut) {
        this.snapshot = snapshot;
        this.fanOut = fanOut;
    }

    QueryAnswer read(TableDefinition table, QueryParser.Selection selection, List<Filter> filters,
                     List<FilterTree> trees, List<Order> requestedOrder, int limit, int offset, String cursorToken) {
        List<Order> order = totalOrder(table, requestedOrder);
        KeysetCursor cursor = null;
        if (cursorToken != null) {
            if (offset > 0) {
                throw GatewayException.invalidInput("cursor and offset cannot be combined: the cursor already says "
                        + "where the page starts");
            }
            cursor = KeysetCursor.decode(cursorToken, KeysetCursor.fingerprint(table.name(), filters, trees, order));
            if (cursor.values().size() != order.size()) {
                throw GatewayException.invalidCursor("cursor does not match this query's order");
            }
        }
        List<String> fetched = new ArrayList<>();
        selection.columns().forEach(p -> addOnce(fetched, p.column()));
        order.forEach(o -> addOnce(fetched, o.column()));

        PeerPruner.Targets targets = PeerPruner.targets(table, filters, snapshot.activePeerIds(),
                snapshot.unfinishedMoves(table.name()));
        boolean onePeer = targets.anyOne() || targets.peers().size() == 1;
        // One more row than the page tells whether another page follows.
        int wanted = limit + 1;
        KeysetCursor from = cursor;
        PeerFanOut.Answers answers = fanOut.ask(targets, peer -> {
            // Rows tying on every order term sort by peer; a replica holds them all, so never re-read them.
            boolean inclusive = !targets.anyOne() && from != null && from.peer() != null
                    && peer.compareTo(from.peer()) > 0;
            return onePeer
                    ? query(table, fetched, filters, order, wanted, offset, from, inclusive).where(trees)
                    : query(table, fetched, filters, order, wanted + offset, 0, from, inclusive).where(trees);
        });
        List<String> answered = new ArrayList<>(answers.rows().keySet());
        List<List<Map<String, Object>>> streams = new ArrayList<>();
        answered.forEach(peer -> streams.add(answers.rows().get(peer)));
        Map<String, ColumnType> types = QueryParser.columnTypes(table);
        types.put("_row", ColumnType.INTEGER);
        SortedMerge.Page page = SortedMerge.merge(streams, SortedMerge.comparator(order, types),
                onePeer ? 0 : offset, limit);
        String next = null;
        if (page.more() && !page.rows().isEmpty()) {
            Map<String, Object> last = page.rows().get(page.rows().size() - 1);
            List<Object> values = new ArrayList<>();
            for (Order o : order) {
                Object value = last.get(o.column());
                values.add(value == null ? null : types.get(o.column()).canonical(value));
            }
            // Hashed only when a page has a successor: most queries fit in one page.
            String lastPeer = targets.anyOne() ? null : answered.get(page.lastStream());
            next = new KeysetCursor(KeysetCursor.fingerprint(table.name(), filters, trees, order), values, lastPeer)
                    .encode();
        }
        List<Map<String, Object>> rows = new ArrayList<>(page.rows().size());
        for (Map<String, Object> row : page.rows()) {
            Map<String, Object> projected = new LinkedHashMap<>();
            selection.columns().forEach(p -> projected.put(p.key(), row.get(p.column())));
            rows.add(projected);
        }
        return new QueryAnswer(rows, answers.asked(), answers.failed(), next);
    }

    /**
     * How many rows the peers' planners expect the filters to match, summed: PostgREST's
     * {@code count=planned}, an estimate from each database's statistics rather than a count.
     */
    long planned(TableDefinition table, List<Filter> filters, List<FilterTree> trees) {
        PeerPruner.Targets targets = PeerPruner.targets(table, filters, snapshot.activePeerIds(),
                snapshot.unfinishedMoves(table.name()));
        List<String> fetched = List.of(table.columns().get(0).name());
        PeerFanOut.Answers answers = fanOut.ask(targets, peer -> PeerQuery.rows(table.name(), fetched, filters,
                List.of(), null, 0, null).where(trees), true);
        if (!answers.failed().isEmpty()) {
            throw GatewayException.peersUnavailable(answers.failed());
        }
        long rows = 0;
        for (List<Map<String, Object>> answer : answers.rows().values()) {
            for (Map<String, Object> row : answer) {
                rows += ((Number) row.get("rows")).longValue();
            }
        }
        return rows;
    }

    /**
     * The requested order, then the primary key, or for tables without one the row's transaction and
     * ordinal (unique on each peer; rows tying even on those come from different peers).
     */
    static List<Order> totalOrder(TableDefinition table, List<Order> requested) {
        List<Order> order = new ArrayList<>(requested);
        List<String> tiebreak = table.primaryKey().isEmpty() ? List.of("_tx", "_row") : table.primaryKey();
        for (String column : tiebreak) {
            if (order.stream().noneMatch(o -> o.column().equals(column))) {
                order.add(new Order(column, false, null));
            }
        }
        return order;
    }

    private static PeerQuery query(TableDefinition table, List<String> fetched, List<Filter> filters,
                                   List<Order> order, int limit, long offset, KeysetCursor cursor, boolean inclusive) {
        Keyset after = cursor == null ? null : new Keyset(cursor.values(), inclusive);
        return PeerQuery.rows(table.name(), fetched, filters, order, limit, offset, after);
    }

    private static void addOnce(List<String> columns, String column) {
        if (!columns.contains(column)) {
            columns.add(column);
        }
    }
}
