package dev.oltpmesh.config.table;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.config.move.MoveRepository;
import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.placement.PlacementVersions;
import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.placement.HashPlacement;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.schema.ColumnDefinition;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Arrays;
import java.util.List;

/** Defines tables: version 1, then versions that only append nullable columns. */
@Service
class TableService {

    record Defined(TableDefinition table, boolean created) {
    }

    private final TableRepository tables;
    private final PeerRepository peers;
    private final PlacementVersions placementVersions;
    private final ApplicationEventPublisher events;
    private final ConfigServiceProperties properties;
    private final MoveRepository moves;

    TableService(TableRepository tables, PeerRepository peers, PlacementVersions placementVersions,
                 ApplicationEventPublisher events, ConfigServiceProperties properties, MoveRepository moves) {
        this.moves = moves;
        this.tables = tables;
        this.peers = peers;
        this.placementVersions = placementVersions;
        this.events = events;
        this.properties = properties;
    }

    @Transactional
    Defined define(String name, TableRequest request) {
        placementVersions.lockForChange();
        TableDefinition proposed = new TableDefinitionValidator(peers.activeIds(), properties.defaultShards())
                .validate(name, request);
        var existing = tables.latest(name);
        if (existing.isEmpty()) {
            long placementVersion = placementVersions.next("table " + name + " placed");
            tables.insert(proposed, placementVersion);
            events.publishEvent(new ConfigurationChanged("table " + name + " v1"));
            return new Defined(proposed, true);
        }
        TableDefinition current = existing.get();
        // A HASH table keeps its shard assignments: they are where its rows already are.
        TableDefinition candidate = samePlacementRequest(current, proposed)
                ? proposed.withPlacement(current.placement()) : proposed;
        if (candidate.columns().equals(current.columns()) && candidate.primaryKey().equals(current.primaryKey())
                && samePlacement(candidate, current)) {
            return new Defined(current, false);
        }
        moves.unsettledTables(List.of(name)).values().stream().findFirst().ifPresent(move -> {
            // A move copies and verifies the columns both peers know; a column appended meanwhile would make
            // the two sides differ.
            throw ConfigException.conflict("table '" + name + "' is moving rows (" + move + "); append columns "
                    + "once that move is DONE");
        });
        String incompatibility = incompatibility(current, candidate);
        if (incompatibility != null) {
            throw ConfigException.conflict("table '" + name + "' exists at version " + current.version() + "; "
                    + incompatibility + ". A new version may only append nullable columns.");
        }
        TableDefinition next = candidate.withVersion(current.version() + 1);
        tables.insert(next, placementVersions.current());
        events.publishEvent(new ConfigurationChanged("table " + name + " v" + next.version()));
        return new Defined(next, false);
    }

    /**
     * Whether the request names the table's current strategy on the same column (and, for HASH, the
     * same number of shards). Then the table keeps its placement as it is now: its shard assignments,
     * segments and stripe are where its rows already are, and change only through
     * {@code /v1/admin/placement/changes}, so a definition re-applied after such a change is not a conflict.
     */
    private static boolean samePlacementRequest(TableDefinition current, TableDefinition proposed) {
        return switch (proposed.placement()) {
            case HashPlacement p -> current.placement() instanceof HashPlacement c
                    && c.column().equals(p.column()) && c.shards() == p.shards();
            case RangePlacement p -> current.placement() instanceof RangePlacement c && c.column().equals(p.column());
            case RoundRobinPlacement _ -> current.placement() instanceof RoundRobinPlacement;
            case ReplicatedPlacement _ -> current.placement() instanceof ReplicatedPlacement;
        };
    }

    /** Compared in canonical JSON: a bound read back from the database may be an Integer, not a Long. */
    private static boolean samePlacement(TableDefinition a, TableDefinition b) {
        return Arrays.equals(MeshJson.toBytes(a.placement()), MeshJson.toBytes(b.placement()));
    }

    private static String incompatibility(TableDefinition current, TableDefinition candidate) {
        if (!candidate.primaryKey().equals(current.primaryKey())) {
            return "the primary key cannot change";
        }
        if (!samePlacement(candidate, current)) {
            return "the placement cannot change here (use /v1/admin/placement/changes)";
        }
        List<ColumnDefinition> before = current.columns();
        List<ColumnDefinition> after = candidate.columns();
        if (after.size() < before.size() || !after.subList(0, before.size()).equals(before)) {
            return "existing columns cannot be removed, renamed, reordered or retyped";
        }
        for (ColumnDefinition added : after.subList(before.size(), after.size())) {
            if (!added.nullable()) {
                return "appended column '" + added.name() + "' must be nullable";
            }
        }
        return null;
    }
}
