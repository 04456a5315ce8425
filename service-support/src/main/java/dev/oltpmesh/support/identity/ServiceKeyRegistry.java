package dev.oltpmesh.support.identity;

import dev.oltpmesh.model.security.ServiceKey;

import java.util.Optional;

/**
 * The service keys registered through the admin API (the configuration database, as this service sees
 * it): trusted beside the trust folder's, and a revocation there overrides the folder.
 */
public interface ServiceKeyRegistry {

    Optional<ServiceKey> serviceKey(String keyId);
}
