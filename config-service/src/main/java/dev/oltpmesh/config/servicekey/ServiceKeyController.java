package dev.oltpmesh.config.servicekey;

import dev.oltpmesh.config.publish.ConfigPublisher;
import dev.oltpmesh.model.security.ServiceKey;
import jakarta.validation.Valid;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Services' public keys: registered (a rotation), listed and revoked by admins. */
@RestController
class ServiceKeyController {

    private final ServiceKeyService keys;

    private final ObjectProvider<ConfigPublisher> publisher;

    ServiceKeyController(ServiceKeyService keys, ObjectProvider<ConfigPublisher> publisher) {
        this.keys = keys;
        this.publisher = publisher;
    }

    @PostMapping("/v1/admin/service-keys")
    ResponseEntity<ServiceKey> register(@Valid @RequestBody ServiceKeyRequest request) {
        ServiceKey key = keys.register(request);
        return ResponseEntity.created(URI.create("/v1/admin/service-keys/" + key.keyId())).body(key);
    }

    @GetMapping("/v1/admin/service-keys")
    List<ServiceKey> list() {
        return keys.all();
    }

    @DeleteMapping("/v1/admin/service-keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable String keyId) {
        keys.revoke(keyId);
        // No body, so no ResponseBodyAdvice: the revocation is answered once every service can see it.
        publisher.ifAvailable(ConfigPublisher::awaitThisThreadsChanges);
        return ResponseEntity.noContent().build();
    }
}
