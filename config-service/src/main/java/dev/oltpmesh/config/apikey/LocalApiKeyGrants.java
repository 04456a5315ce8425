package dev.oltpmesh.config.apikey;

import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiKeyLookup;
import dev.oltpmesh.support.security.ApiKeyGrants;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The config service holds the keys, so it reads them from its own database, uncached. */
@Component
public class LocalApiKeyGrants implements ApiKeyGrants {

    private final ApiKeyService keys;

    LocalApiKeyGrants(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Optional<ApiKeyGrant> find(String presentedKey) {
        try {
            return keys.lookup(ApiKeyLookup.of(presentedKey));
        } catch (DataAccessException e) {
            // The database away is no answer about the key: 503, not 401.
            throw ConfigUnavailableException.asking("an API key", e);
        }
    }
}
