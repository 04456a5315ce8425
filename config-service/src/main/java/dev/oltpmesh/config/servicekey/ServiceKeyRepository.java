package dev.oltpmesh.config.servicekey;

import dev.oltpmesh.model.security.ServiceKey;
import dev.oltpmesh.model.security.ServiceRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

@Repository
class ServiceKeyRepository {

    private static final String COLUMNS = "key_id, service, role, public_key, created_at, revoked_at";

    private final JdbcClient jdbc;

    ServiceKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers the key unless its id is known; the key as stored either way. */
    ServiceKey register(String keyId, String service, ServiceRole role, String publicKey) {
        jdbc.sql("insert into service_keys (key_id, service, role, public_key) values (?, ?, ?, ?) "
                        + "on conflict (key_id) do nothing")
                .param(keyId).param(service).param(role.name()).param(publicKey).update();
        return find(keyId).orElseThrow();
    }

    Optional<ServiceKey> find(String keyId) {
        return jdbc.sql("select " + COLUMNS + " from service_keys where key_id = ?").param(keyId)
                .query(ServiceKeyRepository::map).optional();
    }

    List<ServiceKey> all() {
        return jdbc.sql("select " + COLUMNS + " from service_keys order by service, created_at").query(ServiceKeyRepository::map)
                .list();
    }

    boolean revoke(String keyId) {
        return jdbc.sql("update service_keys set revoked_at = now(), published = false "
                + "where key_id = ? and revoked_at is null").param(keyId).update() > 0;
    }

    List<ServiceKey> unpublished() {
        return jdbc.sql("select " + COLUMNS + " from service_keys where not published").query(ServiceKeyRepository::map)
                .list();
    }

    void published(ServiceKey key) {
        jdbc.sql("update service_keys set published = true where key_id = ? and revoked_at is not distinct from ?")
                .param(key.keyId()).param(key.revokedAt() == null ? null : Timestamp.from(key.revokedAt())).update();
    }

    private static ServiceKey map(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ServiceKey(rs.getString("key_id"), rs.getString("service"), ServiceRole.valueOf(rs.getString("role")),
                rs.getString("public_key"), rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
