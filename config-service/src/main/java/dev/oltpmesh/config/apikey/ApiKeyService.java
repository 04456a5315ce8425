package dev.oltpmesh.config.apikey;

import dev.oltpmesh.config.table.TableNames;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiKeyLookup;
import dev.oltpmesh.model.security.ApiRole;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Creates, lists and revokes API keys; the config service is their one owner. */
@Service
class ApiKeyService {

    /** The id of the admin key taken from the deployment's secret on the first start. */
    static final String BOOTSTRAP_ID = "bootstrap-admin";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRepository keys;

    ApiKeyService(ApiKeyRepository keys) {
        this.keys = keys;
    }

    CreatedApiKey create(ApiKeyRequest request) {
        Set<String> tables = request.tables() == null ? Set.of() : new TreeSet<>(request.tables());
        List<String> violations = new ArrayList<>();
        if (!tables.isEmpty() && !request.role().scopesTables()) {
            violations.add("tables: only reader and writer keys are limited to tables; an "
                    + request.role().name().toLowerCase() + " key is not");
        }
        tables.forEach(t -> TableNames.problemWithTable(t).ifPresent(p -> violations.add("tables: " + p)));
        if (!violations.isEmpty()) {
            throw ConfigException.invalid("the key", violations);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "mesh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = "key-" + HexFormat.of().formatHex(randomBytes(6));
        var createdAt = keys.insert(id, request.name(), request.role(), tables, ApiKeyLookup.of(key).keyHash());
        return new CreatedApiKey(id, request.name(), request.role(), tables, createdAt, key);
    }

    List<ApiKeyView> all() {
        return keys.all();
    }

    Optional<ApiKeyGrant> lookup(ApiKeyLookup lookup) {
        return keys.activeByHash(lookup.keyHash());
    }

    /** Revokes a key; the last admin key cannot be, or nobody could manage keys any more. */
    @Transactional
    void revoke(String id) {
        List<String> admins = keys.lockActiveAdmins();
        String role = keys.role(id).orElseThrow(() -> ConfigException.notFound("key '" + id + "'"));
        if (ApiRole.ADMIN.name().equals(role) && admins.equals(List.of(id))) {
            throw ConfigException.conflict("key '" + id + "' is the last admin key; create another admin key first");
        }
        keys.revoke(id);
    }

    /**
     * The first admin key, from the deployment's secret: stored once, on a database that never had
     * one; after that keys are managed through the API (a revoked bootstrap key stays revoked).
     */
    @Transactional
    boolean seedAdmin(String adminKey) {
        if (keys.exists(BOOTSTRAP_ID)) {
            return false;
        }
        keys.insert(BOOTSTRAP_ID, "admin", ApiRole.ADMIN, Set.of(), ApiKeyLookup.of(adminKey).keyHash());
        return true;
    }

    boolean hasActiveAdmin() {
        return keys.hasActiveAdmin();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
