package dev.oltpmesh.model.query;

/**
 * One aggregate of a query: {@code column} is null for {@code count()} over rows; {@code key} is the
 * name of the result, the function's name unless aliased.
 */
public record Aggregate(AggregateFunction function, String column, String key) {
}
