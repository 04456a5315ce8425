package dev.oltpmesh.support.security;

import dev.oltpmesh.support.identity.TrustedKey;

import java.security.Principal;

/** The authenticated caller of an internal endpoint: another service of the mesh, by its key. */
public record ServiceCaller(TrustedKey key) implements Principal {

    @Override
    public String getName() {
        return key.service();
    }
}
