package dev.oltpmesh.config.transaction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.UUID;

@Repository
class IdempotencyKeys {

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The claim that holds for the key: the one offered, or the one made first. */
    @Transactional
    KeyClaim claim(KeyClaim offered) {
        jdbc.sql("insert into idempotency_keys (scoped_key, request_hash, tx_id) values (?, ?, ?) "
                        + "on conflict (scoped_key) do nothing")
                .param(offered.scopedKey()).param(offered.requestHash()).param(UUID.fromString(offered.txId())).update();
        return jdbc.sql("select scoped_key, request_hash, tx_id::text from idempotency_keys where scoped_key = ?")
                .param(offered.scopedKey())
                .query((rs, n) -> new KeyClaim(rs.getString(1), rs.getString(2), rs.getString(3))).single();
    }

    int forgetOlderThan(Duration window) {
        return jdbc.sql("delete from idempotency_keys where created_at < now() - ?::interval")
                .param(window.toSeconds() + " seconds").update();
    }
}
