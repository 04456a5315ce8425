package dev.oltpmesh.config.peer;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.config.move.MoveRepository;
import dev.oltpmesh.config.placement.PlacementVersions;
import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.table.TableRepository;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.placement.ReplicatedPlacement;
import dev.oltpmesh.model.schema.TableDefinition;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

@Service
class PeerService {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final PeerRepository peers;
    private final TableRepository tables;
    private final MoveRepository moves;
    private final PlacementVersions placementVersions;
    private final KafkaAdmin kafkaAdmin;
    private final ApplicationEventPublisher events;
    private final ConfigServiceProperties properties;

    PeerService(PeerRepository peers, TableRepository tables, MoveRepository moves, PlacementVersions placementVersions,
                KafkaAdmin kafkaAdmin, ApplicationEventPublisher events, ConfigServiceProperties properties) {
        this.peers = peers;
        this.tables = tables;
        this.moves = moves;
        this.placementVersions = placementVersions;
        this.kafkaAdmin = kafkaAdmin;
        this.events = events;
        this.properties = properties;
    }

    /** Registers a peer or moves it to a new address; returns true when it is new. */
    @Transactional
    boolean register(String id, PeerRequest request) {
        List<String> violations = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            violations.add("peer id '" + id + "' must match [a-z0-9][a-z0-9-]* (at most 63 characters)");
        }
        String queryUrl = request == null ? null : request.queryUrl();
        if (queryUrl == null || !isHttpUrl(queryUrl)) {
            violations.add("queryUrl must be an absolute http or https URL");
        }
        if (!violations.isEmpty()) {
            throw ConfigException.invalid("peer '" + id + "'", violations);
        }
        placementVersions.lockForChange();
        boolean created = peers.find(id).isEmpty();
        createInbox(id);
        long version = placementVersions.current();
        if (created) {
            nameReplicatedHolders(id);
            // A new peer changes where replicated rows go: a placement version of its own, after the
            // one naming the holders, so that whoever routes by it knows the peer.
            version = placementVersions.next("peer " + id + " joined");
            planBackfills(id, version);
        }
        String region = request.region() == null || request.region().isBlank() ? "default" : request.region();
        peers.save(new PeerDefinition(id, stripTrailingSlash(queryUrl), region, PeerStatus.ACTIVE), version);
        events.publishEvent(new ConfigurationChanged("peer " + id));
        return created;
    }

    /**
     * Replicated tables defined before their holders were recorded get the active peers named, at a
     * version of their own, so no read asks the new peer for their rows.
     */
    private void nameReplicatedHolders(String newPeer) {
        List<String> holders = peers.activeIds().stream().filter(peer -> !peer.equals(newPeer)).toList();
        List<TableDefinition> unnamed = tables.allLatest().stream()
                .filter(t -> t.placement() instanceof ReplicatedPlacement r && r.peers().isEmpty())
                .toList();
        if (unnamed.isEmpty() || holders.isEmpty()) {
            return;
        }
        long version = placementVersions.next("replicated tables name their holders before " + newPeer + " joins");
        for (TableDefinition table : unnamed) {
            tables.insert(table.withPlacement(new ReplicatedPlacement(holders)).withVersion(table.version() + 1),
                    version);
        }
    }

    /**
     * A new peer receives every new row of the replicated tables from {@code version} on, and none of
     * the rows they already have: those are copied to it by a backfill per table, and until that is
     * done no read asks it.
     */
    private void planBackfills(String newPeer, long version) {
        List<String> active = peers.activeIds().stream().filter(peer -> !peer.equals(newPeer)).toList();
        for (TableDefinition table : tables.allLatest()) {
            if (table.placement() instanceof ReplicatedPlacement replicated) {
                List<String> holding = replicated.readablePeers(active);
                if (holding.isEmpty()) {
                    continue;
                }
                // A peer holding every row, active if one is; one that is away makes the job wait for it.
                String donor = holding.stream().filter(active::contains).findFirst().orElse(holding.get(0));
                moves.planBackfill(table.name(), donor, newPeer, version);
            }
        }
    }

    private void createInbox(String id) {
        try {
            // No time- or size-based deletion: a peer away for weeks still finds every part it has not applied.
            Map<String, String> keepAll = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                    TopicConfig.RETENTION_BYTES_CONFIG, "-1");
            kafkaAdmin.createOrModifyTopics(
                    new NewTopic(properties.topics().inboxOf(id), properties.inboxPartitions(),
                            properties.replicationFactor()).configs(keepAll),
                    new NewTopic(properties.topics().decisionsOf(id), properties.inboxPartitions(),
                            properties.replicationFactor()).configs(keepAll));
        } catch (RuntimeException e) {
            throw ConfigException.backboneUnavailable("could not create the inbox topic of peer '" + id
                    + "': Kafka is unreachable; nothing was changed");
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
