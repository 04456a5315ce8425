package dev.oltpmesh.config.publish;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.config.move.MoveRepository;
import dev.oltpmesh.config.placement.PlacementVersions;
import dev.oltpmesh.config.servicekey.ServiceKeyService;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.model.event.ConfigVersionPublished;
import dev.oltpmesh.model.event.PeerRegistered;
import dev.oltpmesh.model.event.RegionMoveRecorded;
import dev.oltpmesh.model.event.ServiceKeyRegistered;
import dev.oltpmesh.model.event.TableDefined;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.schema.TableDefinition;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes committed configuration to the compacted {@code mesh.config} topic. The database is
 * the truth and every row says whether it has been published: a crash between commit and send
 * loses nothing, because unpublished rows are sent again at start and every few seconds, and a
 * record sent twice is harmless on a compacted topic keyed by table or peer.
 */
@Component
public class ConfigPublisher {

    private static final Logger log = LoggerFactory.getLogger(ConfigPublisher.class);

    private final JdbcClient jdbc;
    private final ServiceKeyService serviceKeys;
    private final MoveRepository moves;
    private final ExecutorService publishing = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("config-publisher").daemon().factory());
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Changes committed so far, and how many of them a finished publication covered. */
    private final AtomicLong committed = new AtomicLong();
    private volatile long published;
    /** The change a request thread committed last: it answers once that is published. */
    private static final ThreadLocal<Long> ANSWER_AFTER = new ThreadLocal<>();
    private final PlacementVersions versions;
    private final KafkaTemplate<String, ConfigEvent> kafka;
    private final String topic;
    private final TransactionTemplate transactions;

    ConfigPublisher(JdbcClient jdbc, KafkaTemplate<String, ConfigEvent> configKafkaTemplate,
                    ConfigServiceProperties properties, ServiceKeyService serviceKeys, MoveRepository moves,
                    PlacementVersions versions, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.versions = versions;
        this.jdbc = jdbc;
        this.moves = moves;
        this.serviceKeys = serviceKeys;
        this.kafka = configKafkaTemplate;
        this.topic = properties.topics().config();
    }

    /**
     * Publishes on a thread of its own, never in the committing one: that thread still holds its
     * connection there, and publishing takes locks and a monitor that another committing thread may
     * hold, waiting in turn. Changes that come while a pass runs are published by the next one.
     */
    @TransactionalEventListener
    void onCommitted(ConfigurationChanged change) {
        log.info("configuration changed: {}", change.what());
        ANSWER_AFTER.set(committed.incrementAndGet());
        if (requested.compareAndSet(false, true)) {
            publishing.execute(() -> {
                requested.set(false);
                publishPendingQuietly();
            });
        }
    }

    @PreDestroy
    void stop() {
        publishing.shutdownNow();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void publishPendingQuietly() {
        try {
            publishPending();
        } catch (RuntimeException e) {
            log.warn("configuration not published yet, will retry: {}", e.getMessage());
        }
    }

    /**
     * Waits (a few seconds at most) until the changes this thread committed are published: a request
     * that changed the configuration is answered once every service can see the change.
     */
    public void awaitThisThreadsChanges() {
        Long change = ANSWER_AFTER.get();
        ANSWER_AFTER.remove();
        if (change == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (published < change && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    synchronized void publishPending() {
        long covered = committed.get();
        // Read first: every change of a version up to this one is committed, so it is in what follows.
        long upTo = versions.current();
        // In placement-version order, moves, then tables, then peers at the same version, stopping at the first
        // that cannot be sent: a service that has seen a version has seen every change up to it, and
        // a peer added to the mesh is known only once the tables of its version name what it holds.
        List<TableDefined> tables = jdbc.sql("""
                        select definition::text, placement_version from (
                            select distinct on (name) definition, placement_version, published
                            from table_versions order by name, version desc) latest
                        where not published""")
                .query((rs, n) -> new TableDefined(
                        MeshJson.mapper().readValue(rs.getString(1), TableDefinition.class), rs.getLong(2)))
                .list();
        List<PeerRegistered> peers = jdbc.sql(
                        "select id, query_url, region, status, placement_version from peers where not published")
                .query((rs, n) -> new PeerRegistered(new PeerDefinition(rs.getString(1), rs.getString(2),
                        rs.getString(3), PeerStatus.valueOf(rs.getString(4))), rs.getLong(5)))
                .list();
        List<ConfigEvent> ordered = new ArrayList<>(tables);
        ordered.addAll(peers);
        moves.unpublished().forEach(move -> ordered.add(new RegionMoveRecorded(move)));
        // A move before the table version that starts it: whoever knows the version knows its moves.
        ordered.sort(Comparator.comparingLong(ConfigPublisher::versionOf).thenComparingInt(ConfigPublisher::rank));
        // Sent together and awaited in order (one producer keeps their order on the partition): a pass costs
        // one round trip, not one per record; what was sent is marked published only once acknowledged.
        List<CompletableFuture<?>> sent = ordered.stream().<CompletableFuture<?>>map(e -> kafka.send(topic, e.key(), e))
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            await(ordered.get(i), sent.get(i));
        }
        // Services take the changes of each version up to here together, now that all are out; marked in the
        // database afterwards, in one transaction (one commit, not one per record, before services hear of it).
        // A crash in between sends them again, which changes nothing.
        send(new ConfigVersionPublished(upTo));
        transactions.executeWithoutResult(status -> ordered.forEach(this::markPublished));
        serviceKeys.unpublished().forEach(key -> {
            send(new ServiceKeyRegistered(key));
            serviceKeys.published(key);
        });
        published = Math.max(published, covered);
    }

    private void markPublished(ConfigEvent event) {
        switch (event) {
            case TableDefined defined -> jdbc.sql(
                            "update table_versions set published = true where name = ? and version <= ?")
                    .param(defined.table().name()).param(defined.table().version()).update();
            case PeerRegistered registered -> {
                PeerDefinition peer = registered.peer();
                jdbc.sql("update peers set published = true where id = ? and query_url = ? and region = ? "
                                + "and status = ?")
                        .param(peer.id()).param(peer.queryUrl()).param(peer.region()).param(peer.status().name())
                        .update();
            }
            case RegionMoveRecorded recorded -> moves.published(recorded.move());
            case ServiceKeyRegistered _, ConfigVersionPublished _ -> {
            }
        }
    }

    private static long versionOf(ConfigEvent event) {
        return switch (event) {
            case TableDefined defined -> defined.placementVersion();
            case PeerRegistered registered -> registered.placementVersion();
            case RegionMoveRecorded recorded -> recorded.move().placementVersion();
            case ConfigVersionPublished published -> published.placementVersion();
            case ServiceKeyRegistered _ -> 0;
        };
    }

    private static int rank(ConfigEvent event) {
        return switch (event) {
            case RegionMoveRecorded _ -> 0;
            case TableDefined _ -> 1;
            case PeerRegistered _ -> 2;
            case ServiceKeyRegistered _, ConfigVersionPublished _ -> 3;
        };
    }

    private void send(ConfigEvent event) {
        await(event, kafka.send(topic, event.key(), event));
    }

    private static void await(ConfigEvent event, CompletableFuture<?> sent) {
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.key(), e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event.key() + ": " + e.getMessage(), e);
        }
    }
}
