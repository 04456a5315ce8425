package dev.oltpmesh.model.event;

import dev.oltpmesh.model.security.ServiceKey;

/** A service key registered, or revoked (then {@code revokedAt} is set), through the admin API. */
public record ServiceKeyRegistered(ServiceKey serviceKey) implements ConfigEvent {

    @Override
    public String key() {
        return "service-key:" + serviceKey.keyId();
    }
}
