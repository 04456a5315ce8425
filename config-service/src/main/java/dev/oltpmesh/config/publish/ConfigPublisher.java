package dev.oltpmesh.config.publish;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.config.servicekey.ServiceKeyService;
import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.model.event.PeerRegistered;
import dev.oltpmesh.model.event.ServiceKeyRegistered;
import dev.oltpmesh.model.event.TableDefined;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.model.peer.PeerStatus;
import dev.oltpmesh.model.schema.TableDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.util.concurrent.TimeUnit;

/**
 * Publishes committed configuration to the compacted {@code mesh.config} topic. The database is
 * the truth and every row says whether it has been published: a crash between commit and send
 * loses nothing, because unpublished rows are sent again at start and every few seconds, and a
 * record sent twice is harmless on a compacted topic keyed by table or peer.
 */
@Component
class ConfigPublisher {

    private static final Logger log = LoggerFactory.getLogger(ConfigPublisher.class);

    private final JdbcClient jdbc;
    private final ServiceKeyService serviceKeys;
    private final KafkaTemplate<String, ConfigEvent> kafka;
    private final String topic;

    ConfigPublisher(JdbcClient jdbc, KafkaTemplate<String, ConfigEvent> configKafkaTemplate,
                    ConfigServiceProperties properties, ServiceKeyService serviceKeys) {
        this.jdbc = jdbc;
        this.serviceKeys = serviceKeys;
        this.kafka = configKafkaTemplate;
        this.topic = properties.topics().config();
    }

    @TransactionalEventListener
    void onCommitted(ConfigurationChanged change) {
        log.info("configuration changed: {}", change.what());
        publishPending();
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

    synchronized void publishPending() {
        // Tables before peers: a peer added to the mesh is known only once the replicated tables it
        // does not hold yet say so, so no read picks it for their rows.
        jdbc.sql("""
                        select definition::text, placement_version from (
                            select distinct on (name) definition, placement_version, published
                            from table_versions order by name, version desc) latest
                        where not published""")
                .query((rs, n) -> new TableDefined(
                        MeshJson.mapper().readValue(rs.getString(1), TableDefinition.class), rs.getLong(2)))
                .list().forEach(defined -> {
                    send(defined);
                    jdbc.sql("update table_versions set published = true where name = ? and version <= ?")
                            .param(defined.table().name()).param(defined.table().version()).update();
                });
        jdbc.sql("select id, query_url, region, status, placement_version from peers where not published").query((rs, n) ->
                new PeerRegistered(new PeerDefinition(rs.getString(1), rs.getString(2), rs.getString(3),
                        PeerStatus.valueOf(rs.getString(4))), rs.getLong(5))).list().forEach(registered -> {
            PeerDefinition peer = registered.peer();
            send(registered);
            jdbc.sql("update peers set published = true where id = ? and query_url = ? and region = ? and status = ?")
                    .param(peer.id()).param(peer.queryUrl()).param(peer.region()).param(peer.status().name())
                    .update();
        });
        serviceKeys.unpublished().forEach(key -> {
            send(new ServiceKeyRegistered(key));
            serviceKeys.published(key);
        });
    }

    private void send(ConfigEvent event) {
        try {
            kafka.send(topic, event.key(), event).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.key(), e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event.key() + ": " + e.getMessage(), e);
        }
    }
}
