package dev.oltpmesh.config.servicekey;

import dev.oltpmesh.config.publish.ConfigurationChanged;
import dev.oltpmesh.config.web.ConfigException;
import dev.oltpmesh.model.security.ServiceKey;
import dev.oltpmesh.support.identity.Ed25519;
import dev.oltpmesh.support.identity.ServiceKeyRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Service keys registered through the admin API: the config service's own registry (it verifies
 * other services' tokens and events with it), published on {@code mesh.config} for the others.
 */
@Service
public class ServiceKeyService implements ServiceKeyRegistry {

    private final ServiceKeyRepository keys;
    private final ApplicationEventPublisher events;
    /** Every registered key, read again after each committed change: events are verified against it. */
    private volatile Map<String, ServiceKey> known;

    ServiceKeyService(ServiceKeyRepository keys, ApplicationEventPublisher events) {
        this.keys = keys;
        this.events = events;
    }

    @Transactional
    ServiceKey register(ServiceKeyRequest request) {
        PublicKey publicKey;
        try {
            publicKey = Ed25519.readPublic(request.publicKey());
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("the service key", List.of("publicKey: " + e.getMessage()
                    + " (expected a PEM 'PUBLIC KEY' of an Ed25519 key, as openssl pkey -pubout writes it)"));
        }
        String keyId = Ed25519.keyId(publicKey);
        ServiceKey stored = keys.register(keyId, request.service(), request.role(), Ed25519.publicPem(publicKey));
        if (!stored.service().equals(request.service()) || stored.role() != request.role()) {
            throw ConfigException.conflict("key " + keyId + " is registered for " + stored.role().name().toLowerCase()
                    + " " + stored.service());
        }
        if (stored.revokedAt() != null) {
            throw ConfigException.conflict("key " + keyId + " was revoked; a revoked key is not trusted again");
        }
        events.publishEvent(new ConfigurationChanged("service key " + keyId));
        return stored;
    }

    List<ServiceKey> all() {
        return keys.all();
    }

    @Transactional
    void revoke(String keyId) {
        if (keys.find(keyId).isEmpty()) {
            throw ConfigException.notFound("service key '" + keyId + "'");
        }
        if (keys.revoke(keyId)) {
            events.publishEvent(new ConfigurationChanged("service key " + keyId + " revoked"));
        }
    }

    @Override
    public Optional<ServiceKey> serviceKey(String keyId) {
        Map<String, ServiceKey> current = known;
        if (current == null) {
            current = reload();
        }
        return Optional.ofNullable(current.get(keyId));
    }

    @TransactionalEventListener
    void onChanged(ConfigurationChanged change) {
        reload();
    }

    private Map<String, ServiceKey> reload() {
        Map<String, ServiceKey> all = keys.all().stream().collect(Collectors.toUnmodifiableMap(ServiceKey::keyId, k -> k));
        known = all;
        return all;
    }

    /** For the publisher: keys registered or revoked but not yet on {@code mesh.config}. */
    public List<ServiceKey> unpublished() {
        return keys.unpublished();
    }

    public void published(ServiceKey key) {
        keys.published(key);
    }
}
