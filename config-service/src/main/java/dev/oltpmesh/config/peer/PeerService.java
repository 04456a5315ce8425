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
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

@Service
class PeerService {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Names a peer's id must not take: the other services' identities and Kafka users. */
    private static final Set<String> SERVICES = Set.of("config", "router", "gateway", "broker", "operator");
    private static final String DECISIONS = "-decisions";

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
        } else if (SERVICES.contains(id)) {
            violations.add("peer id '" + id + "' is the name of a service of the mesh (its key pair and Kafka user)");
        } else if (id.endsWith(DECISIONS)) {
            violations.add("peer id '" + id + "' ends with " + DECISIONS + ", as the names of a peer's decisions "
                    + "topic and consumer group do; it could read another peer's decisions");
        }
        String queryUrl = request == null ? null : request.queryUrl();
        if (queryUrl == null || !isHttpUrl(queryUrl)) {
            violations.add("queryUrl must be an absolute http or https URL");
        }
        if (!violations.isEmpty()) {
            throw ConfigException.invalid("peer '" + id + "'", violations);
        }
        placementVersions.lockForChange();
        Optional<PeerDefinition> known = peers.find(id);
        // A draining peer's rows are on their way elsewhere, a retired one holds nothing: neither takes rows
        // again under its old identity (a new id joins as a new peer, filled by backfills).
        known.filter(p -> p.status() != PeerStatus.ACTIVE).ifPresent(p -> {
            throw ConfigException.conflict("peer '" + id + "' is " + p.status()
                    + "; it cannot be registered again, a new peer joins under a new id");
        });
        boolean created = known.isEmpty();
        createInbox(id);
        long version = placementVersions.current();
        if (created) {
            version = join(id);
        }
        String region = request.region() == null || request.region().isBlank() ? "default" : request.region();
        peers.save(new PeerDefinition(id, stripTrailingSlash(queryUrl), region, PeerStatus.ACTIVE), version);
        events.publishEvent(new ConfigurationChanged("peer " + id));
        return created;
    }

    /**
     * A new peer receives every new row of the replicated tables from its own placement version on,
     * and none of the rows they already have: those are copied to it by a backfill per table, and
     * until that is done no read asks it. Tables defined before their holders were recorded get the
     * active peers named first, at a version of their own, so that whoever routes by the peer's
     * version knows the peer. Returns that version.
     */
    private long join(String newPeer) {
        List<String> active = peers.activeIds();
        List<TableDefinition> replicated = tables.allLatest().stream()
                .filter(t -> t.placement() instanceof ReplicatedPlacement)
                .toList();
        List<TableDefinition> unnamed = replicated.stream()
                .filter(t -> ((ReplicatedPlacement) t.placement()).peers().isEmpty())
                .toList();
        if (!unnamed.isEmpty() && !active.isEmpty()) {
            long named = placementVersions.next("replicated tables name their holders before " + newPeer + " joins");
            for (TableDefinition table : unnamed) {
                tables.insert(table.withPlacement(new ReplicatedPlacement(active)).withVersion(table.version() + 1),
                        named);
            }
        }
        long version = placementVersions.next("peer " + newPeer + " joined");
        for (TableDefinition table : replicated) {
            List<String> holding = ((ReplicatedPlacement) table.placement()).readablePeers(active);
            if (!holding.isEmpty()) {
                // A peer holding every row, active if one is; one that is away makes the job wait for it.
                String donor = holding.stream().filter(active::contains).findFirst().orElse(holding.get(0));
                moves.planBackfill(table.name(), donor, newPeer, version);
            }
        }
        return version;
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
