package dev.oltpmesh.support.security;

import dev.oltpmesh.model.security.ApiKeyGrant;

import java.security.Principal;

/** The authenticated caller of a request: the holder of an API key; its name is the key's client. */
public record KeyHolder(ApiKeyGrant grant) implements Principal {

    @Override
    public String getName() {
        return grant.client();
    }
}
