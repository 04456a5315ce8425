package dev.oltpmesh.config.transaction;

import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.json.MeshJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class TransactionStatuses {

    private static final TypeReference<List<PartSummary>> PARTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    TransactionStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void routed(String txId, int rows, Instant submittedAt, List<PartSummary> parts, String client) {
        jdbc.sql("""
                        insert into transaction_statuses (tx_id, status, rows, submitted_at, parts, client)
                        values (?, 'ACCEPTED', ?, ?, ?::jsonb, ?) on conflict (tx_id) do nothing""")
                .param(UUID.fromString(txId)).param(rows).param(Timestamp.from(submittedAt))
                .param(new String(MeshJson.toBytes(parts))).param(client).update();
    }

    void decided(String txId, boolean commit) {
        jdbc.sql("update transaction_statuses set decision = ?, updated_at = now() where tx_id = ?")
                .param(commit ? "COMMIT" : "ABORT").param(UUID.fromString(txId)).update();
    }

    /** The first outcome is the outcome: a repeated one changes nothing. */
    void settled(String txId, String status, int rows, Instant submittedAt, Instant committedAt, String error,
                 List<PartSummary> parts, String client) {
        jdbc.sql("""
                        insert into transaction_statuses (tx_id, status, rows, submitted_at, committed_at, error, parts,
                            client)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (tx_id) do update set status = excluded.status, committed_at = excluded.committed_at,
                            error = excluded.error, parts = excluded.parts, updated_at = now(), client = excluded.client
                        where transaction_statuses.status = 'ACCEPTED'""")
                .param(UUID.fromString(txId)).param(status).param(rows).param(Timestamp.from(submittedAt))
                .param(committedAt == null ? null : Timestamp.from(committedAt)).param(error)
                .param(new String(MeshJson.toBytes(parts))).param(client).update();
    }

    Optional<TransactionStatus> find(String txId) {
        return jdbc.sql("""
                        select tx_id::text, status, rows, submitted_at, committed_at, parts::text, error, decision, client
                        from transaction_statuses where tx_id = ?""")
                .param(UUID.fromString(txId))
                .query((rs, n) -> new TransactionStatus(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                        MeshJson.mapper().readValue(rs.getString(6), PARTS), rs.getString(7), rs.getString(8),
                        rs.getString(9)))
                .optional();
    }

    int forgetOlderThan(Duration retention) {
        return jdbc.sql("delete from transaction_statuses where updated_at < now() - ?::interval")
                .param(retention.toSeconds() + " seconds").update();
    }
}
