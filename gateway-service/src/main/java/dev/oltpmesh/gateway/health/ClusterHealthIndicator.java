package dev.oltpmesh.gateway.health;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.model.peer.PeerDefinition;
import dev.oltpmesh.support.config.ConfigSnapshot;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway is UP only when the whole mesh can serve: the config service, the router and every
 * active peer report themselves ready.
 */
@Component("cluster")
class ClusterHealthIndicator implements HealthIndicator {

    private final RestClient http;
    private final ConfigSnapshot snapshot;
    private final GatewayProperties properties;

    ClusterHealthIndicator(RestClient.Builder builder, ConfigSnapshot snapshot, GatewayProperties properties) {
        this.http = builder.requestFactory(HttpTimeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(2))).build();
        this.snapshot = snapshot;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("config-service", probe(properties.configServiceUrl()));
        parts.put("router-service", probe(properties.routerUrl()));
        for (PeerDefinition peer : snapshot.activePeers()) {
            parts.put(peer.id(), probe(peer.queryUrl()));
        }
        boolean up = parts.values().stream().allMatch("UP"::equals) && !snapshot.activePeers().isEmpty();
        return (up ? Health.up() : Health.down()).withDetails(new LinkedHashMap<>(parts))
                .withDetail("activePeers", snapshot.activePeers().size()).build();
    }

    private String probe(String baseUrl) {
        try {
            http.get().uri(baseUrl + "/actuator/health/readiness").retrieve().toBodilessEntity();
            return "UP";
        } catch (RuntimeException e) {
            return "DOWN";
        }
    }
}
