package dev.oltpmesh.config.apikey;

import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiKeyLookup;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** API keys: created (the secret shown once), listed and revoked by admins; looked up by gateways. */
@RestController
class ApiKeyController {

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping("/v1/admin/keys")
    ResponseEntity<CreatedApiKey> create(@Valid @RequestBody ApiKeyRequest request) {
        CreatedApiKey created = keys.create(request);
        return ResponseEntity.created(URI.create("/v1/admin/keys/" + created.id())).body(created);
    }

    @GetMapping("/v1/admin/keys")
    List<ApiKeyView> list() {
        return keys.all();
    }

    @DeleteMapping("/v1/admin/keys/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        keys.revoke(id);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    /** What a key grants, asked by its hash; 404 for an unknown or revoked key. */
    @PostMapping("/internal/api-keys/lookup")
    ApiKeyGrant lookup(@Valid @RequestBody Lookup lookup) {
        return keys.lookup(new ApiKeyLookup(lookup.keyHash()))
                .orElseThrow(() -> ConfigException.notFound("an active key of that hash"));
    }

    record Lookup(@NotNull @Pattern(regexp = "[0-9a-f]{64}") String keyHash) {
    }
}
