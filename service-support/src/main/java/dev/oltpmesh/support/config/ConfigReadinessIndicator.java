package dev.oltpmesh.support.config;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** A service is not ready until it has read the configuration that existed when it started. */
public class ConfigReadinessIndicator implements HealthIndicator {

    private final ConfigFollower follower;

    public ConfigReadinessIndicator(ConfigFollower follower) {
        this.follower = follower;
    }

    @Override
    public Health health() {
        return follower.isCaughtUp() ? Health.up().build()
                : Health.outOfService().withDetail("reason", "configuration not read yet").build();
    }
}
