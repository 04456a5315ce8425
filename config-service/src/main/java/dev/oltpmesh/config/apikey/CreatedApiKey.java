package dev.oltpmesh.config.apikey;

import dev.oltpmesh.model.security.ApiRole;

import java.time.Instant;
import java.util.Set;

/** A key just created; {@code key} is shown this once and cannot be read again. */
record CreatedApiKey(String id, String name, ApiRole role, Set<String> tables, Instant createdAt, String key) {
}
