package dev.oltpmesh.support.config;

import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.model.event.ConfigVersionPublished;
import dev.oltpmesh.model.event.PeerRegistered;
import dev.oltpmesh.model.event.RegionMoveRecorded;
import dev.oltpmesh.model.event.ServiceKeyRegistered;
import dev.oltpmesh.model.event.TableDefined;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.placement.RegionMove;
import dev.oltpmesh.model.schema.TableDefinition;
import dev.oltpmesh.model.security.ServiceKey;
import dev.oltpmesh.support.identity.ServiceKeyRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest committed configuration as this service has seen it on {@code mesh.config}. Versions
 * only grow: an older event arriving late never replaces a newer one. A placement version's tables
 * and peers take effect together, when the config service marks the version published: a router
 * never routes one table by a version and another by the one before while stamping either.
 */
public class ConfigSnapshot implements ServiceKeyRegistry {

    private final Map<String, TableDefinition> tables = new ConcurrentHashMap<>();
    private final Map<String, PeerDefinition> peers = new ConcurrentHashMap<>();
    /** Written under the lock of {@link #apply}; read through {@link #view}. */
    private long placementVersion;
    private volatile View view = new View(List.of(), 0, Map.of());

    /**
     * The active peers, the tables and the placement version after one and the same configuration
     * event: a router stamps a part with the version of the peer set and the placement it was placed
     * by, never one read apart.
     */
    public record View(List<String> activePeerIds, long placementVersion, Map<String, TableDefinition> tables) {

        public Optional<TableDefinition> table(String name) {
            return Optional.ofNullable(tables.get(name));
        }
    }
    private final Map<String, ServiceKey> serviceKeys = new ConcurrentHashMap<>();
    private final Map<Long, RegionMove> moves = new ConcurrentHashMap<>();
    private final Map<String, Long> tablePlacementVersions = new ConcurrentHashMap<>();
    /** Changes of versions not published whole yet; written and read under the lock of {@link #apply}. */
    private final List<ConfigEvent> staged = new ArrayList<>();

    public synchronized void apply(ConfigEvent event) {
        take(event);
        // Replaced whole, once per event: a reader sees a version with all of its changes or none.
        view = new View(activePeers().stream().map(PeerDefinition::id).toList(), placementVersion, Map.copyOf(tables));
    }

    private void take(ConfigEvent event) {
        switch (event) {
            // A version's changes take effect together, once it is published whole (see ConfigVersionPublished).
            case TableDefined defined when defined.placementVersion() > placementVersion -> staged.add(defined);
            case PeerRegistered registered when registered.placementVersion() > placementVersion -> staged.add(registered);
            case TableDefined defined -> applyTable(defined);
            case PeerRegistered registered -> peers.put(registered.peer().id(), registered.peer());
            case ConfigVersionPublished published -> {
                if (published.placementVersion() > placementVersion) {
                    List<ConfigEvent> due = staged.stream().filter(e -> versionOf(e) <= published.placementVersion())
                            .sorted(Comparator.comparingLong(ConfigSnapshot::versionOf)).toList();
                    staged.removeAll(due);
                    placementVersion = published.placementVersion();
                    due.forEach(this::take);
                }
            }
            // A revocation is final: a registration read late never brings a revoked key back.
            case ServiceKeyRegistered registered -> serviceKeys.merge(registered.serviceKey().keyId(),
                    registered.serviceKey(), (known, offered) -> known.revokedAt() != null ? known : offered);
            // Stages only go forward within an attempt: a stage read late never takes a move back.
            case RegionMoveRecorded recorded -> moves.merge(recorded.move().id(), recorded.move(),
                    (known, offered) -> moves(known, offered) ? offered : known);
        }
    }

    /**
     * Whether a move may go from one stage to another: only forward, and a live move never fails; a
     * retry (a later attempt, which only a failed move gets) starts it again.
     */
    private static boolean moves(RegionMove known, RegionMove offered) {
        if (offered.attempt() != known.attempt()) {
            return offered.attempt() > known.attempt();
        }
        if (offered.stage() == RegionMove.Stage.FAILED) {
            return !known.live();
        }
        return known.stage() != RegionMove.Stage.FAILED && offered.stage().compareTo(known.stage()) >= 0;
    }

    private void applyTable(TableDefined defined) {
        TableDefinition kept = tables.merge(defined.table().name(), defined.table(),
                (known, offered) -> offered.version() >= known.version() ? offered : known);
        if (kept == defined.table() && defined.placementVersion() > 0) {
            // 0 when the definition was looked up rather than followed: its version is not known.
            tablePlacementVersions.put(kept.name(), defined.placementVersion());
        }
    }

    private static long versionOf(ConfigEvent event) {
        return switch (event) {
            case TableDefined defined -> defined.placementVersion();
            case PeerRegistered registered -> registered.placementVersion();
            case ConfigVersionPublished published -> published.placementVersion();
            case ServiceKeyRegistered _, RegionMoveRecorded _ -> 0;
        };
    }

    @Override
    public Optional<ServiceKey> serviceKey(String keyId) {
        return Optional.ofNullable(serviceKeys.get(keyId));
    }

    /** As the current view has it: the same definition the view's version and peers go with. */
    public Optional<TableDefinition> table(String name) {
        return view.table(name);
    }

    /**
     * The placement version at which the table got the definition this service holds, or 0 if not
     * known (looked up from the config service rather than followed).
     */
    public long placementVersionOf(String table) {
        return tablePlacementVersions.getOrDefault(table, 0L);
    }

    public Collection<TableDefinition> tables() {
        return List.copyOf(view.tables().values());
    }

    public Optional<PeerDefinition> peer(String id) {
        return Optional.ofNullable(peers.get(id));
    }

    /** Active peers in id order, so that every service lists them the same way. */
    public List<PeerDefinition> activePeers() {
        return peers.values().stream().filter(PeerDefinition::isActive)
                .sorted(Comparator.comparing(PeerDefinition::id)).toList();
    }

    /** Worked out once per configuration event, not once per query. */
    public List<String> activePeerIds() {
        return view.activePeerIds();
    }

    /** The moves of a table's rows this service knows that are not done, in the order they were planned. */
    public List<RegionMove> unfinishedMoves(String table) {
        return moves.values().stream().filter(m -> m.table().equals(table) && m.stage() != RegionMove.Stage.DONE)
                .sorted(Comparator.comparingLong(RegionMove::id)).toList();
    }

    public Optional<RegionMove> move(long id) {
        return Optional.ofNullable(moves.get(id));
    }

    public View view() {
        return view;
    }

}
