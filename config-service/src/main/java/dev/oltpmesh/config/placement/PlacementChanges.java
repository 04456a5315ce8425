package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.move.MoveRepository;
import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.placement.PlacementEditor.Outcome;
import dev.oltpmesh.config.placement.PlacementEditor.PlannedMove;
import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.placement.PlacementSpec;
import dev.oltpmesh.model.placement.RangePlacement;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.placement.RoundRobinPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies a group of placement changes as one new placement version: every changed table gets a new
 * version carrying its new placement, committed together and published on {@code mesh.config}.
 */
@Service
class PlacementChanges {

    /** The placement version the group became, the rows it moves, and the moves (jobs) that carry them. */
    record Applied(long version, List<PlannedMove> moves, List<Long> jobs) {
    }

    private final PlacementVersions versions;
    private final TableRepository tables;
    private final PeerRepository peers;
    private final ApplicationEventPublisher events;
    private final MoveRepository moves;

    PlacementChanges(PlacementVersions versions, TableRepository tables, PeerRepository peers,
                     ApplicationEventPublisher events, MoveRepository moves) {
        this.moves = moves;
        this.versions = versions;
        this.tables = tables;
        this.peers = peers;
        this.events = events;
    }

    @Transactional
    Applied apply(PlacementChangeRequest request) {
        return apply(request == null ? null : request.changes(), "placement changes", null);
    }

    /**
     * Applies the changes as one version, with one REGION move per table, source and target whose
     * rows change owner. A table whose rows are still moving takes no further change: every move
     * starts from a placement whose rows are all where it says.
     */
    @Transactional
    Applied apply(List<PlacementChange> changes, String why, String draining) {
        versions.lockForChange();
        Map<String, TableDefinition> latest = tables.allLatest().stream()
                .collect(Collectors.toMap(TableDefinition::name, Function.identity()));
        List<String> active = peers.activeIds().stream().filter(p -> !p.equals(draining)).toList();
        // A drain of a peer that owns no shard or segment changes only its status and the stripes it is in.
        Outcome outcome = draining != null && changes.isEmpty() ? new Outcome(Map.of(), List.of(), List.of())
                : new PlacementEditor(latest, active).apply(changes);
        List<String> violations = new ArrayList<>(outcome.violations());
        Set<String> touched = new TreeSet<>(outcome.changed().keySet());
        if (draining != null) {
            // A drained peer's striped rows move too, even where the stripe itself does not change.
            latest.values().stream().filter(t -> t.placement() instanceof RoundRobinPlacement stripe
                    && stripe.holders().contains(draining)).forEach(t -> touched.add(t.name()));
        }
        moves.unsettledTables(touched).forEach((table, move) -> violations.add("'" + table
                + "' is still moving rows (" + move + "); change it once that move is DONE"));
        if (!violations.isEmpty()) {
            throw ConfigException.unprocessable("the placement changes", violations);
        }
        Map<String, TableDefinition> changed = new LinkedHashMap<>(outcome.changed());
        if (draining != null) {
            latest.values().stream().filter(t -> t.placement() instanceof ReplicatedPlacement)
                    .forEach(t -> withoutHolder(t, draining, active).ifPresent(c -> changed.put(t.name(), c)));
        }
        if (changed.isEmpty() && draining == null) {
            return new Applied(versions.current(), List.of(), List.of());
        }
        long version = versions.next(why + (changed.isEmpty() ? "" : " of " + String.join(", ", changed.keySet())));
        List<Long> planned = new ArrayList<>();
        if (draining != null) {
            peers.changeStatus(draining, PeerStatus.DRAINING, version);
            // A stripe's rows stay where they were written; the drained peer's go to one of the stripe.
            for (TableDefinition table : latest.values()) {
                PlacementSpec after = changed.getOrDefault(table.name(), table).placement();
                if (after instanceof RoundRobinPlacement stripe && stripe.holders().contains(draining)) {
                    String to = stripe.peers().get(Math.floorMod(table.name().hashCode(), stripe.peers().size()));
                    planned.add(moves.planRegion(table.name(), draining, to, version, table.placement(), after));
                }
            }
        }
        for (TableDefinition table : changed.values()) {
            tables.insert(table.withVersion(table.version() + 1), version);
            PlacementSpec before = latest.get(table.name()).placement();
            if (before instanceof RoundRobinPlacement || before instanceof ReplicatedPlacement) {
                continue;
            }
            for (List<String> pair : pairs(outcome.moves(), table.name(), before)) {
                planned.add(moves.planRegion(table.name(), pair.get(0), pair.get(1), version, before, table.placement()));
            }
        }
        events.publishEvent(new ConfigurationChanged("placement v" + version));
        return new Applied(version, outcome.moves(), planned);
    }

    /**
     * A replicated table that no longer names the drained peer among its holders: reads no longer ask
     * it, and (it being no longer active) writes no longer go to it.
     */
    private static Optional<TableDefinition> withoutHolder(TableDefinition table, String draining, List<String> active) {
        ReplicatedPlacement replicated = (ReplicatedPlacement) table.placement();
        List<String> holders = replicated.readablePeers(active).stream().filter(p -> !p.equals(draining)).toList();
        if (holders.equals(replicated.peers())) {
            return Optional.empty();
        }
        return Optional.of(table.withPlacement(new ReplicatedPlacement(holders)));
    }

    /**
     * The (source, target) pairs whose rows change owner. For HASH each moved shard names its pair;
     * for RANGE any peer that held values may give some to a peer that takes some, so every such pair
     * gets a move (one with no rows in its region is done at once).
     */
    private static List<List<String>> pairs(List<PlannedMove> planned, String table, PlacementSpec before) {
        Set<List<String>> pairs = new LinkedHashSet<>();
        List<PlannedMove> ofTable = planned.stream().filter(m -> m.table().equals(table)).toList();
        if (before instanceof RangePlacement range) {
            Set<String> holders = new TreeSet<>();
            holders.add(range.basePeer());
            range.segments().forEach(s -> holders.add(s.peer()));
            for (PlannedMove move : ofTable) {
                holders.stream().filter(from -> !from.equals(move.to())).forEach(from -> pairs.add(List.of(from, move.to())));
            }
        } else {
            ofTable.forEach(move -> pairs.add(List.of(move.from(), move.to())));
        }
        return List.copyOf(pairs);
    }
}
