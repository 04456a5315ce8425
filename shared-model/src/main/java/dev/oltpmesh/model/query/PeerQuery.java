package dev.oltpmesh.model.query;

import java.util.List;

/**
 * A query the gateway sends to one peer. Without aggregates the peer filters, orders, starts after
 * {@code after} and cuts to {@code limit} rows after {@code offset}, so the gateway only merges sorted
 * streams. With aggregates the peer returns one row of partials per group of the {@code select}ed
 * columns (see {@link #partialKeys}), and the gateway reduces them. While rows of the table move
 * between peers, {@code hiddenMoves} and {@code excludedMoves} say which rows this peer leaves out, so
 * that every row is read from exactly one peer (see {@link #during}). {@code trees} are logical
 * conditions ({@code or=(…)}) the rows meet as well as {@code filters}.
 */
public record PeerQuery(String table, List<String> select, List<Filter> filters, List<Order> order, Integer limit,
                        long offset, List<Aggregate> aggregates, Keyset after, List<Long> hiddenMoves,
                        List<Long> excludedMoves, List<FilterTree> trees) {

    public PeerQuery {
        trees = trees == null ? List.of() : List.copyOf(trees);
        hiddenMoves = hiddenMoves == null ? List.of() : List.copyOf(hiddenMoves);
        excludedMoves = excludedMoves == null ? List.of() : List.copyOf(excludedMoves);
        select = select == null ? List.of() : List.copyOf(select);
        filters = filters == null ? List.of() : List.copyOf(filters);
        order = order == null ? List.of() : List.copyOf(order);
        aggregates = aggregates == null ? List.of() : List.copyOf(aggregates);
    }

    public static PeerQuery rows(String table, List<String> select, List<Filter> filters, List<Order> order,
                                 Integer limit, long offset, Keyset after) {
        return new PeerQuery(table, select, filters, order, limit, offset, List.of(), after, List.of(), List.of(),
                List.of());
    }

    /** @param maxGroups how many groups a peer returns at most; one more tells that there are too many */
    public static PeerQuery groups(String table, List<String> groupBy, List<Filter> filters,
                                   List<Aggregate> aggregates, int maxGroups) {
        return new PeerQuery(table, groupBy, filters, List.of(), maxGroups, 0, aggregates, null, List.of(), List.of(),
                List.of());
    }

    /**
     * The same query as one state of the table's moves sees it: the copies of {@code hidden} moves are
     * left out (they are not live yet) and so are the rows of {@code excluded} moves' regions (they are
     * live at their new owner, not purged here yet).
     */
    public PeerQuery during(List<Long> hidden, List<Long> excluded) {
        return new PeerQuery(table, select, filters, order, limit, offset, aggregates, after, hidden, excluded, trees);
    }

    /** The same query, its rows also meeting every one of {@code trees}. */
    public PeerQuery where(List<FilterTree> trees) {
        return new PeerQuery(table, select, filters, order, limit, offset, aggregates, after, hiddenMoves,
                excludedMoves, trees);
    }

    /**
     * The keys of the i-th aggregate's partials in a peer's answer: the value itself, or for avg its
     * sum and its count of values.
     */
    public static List<String> partialKeys(int index, AggregateFunction function) {
        return function == AggregateFunction.AVG
                ? List.of("_a" + index + "_sum", "_a" + index + "_count")
                : List.of("_a" + index);
    }
}
