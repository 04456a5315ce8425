package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.query.Order;
import dev.oltpmesh.model.schema.ColumnType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A k-way merge of the peers' sorted answers: it holds one row per peer at a time and stops at the
 * limit, ordering values by their column's type as PostgreSQL does.
 */
final class SortedMerge {

    private SortedMerge() {
    }

    static List<Map<String, Object>> merge(List<List<Map<String, Object>>> streams, List<Order> order,
                                           Map<String, ColumnType> types, long offset, int limit) {
        Comparator<Map<String, Object>> comparator = comparator(order, types);
        record Head(Map<String, Object> row, Iterator<Map<String, Object>> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> comparator.compare(a.row(), b.row()));
        for (List<Map<String, Object>> stream : streams) {
            Iterator<Map<String, Object>> it = stream.iterator();
            if (it.hasNext()) {
                heads.add(new Head(it.next(), it));
            }
        }
        List<Map<String, Object>> result = new ArrayList<>();
        long skipped = 0;
        while (!heads.isEmpty() && result.size() < limit) {
            Head head = heads.poll();
            if (skipped < offset) {
                skipped++;
            } else {
                result.add(head.row());
            }
            if (head.rest().hasNext()) {
                heads.add(new Head(head.rest().next(), head.rest()));
            }
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Comparator<Map<String, Object>> comparator(List<Order> order, Map<String, ColumnType> types) {
        Comparator<Map<String, Object>> result = (a, b) -> 0;
        for (Order o : order) {
            ColumnType type = types.get(o.column());
            Comparator<Map<String, Object>> byColumn = (a, b) -> {
                Object x = a.get(o.column());
                Object y = b.get(o.column());
                if (x == null || y == null) {
                    if (x == y) {
                        return 0;
                    }
                    boolean nullFirst = o.effectiveNullsFirst();
                    return (x == null) == nullFirst ? -1 : 1;
                }
                Comparable cx = type.comparable(type.canonical(x));
                Comparable cy = type.comparable(type.canonical(y));
                int c = cx.compareTo(cy);
                return o.descending() ? -c : c;
            };
            result = result.thenComparing(byColumn);
        }
        return result;
    }
}
