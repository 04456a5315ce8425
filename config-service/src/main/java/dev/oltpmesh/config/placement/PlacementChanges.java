package dev.oltpmesh.config.placement;

import dev.oltpmesh.config.peer.PeerRepository;
import dev.oltpmesh.config.placement.PlacementEditor.Outcome;
import dev.oltpmesh.config.placement.PlacementEditor.PlannedMove;
import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.schema.TableDefinition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies a group of placement changes as one new placement version: every changed table gets a new
 * version carrying its new placement, committed together and published on {@code mesh.config}.
 */
@Service
class PlacementChanges {

    /** The placement version the group became, and the rows it moves. */
    record Applied(long version, List<PlannedMove> moves) {
    }

    private final PlacementVersions versions;
    private final TableRepository tables;
    private final PeerRepository peers;
    private final ApplicationEventPublisher events;

    PlacementChanges(PlacementVersions versions, TableRepository tables, PeerRepository peers,
                     ApplicationEventPublisher events) {
        this.versions = versions;
        this.tables = tables;
        this.peers = peers;
        this.events = events;
    }

    @Transactional
    Applied apply(PlacementChangeRequest request) {
        versions.lockForChange();
        Map<String, TableDefinition> latest = tables.allLatest().stream()
                .collect(Collectors.toMap(TableDefinition::name, Function.identity()));
        Outcome outcome = new PlacementEditor(latest, peers.activeIds()).apply(request == null ? null : request.changes());
        List<String> violations = new ArrayList<>(outcome.violations());
        // Copying rows to their new owner while writes go on is not built yet: a group that would
        // move rows is refused whole, so no row is ever left where no read looks for it.
        for (PlannedMove move : outcome.moves()) {
            violations.add("'" + move.table() + "' " + move.rows() + " would move from " + move.from() + " to "
                    + move.to() + ", and moving rows between peers is not available yet; changes that keep every "
                    + "row where it is are (splitSegment, mergeSegments, addStripePeer, removeStripePeer, and "
                    + "segments added on the base peer)");
        }
        if (!violations.isEmpty()) {
            throw ConfigException.unprocessable("the placement changes", violations);
        }
        if (outcome.changed().isEmpty()) {
            return new Applied(versions.current(), List.of());
        }
        long version = versions.next("placement changes of " + String.join(", ", outcome.changed().keySet()));
        for (TableDefinition table : outcome.changed().values()) {
            tables.insert(table.withVersion(table.version() + 1), version);
        }
        events.publishEvent(new ConfigurationChanged("placement v" + version));
        return new Applied(version, outcome.moves());
    }
}
