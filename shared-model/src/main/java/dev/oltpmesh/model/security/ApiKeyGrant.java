package dev.oltpmesh.model.security;

import java.util.Set;

/**
 * What a valid API key grants, as the configuration service answers a gateway that looks one up.
 *
 * @param keyId  the key's public id (never its secret)
 * @param client the name the key was created with: the client its requests come from, the scope of its
 *               Idempotency-Keys and of the transactions whose status it may read
 * @param tables the tables it may read or write; empty for every table
 */
public record ApiKeyGrant(String keyId, String client, ApiRole role, Set<String> tables) {

    public ApiKeyGrant {
        tables = tables == null ? Set.of() : Set.copyOf(tables);
    }

    public boolean mayUse(String table) {
        return tables.isEmpty() || tables.contains(table);
    }
}
