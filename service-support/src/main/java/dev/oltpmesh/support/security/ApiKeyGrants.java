package dev.oltpmesh.support.security;

import dev.oltpmesh.model.security.ApiKeyGrant;

import java.util.Optional;

/** What a presented API key grants; empty for a key that is unknown or revoked. */
public interface ApiKeyGrants {

    /** @throws dev.oltpmesh.support.config.ConfigUnavailableException when the answer cannot be had now */
    Optional<ApiKeyGrant> find(String presentedKey);
}
