package dev.oltpmesh.peer.apply;

import dev.oltpmesh.model.json.MeshJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What this peer has applied or refused, its commit sequence and the hash chain over everything
 * applied: chain(n) = sha256(chain(n-1) + checksum(n)), so two copies of a peer's history can be
 * compared by their last hash.
 */
@Component
class AppliedLog {

    /** The advisory lock that serializes appends to the chain (any constant unique to this use). */
    private static final long CHAIN_LOCK = 0x6d6573685f636841L;

    private final JdbcClient jdbc;

    AppliedLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Set<String> alreadyAnswered(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return Set.of();
        }
        UUID[] ids = txIds.stream().map(UUID::fromString).toArray(UUID[]::new);
        List<String> found = jdbc.sql("""
                        select tx_id::text from mesh_applied_parts where tx_id = any(?)
                        union all select tx_id::text from mesh_refused_parts where tx_id = any(?)""")
                .param(ids).param(ids).query(String.class).list();
        return new HashSet<>(found);
    }

    /** Those among {@code txIds} applied already. */
    Set<String> appliedAmong(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(jdbc.sql("select tx_id::text from mesh_applied_parts where tx_id = any(?)")
                .param(txIds.stream().map(UUID::fromString).toArray(UUID[]::new)).query(String.class).list());
    }

    long nextSeq() {
        return jdbc.sql("select nextval('mesh_commit_seq')").query(Long.class).single();
    }

    /**
     * The head of the chain, for the caller's transaction to extend: the inbox and the decisions
     * listener both append, so the head is read under a transaction-scoped lock that the appender
     * holds until it commits, and the chain never forks.
     */
    String chainHead() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query((rs, n) -> 0).list();
        return jdbc.sql("select chain_hash from mesh_applied_parts order by recorded desc limit 1")
                .query(String.class).optional().orElse("");
    }

    String recordApplied(String txId, long seq, int rows, String checksum, String previousHead, long placementVersion) {
        String head = MeshJson.sha256(previousHead + checksum);
        jdbc.sql("""
                        insert into mesh_applied_parts (tx_id, seq, rows, checksum, chain_hash, placement_version)
                        values (?, ?, ?, ?, ?, ?)""")
                .param(UUID.fromString(txId)).param(seq).param(rows).param(checksum).param(head).param(placementVersion)
                .update();
        return head;
    }

    void recordRefused(String txId, String reason) {
        jdbc.sql("insert into mesh_refused_parts (tx_id, reason) values (?, ?) on conflict do nothing")
                .param(UUID.fromString(txId)).param(reason).update();
    }
}
