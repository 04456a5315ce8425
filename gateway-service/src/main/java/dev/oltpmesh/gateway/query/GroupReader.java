package dev.oltpmesh.gateway.query;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.Filter;
import dev.oltpmesh.model.query.FilterTree;
import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates: each peer that may hold matching rows returns partials per group of the plain selected
 * columns, the gateway reduces them (avg from sums and counts), then orders and cuts the groups.
 */
@Component
class GroupReader {

    private final ConfigSnapshot snapshot;
    private final PeerFanOut fanOut;
    private final int maxGroups;

    GroupReader(ConfigSnapshot snapshot, PeerFanOut fanOut, GatewayProperties properties) {
        this.snapshot = snapshot;
        this.fanOut = fanOut;
        this.maxGroups = properties.maxPageRows();
    }

    QueryAnswer read(TableDefinition table, QueryParser.Selection selection, List<Filter> filters,
                     List<FilterTree> trees, List<Order> order, int limit, int offset) {
        List<String> groupBy = new ArrayList<>();
        selection.columns().forEach(p -> {
            if (!groupBy.contains(p.column())) {
                groupBy.add(p.column());
            }
        });
        // Every group is held here to be reduced: their number is what bounds a query's memory.
        PeerQuery query = PeerQuery.groups(table.name(), groupBy, filters, selection.aggregates(), maxGroups + 1)
                .where(trees);
        PeerFanOut.Answers answers = fanOut.ask(PeerPruner.targets(table, filters, snapshot.activePeerIds(),
                snapshot.unfinishedMoves(table.name())),
                peer -> query);
        if (answers.rows().values().stream().anyMatch(rows -> rows.size() > maxGroups)) {
            throw GatewayException.invalidInput("the query makes more than " + maxGroups + " groups; group by fewer "
                    + "or more selective columns, or narrow it with filters");
        }
        Map<String, ColumnType> columnTypes = QueryParser.columnTypes(table);
        GroupReduction reduction = new GroupReduction(groupBy, columnTypes, selection.aggregates());
        answers.rows().values().forEach(rows -> rows.forEach(reduction::add));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupReduction.Group group : reduction.groups()) {
            Map<String, Object> row = new LinkedHashMap<>();
            selection.columns().forEach(p -> row.put(p.key(), group.columnValues().get(p.column())));
            List<Aggregate> aggregates = selection.aggregates();
            for (int i = 0; i < aggregates.size(); i++) {
                row.put(aggregates.get(i).key(), group.results().get(i));
            }
            groups.add(row);
        }
        // Groups come in the requested order, then by their columns, so the answer never depends on peers.
        List<Order> total = new ArrayList<>(order);
        selection.columns().forEach(p -> {
            if (total.stream().noneMatch(o -> o.column().equals(p.key()))) {
                total.add(new Order(p.key(), false, null));
            }
        });
        Comparator<Map<String, Object>> comparator = SortedMerge.comparator(total,
                QueryParser.resultTypes(table, selection));
        groups.sort(comparator);
        int from = Math.min(offset, groups.size());
        int to = (int) Math.min((long) from + limit, groups.size());
        return new QueryAnswer(new ArrayList<>(groups.subList(from, to)), answers.asked(), answers.failed(), null);
    }
}
