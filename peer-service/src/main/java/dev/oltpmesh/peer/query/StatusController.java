package dev.oltpmesh.peer.query;

import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.apply.InboxHold;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a peer says of itself: rows stored, parts applied, how far behind its inbox it is. */
@RestController
class StatusController {

    private final JdbcClient jdbc;
    private final InboxHold hold;
    private final PeerProperties properties;
    private final Admin admin;

    StatusController(JdbcClient jdbc, PeerProperties properties, KafkaProperties kafka, InboxHold hold) {
        this.jdbc = jdbc;
        this.hold = hold;
        this.properties = properties;
        Map<String, Object> adminProperties = new java.util.HashMap<>(kafka.buildAdminProperties());
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        this.admin = Admin.create(adminProperties);
    }

    /**
     * @param preparedBefore list only the prepared parts routed by an older placement version (or by
     *                       one not recorded yet): what a move from this peer at that version waits on
     */
    @GetMapping("/internal/status")
    Map<String, Object> status(@RequestParam(required = false) Long preparedBefore) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peer", properties.id());
        out.put("rows", jdbc.sql("select coalesce(sum(rows), 0) from mesh_applied_parts").query(Long.class).single());
        out.put("parts", jdbc.sql("select count(*) from mesh_applied_parts").query(Long.class).single());
        out.put("chainHash", jdbc.sql("select chain_hash from mesh_applied_parts order by seq desc limit 1")
                .query(String.class).optional().orElse(null));
        // The inbox is one partition: where it ends, how far this peer has applied it, and which two-phase
        // parts it holds prepared, what a backfill from this peer waits on before it knows every older
        // part has reached its database. The end is read first, so the lag is never below the truth.
        Long end = inboxEnd();
        long applied = jdbc.sql("select coalesce(max(next_offset), 0) from mesh_offsets where topic = ? and partition = 0")
                .param(properties.inbox()).query(Long.class).single();
        out.put("lag", end == null ? null : Math.max(0, end - applied));
        // A part the inbox waits at for a move here to settle: every part before it is applied.
        out.put("heldAtVersion", hold.versionWaitedAt(applied).orElse(null));
        out.put("inboxEnd", end);
        out.put("inboxOffset", applied);
        out.put("prepared", jdbc.sql("""
                        select substr(p.gid, 6) from pg_prepared_xacts p
                        left join mesh_prepared_versions v on v.tx_id::text = substr(p.gid, 6)
                        where p.gid like 'mesh:%' and p.database = current_database()
                            and (cast(? as bigint) is null or v.placement_version is null or v.placement_version < ?)
                        order by p.gid""")
                .param(preparedBefore).param(preparedBefore).query(String.class).list());
        return out;
    }

    private Long inboxEnd() {
        try {
            TopicPartition inbox = new TopicPartition(properties.inbox(), 0);
            return admin.listOffsets(Map.of(inbox, OffsetSpec.latest())).partitionResult(inbox)
                    .get(2, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            return null;
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
