package dev.oltpmesh.config.apikey;

import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@Repository
class ApiKeyRepository {

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Instant insert(String id, String name, ApiRole role, Set<String> tables, String keyHash) {
        return jdbc.sql("insert into api_keys (id, name, role, tables, key_hash) values (?, ?, ?, ?::text[], ?) "
                        + "returning created_at")
                .param(id).param(name).param(role.name()).param(arrayLiteral(tables)).param(keyHash)
                .query(Timestamp.class).single().toInstant();
    }

    boolean exists(String id) {
        return jdbc.sql("select count(*) from api_keys where id = ?").param(id).query(Integer.class).single() > 0;
    }

    List<ApiKeyView> all() {
        return jdbc.sql("select id, name, role, tables, created_at, revoked_at from api_keys order by created_at, id")
                .query((rs, n) -> new ApiKeyView(rs.getString("id"), rs.getString("name"),
                        ApiRole.valueOf(rs.getString("role")), tables(rs), rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(Timestamp::toInstant).orElse(null)))
                .list();
    }

    Optional<ApiKeyGrant> activeByHash(String keyHash) {
        return jdbc.sql("select id, name, role, tables from api_keys where key_hash = ? and revoked_at is null")
                .param(keyHash)
                .query((rs, n) -> new ApiKeyGrant(rs.getString("id"), rs.getString("name"),
                        ApiRole.valueOf(rs.getString("role")), tables(rs)))
                .optional();
    }

    /** Locks the active admin keys until the caller's transaction ends, so two revocations cannot race. */
    List<String> lockActiveAdmins() {
        return jdbc.sql("select id from api_keys where role = 'ADMIN' and revoked_at is null order by id for update")
                .query(String.class).list();
    }

    boolean hasActiveAdmin() {
        return jdbc.sql("select exists (select 1 from api_keys where role = 'ADMIN' and revoked_at is null)")
                .query(Boolean.class).single();
    }

    Optional<String> role(String id) {
        return jdbc.sql("select role from api_keys where id = ?").param(id).query(String.class).optional();
    }

    void revoke(String id) {
        jdbc.sql("update api_keys set revoked_at = now() where id = ? and revoked_at is null").param(id).update();
    }

    private static Set<String> tables(ResultSet rs) throws SQLException {
        Array array = rs.getArray("tables");
        Set<String> tables = new LinkedHashSet<>();
        for (Object t : (Object[]) array.getArray()) {
            tables.add((String) t);
        }
        return tables;
    }

    /** Table names are validated identifiers ([a-z][a-z0-9_]*), so they need no quoting in an array literal. */
    private static String arrayLiteral(Set<String> tables) {
        return "{" + String.join(",", tables) + "}";
    }
}
