package dev.oltpmesh.peer.query;

import dev.oltpmesh.peer.PeerProperties;
import dev.oltpmesh.peer.apply.InboxHold;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a peer says of itself: rows stored, parts applied, how far behind its inbox it is. */
@RestController
class StatusController {

    private final JdbcClient jdbc;
    private final InboxHold hold;
    private final PeerProperties properties;
    private final PeerProgress progress;

    StatusController(JdbcClient jdbc, PeerProperties properties, InboxHold hold, PeerProgress progress) {
        this.jdbc = jdbc;
        this.hold = hold;
        this.properties = properties;
        this.progress = progress;
    }

    /**
     * @param preparedBefore list only the prepared parts routed by an older placement version (or by
     *                       one not recorded yet): what a move from this peer at that version waits on
     */
    @GetMapping("/internal/status")
    Map<String, Object> status(@RequestParam(required = false) Long preparedBefore) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peer", properties.id());
        out.put("rows", progress.rows());
        out.put("parts", jdbc.sql("select count(*) from mesh_applied_parts").query(Long.class).single());
        out.put("chainHash", jdbc.sql("select chain_hash from mesh_applied_parts order by seq desc limit 1")
                .query(String.class).optional().orElse(null));
        // The inbox is one partition: where it ends, how far this peer has applied it, and which two-phase
        // parts it holds prepared, what a backfill from this peer waits on before it knows every older
        // part has reached its database. The end is read first, so the lag is never below the truth.
        Long end = progress.inboxEnd();
        long applied = progress.appliedOffset();
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
}
