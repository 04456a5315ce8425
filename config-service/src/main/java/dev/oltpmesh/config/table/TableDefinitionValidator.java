package dev.oltpmesh.config.table;

import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangeBounds;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.placement.Segment;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.ColumnType;
import dev.oltpmesh.model.schema.InvalidValueException;
import dev.oltpmesh.model.schema.TableDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a table definition as a whole and collects every violation, so a client fixes them all at
 * once. Where placement is not given, the shard key defaults to the primary key (HASH on its first
 * column); a table without a primary key is striped ROUND_ROBIN over the active peers.
 */
public class TableDefinitionValidator {

    private static final int MAX_SHARDS = 4096;

    private final List<String> activePeers;
    private final int defaultShards;

    public TableDefinitionValidator(List<String> activePeers, int defaultShards) {
        this.activePeers = List.copyOf(activePeers);
        this.defaultShards = defaultShards;
    }

    public TableDefinition validate(String tableName, TableRequest request) {
        List<String> violations = new ArrayList<>();
        TableNames.problemWithTable(tableName).ifPresent(violations::add);
        List<ColumnDefinition> columns = columns(request, violations);
        List<String> primaryKey = request == null || request.primaryKey() == null ? List.of() : request.primaryKey();
        checkPrimaryKey(columns, primaryKey, violations);
        PlacementSpec placement = placement(request == null ? null : request.placement(), columns, primaryKey,
                violations);
        if (!violations.isEmpty()) {
            throw ConfigException.invalid("table '" + tableName + "'", violations);
        }
        return new TableDefinition(tableName, 1, columns, primaryKey, placement);
    }

    private List<ColumnDefinition> columns(TableRequest request, List<String> violations) {
        List<ColumnDefinition> columns = new ArrayList<>();
        if (request == null || request.columns() == null || request.columns().isEmpty()) {
            violations.add("a table needs at least one column");
            return columns;
        }
        Set<String> names = new HashSet<>();
        for (TableRequest.ColumnRequest column : request.columns()) {
            var problem = TableNames.problemWithColumn(column == null ? null : column.name());
            if (problem.isPresent()) {
                violations.add(problem.get());
                continue;
            }
            if (!names.add(column.name())) {
                violations.add("column '" + column.name() + "' is declared twice");
            }
            try {
                columns.add(new ColumnDefinition(column.name(), ColumnType.fromWireName(column.type()),
                        column.nullable() == null || column.nullable()));
            } catch (IllegalArgumentException e) {
                violations.add("column '" + column.name() + "': " + e.getMessage());
            }
        }
        return columns;
    }

    private static void checkPrimaryKey(List<ColumnDefinition> columns, List<String> primaryKey,
                                        List<String> violations) {
        Set<String> seen = new HashSet<>();
        for (String key : primaryKey) {
            var column = columns.stream().filter(c -> c.name().equals(key)).findFirst();
            if (!seen.add(key)) {
                violations.add("primary key column '" + key + "' is listed twice");
            } else if (column.isEmpty()) {
                violations.add("primary key column '" + key + "' is not a column of the table");
            } else if (column.get().nullable()) {
                violations.add("primary key column '" + key + "' must be declared \"nullable\": false");
            } else if (column.get().type() == ColumnType.JSON) {
                violations.add("primary key column '" + key + "' cannot be of type json");
            }
        }
    }

    private PlacementSpec placement(Map<String, Object> spec, List<ColumnDefinition> columns, List<String> primaryKey,
                                    List<String> violations) {
        if (activePeers.isEmpty()) {
            violations.add("there is no active peer to place rows on; register a peer first");
            return null;
        }
        String strategy = spec == null ? (primaryKey.isEmpty() ? "ROUND_ROBIN" : "HASH")
                : String.valueOf(spec.get("strategy"));
        Map<String, Object> given = spec == null ? Map.of() : spec;
        return switch (strategy) {
            case "REPLICATED" -> new ReplicatedPlacement(activePeers);
            case "HASH" -> hash(given, columns, primaryKey, violations);
            case "RANGE" -> range(given, columns, primaryKey, violations);
            case "ROUND_ROBIN" -> roundRobin(given, primaryKey, violations);
            default -> {
                violations.add("placement strategy '" + strategy + "' is unknown; use REPLICATED, HASH, RANGE "
                        + "or ROUND_ROBIN");
                yield null;
            }
        };
    }

