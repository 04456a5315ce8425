package dev.oltpmesh.model.query;

import java.util.List;

/**
 * A query the gateway sends to one peer: the peer filters, orders and cuts to {@code limit} rows
 * after {@code offset}, so the gateway only merges sorted streams.
 */
public record PeerQuery(String table, List<String> select, List<Filter> filters, List<Order> order, Integer limit,
                        long offset) {

    public PeerQuery {
        select = select == null ? List.of() : List.copyOf(select);
        filters = filters == null ? List.of() : List.copyOf(filters);
        order = order == null ? List.of() : List.copyOf(order);
    }
}
