package dev.oltpmesh.gateway.query;

import dev.oltpmesh.model.query.Aggregate;
import dev.oltpmesh.model.query.AggregateFunction;
import dev.oltpmesh.model.query.PeerQuery;
import dev.oltpmesh.model.schema.ColumnType;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the peers' partial aggregates, group by group, as PostgreSQL would have over all the rows:
 * counts and sums add up, min and max compare by the column's type, avg is the summed sum over the
 * summed count, and a sum, avg, min or max over no values is null.
 */
final class GroupReduction {

    record Group(Map<String, Object> columnValues, List<Object> results) {
    }

    private final List<String> groupBy;
    private final Map<String, ColumnType> columnTypes;
    private final List<Aggregate> aggregates;
    private final Map<List<String>, Accumulator> groups = new LinkedHashMap<>();

    GroupReduction(List<String> groupBy, Map<String, ColumnType> columnTypes, List<Aggregate> aggregates) {
        this.groupBy = groupBy;
        this.columnTypes = columnTypes;
        this.aggregates = aggregates;
    }

    /** Adds one peer's partials for one group. */
    void add(Map<String, Object> partial) {
        List<String> key = new ArrayList<>(groupBy.size());
        for (String column : groupBy) {
            Object value = partial.get(column);
            ColumnType type = columnTypes.get(column);
            // Equal values in different forms (1.0 and 1.00) are one group, as in PostgreSQL.
            key.add(value == null ? null : type.hashKey(type.canonical(value)));
        }
        groups.computeIfAbsent(key, k -> {
            Map<String, Object> values = new LinkedHashMap<>();
            groupBy.forEach(c -> values.put(c, partial.get(c)));
            return new Accumulator(values);
        }).add(partial);
    }

    /** The reduced groups; without grouping columns there is always exactly one, even over no rows. */
    List<Group> groups() {
        if (groups.isEmpty() && groupBy.isEmpty()) {
            groups.put(List.of(), new Accumulator(Map.of()));
        }
        List<Group> result = new ArrayList<>(groups.size());
        groups.values().forEach(a -> result.add(new Group(a.columnValues, a.results())));
        return result;
    }

    private final class Accumulator {

        private final Map<String, Object> columnValues;
        private final Object[] values;
        private final long[] counts;

        Accumulator(Map<String, Object> columnValues) {
            this.columnValues = columnValues;
            this.values = new Object[aggregates.size()];
            this.counts = new long[aggregates.size()];
        }

        void add(Map<String, Object> partial) {
            for (int i = 0; i < aggregates.size(); i++) {
                Aggregate aggregate = aggregates.get(i);
                List<String> keys = PeerQuery.partialKeys(i, aggregate.function());
                Object value = partial.get(keys.get(0));
                switch (aggregate.function()) {
                    case COUNT -> counts[i] += ((Number) value).longValue();
                    case SUM -> values[i] = add(aggregate, values[i], value);
                    case AVG -> {
                        values[i] = add(aggregate, values[i], value);
                        counts[i] += ((Number) partial.get(keys.get(1))).longValue();
                    }
                    case MIN, MAX -> values[i] = extreme(aggregate, values[i], value);
                }
            }
        }

        /** Sums of double columns stay doubles, as in PostgreSQL; every other sum is exact. */
        private Object add(Aggregate aggregate, Object sum, Object value) {
            if (value == null) {
                return sum;
            }
            if (columnTypes.get(aggregate.column()) == ColumnType.DOUBLE) {
                return (sum == null ? 0.0 : (Double) sum) + ((Number) value).doubleValue();
            }
            BigDecimal decimal = new BigDecimal(value.toString());
            return sum == null ? decimal : ((BigDecimal) sum).add(decimal);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object extreme(Aggregate aggregate, Object current, Object value) {
            if (value == null) {
                return current;
            }
            if (current == null) {
                return value;
            }
            ColumnType type = columnTypes.get(aggregate.column());
            int c = type.comparable(type.canonical(value)).compareTo(type.comparable(type.canonical(current)));
            boolean better = aggregate.function() == AggregateFunction.MIN ? c < 0 : c > 0;
            return better ? value : current;
        }

        List<Object> results() {
            List<Object> results = new ArrayList<>(aggregates.size());
            for (int i = 0; i < aggregates.size(); i++) {
                results.add(switch (aggregates.get(i).function()) {
                    case COUNT -> counts[i];
                    case SUM, MIN, MAX -> values[i];
                    case AVG -> average(values[i], counts[i]);
                });
            }
            return results;
        }

        private Object average(Object sum, long count) {
            if (sum == null || count == 0) {
                return null;
            }
            if (sum instanceof Double d) {
                return d / count;
            }
            return ((BigDecimal) sum).divide(BigDecimal.valueOf(count), MathContext.DECIMAL128);
        }
    }
}
