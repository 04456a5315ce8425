package dev.oltpmesh.config.peer;

import dev.oltpmesh.config.ConfigServiceProperties;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.util.Map;
import java.util.Optional;

/** Asks a peer about itself over its query endpoint; a peer that does not answer in time is down. */
@Component
public class PeerStatusClient {

    private final RestClient http;

    PeerStatusClient(RestClient.Builder builder, ConfigServiceProperties properties) {
        this.http = builder.requestFactory(HttpTimeouts.of(properties.peerCallTimeout(),
                properties.peerCallTimeout())).build();
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> get(String baseUrl, String path) {
        try {
            return Optional.ofNullable(http.get().uri(baseUrl + path).retrieve().body(Map.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
