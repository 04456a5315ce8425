package dev.oltpmesh.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table as {@link Admin#defineTable(String, TableSpec)} defines it: columns, primary key, placement.
 * Types: {@code text integer bigint numeric double boolean timestamp date uuid json}.
 */
public record TableSpec(List<Column> columns, List<String> primaryKey, Placement placement) {

    /** A column; as read back, {@code type} is the mesh's name for it. */
    public record Column(String name, String type, boolean nullable) {
    }

    public TableSpec {
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        Objects.requireNonNull(placement, "placement");
    }

    public static Builder builder() {
        return new Builder();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("columns", columns);
        if (!primaryKey.isEmpty()) {
            json.put("primaryKey", primaryKey);
        }
        json.put("placement", placement.spec());
        return json;
    }

    public static final class Builder {

        private final List<Column> columns = new ArrayList<>();
        private List<String> primaryKey = List.of();
        private Placement placement;

        private Builder() {
        }

        /** A column that may hold null; a later version of the table may add only such columns. */
        public Builder column(String name, String type) {
            columns.add(new Column(name, type, true));
            return this;
        }

        public Builder requiredColumn(String name, String type) {
            columns.add(new Column(name, type, false));
            return this;
        }

        /** Must contain the placement column of a HASH or RANGE table; none for ROUND_ROBIN. */
        public Builder primaryKey(String... columns) {
            this.primaryKey = List.copyOf(Arrays.asList(columns));
            return this;
        }

        public Builder placement(Placement placement) {
            this.placement = placement;
            return this;
        }

        public TableSpec build() {
            return new TableSpec(columns, primaryKey, placement);
        }
    }
}