    private PlacementSpec hash(Map<String, Object> spec, List<ColumnDefinition> columns, List<String> primaryKey,
                               List<String> violations) {
        String column = spec.containsKey("column") ? String.valueOf(spec.get("column"))
                : primaryKey.isEmpty() ? null : primaryKey.get(0);
        checkPlacementColumn("HASH", column, columns, primaryKey, violations);
        int shards = defaultShards;
        Object given = spec.get("shards");
        if (given != null) {
            if (!(given instanceof Number n) || n.intValue() < 1 || n.intValue() > MAX_SHARDS
                    || n.doubleValue() != n.intValue()) {
                violations.add("HASH shards must be a whole number from 1 to " + MAX_SHARDS);
                return null;
            }
            shards = n.intValue();
        }
        List<String> assignments = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            assignments.add(activePeers.get(shard % activePeers.size()));
        }
        return new HashPlacement(column, shards, assignments);
    }

    private PlacementSpec range(Map<String, Object> spec, List<ColumnDefinition> columns, List<String> primaryKey,
                                List<String> violations) {
        String column = spec.get("column") == null ? null : String.valueOf(spec.get("column"));
        ColumnType type = checkPlacementColumn("RANGE", column, columns, primaryKey, violations);
        String basePeer = spec.get("basePeer") == null ? null : String.valueOf(spec.get("basePeer"));
        checkPeer("RANGE basePeer", basePeer, violations);
        List<Segment> segments = new ArrayList<>();
        Object given = spec.getOrDefault("segments", List.of());
        if (!(given instanceof List<?> list)) {
            violations.add("RANGE segments must be a list");
            return null;
        }
        Set<String> names = new HashSet<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> s)) {
                violations.add("every RANGE segment must be an object");
                continue;
            }
            String name = s.get("name") == null ? null : String.valueOf(s.get("name"));
            var problem = TableNames.problemWithSegment(name);
            if (problem.isPresent()) {
                violations.add(problem.get());
            } else if (!names.add(name)) {
                violations.add("segment names must be unique; '" + name + "' is not");
            }
            String peer = s.get("peer") == null ? null : String.valueOf(s.get("peer"));
            checkPeer("segment '" + name + "' peer", peer, violations);
            if (type == null) {
                continue;
            }
            try {
                Segment segment = new Segment(name, peer, type.canonical(s.get("min")), type.canonical(s.get("max")),
                        flag(s.get("minInclusive"), true), flag(s.get("maxInclusive"), false));
                if (RangeBounds.isEmpty(type, segment)) {
                    violations.add("segment '" + name + "' holds no value: its min is above its max");
                }
                segments.add(segment);
            } catch (InvalidValueException e) {
                violations.add("segment '" + name + "' bound: " + e.getMessage());
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            for (int j = i + 1; j < segments.size(); j++) {
                if (RangeBounds.overlap(type, segments.get(i), segments.get(j))) {
                    violations.add("segments '" + segments.get(i).name() + "' and '" + segments.get(j).name()
                            + "' overlap");
                }
            }
        }
        return new RangePlacement(column, basePeer, segments);
    }

    private PlacementSpec roundRobin(Map<String, Object> spec, List<String> primaryKey, List<String> violations) {
        if (!primaryKey.isEmpty()) {
            violations.add("a ROUND_ROBIN table cannot declare a primary key: its rows spread over peers "
                    + "without a key to check uniqueness on");
        }
        Object given = spec.get("peers");
        List<String> peers = new ArrayList<>();
        if (given == null) {
            peers.addAll(activePeers);
        } else if (given instanceof List<?> list && !list.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (Object peer : list) {
                String id = String.valueOf(peer);
                if (!seen.add(id)) {
                    violations.add("ROUND_ROBIN peer '" + id + "' is listed twice");
                }
                checkPeer("ROUND_ROBIN peer", id, violations);
                peers.add(id);
            }
        } else {
            violations.add("ROUND_ROBIN peers must be a non-empty list of peer ids");
        }
        return new RoundRobinPlacement(peers);
    }

    private static ColumnType checkPlacementColumn(String strategy, String column, List<ColumnDefinition> columns,
                                                   List<String> primaryKey, List<String> violations) {
        if (column == null) {
            violations.add(strategy + " placement needs a column");
            return null;
        }
        var definition = columns.stream().filter(c -> c.name().equals(column)).findFirst();
        if (definition.isEmpty()) {
            violations.add(strategy + " column '" + column + "' is not a column of the table");
            return null;
        }
        if (!primaryKey.isEmpty() && !primaryKey.contains(column)) {
            violations.add("the primary key must contain the " + strategy + " column '" + column
                    + "', so uniqueness can be checked on one peer");
        }
        if (!definition.get().type().isOrderable()) {
            violations.add(strategy + " column '" + column + "' cannot be of type json");
            return null;
        }
        return definition.get().type();
    }

    private void checkPeer(String what, String peer, List<String> violations) {
        if (peer == null) {
            violations.add(what + " is missing");
        } else if (!activePeers.contains(peer)) {
            violations.add(what + " '" + peer + "' is not an active peer (active: " + String.join(", ", activePeers)
                    + ")");
        }
    }

    private static boolean flag(Object value, boolean otherwise) {
        return value == null ? otherwise : Boolean.parseBoolean(String.valueOf(value));
    }
}
