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
 * limit, ordering values by their column's type as PostgreSQL does. Rows that tie on every order term
 * come in the order of their streams, so a page boundary between them is well defined.
 */
final class SortedMerge {

    /** A merged page; {@code lastStream} is where its last row came from, {@code more} whether rows follow. */
    record Page(List<Map<String, Object>> rows, int lastStream, boolean more) {
    }

    private SortedMerge() {
    }

    static Page merge(List<List<Map<String, Object>>> streams, Comparator<Map<String, Object>> order, long offset,
                      int limit) {
        record Head(Map<String, Object> row, int stream, Iterator<Map<String, Object>> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
            int c = order.compare(a.row(), b.row());
            return c != 0 ? c : Integer.compare(a.stream(), b.stream());
        });
        for (int i = 0; i < streams.size(); i++) {
            Iterator<Map<String, Object>> it = streams.get(i).iterator();
            if (it.hasNext()) {
                heads.add(new Head(it.next(), i, it));
            }
        }
        List<Map<String, Object>> result = new ArrayList<>();
        long skipped = 0;
        int lastStream = -1;
        while (!heads.isEmpty() && result.size() < limit) {
            Head head = heads.poll();
            if (skipped < offset) {
                skipped++;
            } else {
                result.add(head.row());
                lastStream = head.stream();
            }
            if (head.rest().hasNext()) {
                heads.add(new Head(head.rest().next(), head.stream(), head.rest()));
            }
        }
        return new Page(result, lastStream, !heads.isEmpty());
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
