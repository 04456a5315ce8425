package dev.oltpmesh.config.apikey;

import dev.oltpmesh.model.security.ApiRole;

import java.time.Instant;
import java.util.Set;

/** A key as listed: everything but its secret, which is not kept. */
record ApiKeyView(String id, String name, ApiRole role, Set<String> tables, Instant createdAt, Instant revokedAt) {
}
