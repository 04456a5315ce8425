package dev.oltpmesh.gateway.admin;

import dev.oltpmesh.model.security.ApiRole;
import dev.oltpmesh.model.security.ServiceRole;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Set;

/** What the config service takes and answers for API keys and services' keys, as the gateway's API documents it. */
interface Keys {

    @Schema(description = "An API key to create.")
    record ApiKeyRequest(@Schema(description = "the client the key stands for; it scopes Idempotency-Keys and "
                                 + "transaction statuses", example = "shop", pattern = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
                         String name,
                         @Schema(description = "any case") ApiRole role,
                         @ArraySchema(maxItems = 1000, arraySchema = @Schema(
                                 description = "the tables a reader or writer key may use; omitted for every table"))
                         Set<String> tables) {
    }

    @Schema(description = "A key just created: the secret (key) is shown this once.")
    record CreatedApiKey(String id, String name, ApiRole role, Set<String> tables, Instant createdAt,
                         @Schema(description = "the secret: Authorization: Bearer <key>") String key) {
    }

    @Schema(description = "A key as listed: everything but its secret, which is not kept.")
    record ApiKey(String id, String name, ApiRole role, Set<String> tables, Instant createdAt, Instant revokedAt) {
    }

    @Schema(description = "A service's Ed25519 public key to trust: openssl pkey -in router.key -pubout")
    record ServiceKeyRequest(@Schema(description = "router, gateway, config or a peer's id", example = "router",
                                     pattern = "[a-z][a-z0-9-]{0,62}")
                             String service,
                             @Schema(description = "any case") ServiceRole role,
                             @Schema(description = "PEM, X.509 SubjectPublicKeyInfo", maxLength = 2000) String publicKey) {
    }
}
