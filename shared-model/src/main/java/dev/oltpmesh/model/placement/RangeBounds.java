package dev.oltpmesh.model.placement;

import dev.oltpmesh.model.schema.ColumnType;

/** Whether a value falls inside a segment, and how two segments lie to each other. */
public final class RangeBounds {

    private RangeBounds() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean contains(ColumnType type, Segment segment, Object canonicalValue) {
        if (canonicalValue == null) {
            return false;
        }
        Comparable value = type.comparable(canonicalValue);
        if (segment.min() != null) {
            int c = value.compareTo(type.comparable(segment.min()));
            if (c < 0 || (c == 0 && !segment.minInclusive())) {
                return false;
            }
        }
        if (segment.max() != null) {
            int c = value.compareTo(type.comparable(segment.max()));
            return c < 0 || (c == 0 && segment.maxInclusive());
        }
        return true;
    }

    /** True when some value lies in both segments. */
    public static boolean overlap(ColumnType type, Segment a, Segment b) {
        return endsAfterStartOf(type, a, b) && endsAfterStartOf(type, b, a);
    }

    /** True when {@code first}'s upper end lies above {@code second}'s lower end. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean endsAfterStartOf(ColumnType type, Segment first, Segment second) {
        if (first.max() == null || second.min() == null) {
            return true;
        }
        int c = type.comparable(first.max()).compareTo(type.comparable(second.min()));
        return c > 0 || (c == 0 && first.maxInclusive() && second.minInclusive());
    }

    /** True when {@code upper} starts exactly where {@code lower} ends, with no value in both or between. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean adjacent(ColumnType type, Segment lower, Segment upper) {
        if (lower.max() == null || upper.min() == null) {
            return false;
        }
        return type.comparable(lower.max()).compareTo(type.comparable(upper.min())) == 0
                && lower.maxInclusive() != upper.minInclusive();
    }

    /** True when no value can fall inside the segment. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean isEmpty(ColumnType type, Segment segment) {
        if (segment.min() == null || segment.max() == null) {
            return false;
        }
        int c = type.comparable(segment.min()).compareTo(type.comparable(segment.max()));
        return c > 0 || (c == 0 && !(segment.minInclusive() && segment.maxInclusive()));
    }

    /** True when every value of {@code inner} also lies in {@code outer}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean within(ColumnType type, Segment inner, Segment outer) {
        if (outer.min() != null) {
            if (inner.min() == null) {
                return false;
            }
            int c = type.comparable(inner.min()).compareTo(type.comparable(outer.min()));
            if (c < 0 || (c == 0 && inner.minInclusive() && !outer.minInclusive())) {
                return false;
            }
        }
        if (outer.max() != null) {
            if (inner.max() == null) {
                return false;
            }
            int c = type.comparable(inner.max()).compareTo(type.comparable(outer.max()));
            return c < 0 || (c == 0 && !(inner.maxInclusive() && !outer.maxInclusive()));
        }
        return true;
    }
}
