package dev.oltpmesh.peer.query;

import dev.oltpmesh.peer.PeerProperties;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How much this peer holds and how far it has applied its inbox: what its status answers and its
 * gauges report. The inbox is one partition.
 */
@Component
class PeerProgress {

    private final JdbcClient jdbc;
    private final PeerProperties properties;
    private final Admin admin;

    PeerProgress(JdbcClient jdbc, PeerProperties properties, KafkaProperties kafka) {
        this.jdbc = jdbc;
        this.properties = properties;
        Map<String, Object> adminProperties = new HashMap<>(kafka.buildAdminProperties());
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        this.admin = Admin.create(adminProperties);
    }

    long rows() {
        return jdbc.sql("select coalesce(sum(rows), 0) from mesh_applied_parts").query(Long.class).single();
    }

    /** The offset of the next part this peer will apply from its inbox. */
    long appliedOffset() {
        return jdbc.sql("select coalesce(max(next_offset), 0) from mesh_offsets where topic = ? and partition = 0")
                .param(properties.inbox()).query(Long.class).single();
    }

    /** Where the inbox ends, or null while Kafka does not say. */
    Long inboxEnd() {
        try {
            TopicPartition inbox = new TopicPartition(properties.inbox(), 0);
            return admin.listOffsets(Map.of(inbox, OffsetSpec.latest())).partitionResult(inbox)
                    .get(2, TimeUnit.SECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return null;
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
