package dev.oltpmesh.support.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.List;

/** A service is not ready until its followers have read the history that existed when it started. */
public class FollowersReadyIndicator implements HealthIndicator {

    private final List<TopicFollower<?>> followers;

    public FollowersReadyIndicator(List<TopicFollower<?>> followers) {
        this.followers = List.copyOf(followers);
    }

    @Override
    public Health health() {
        return followers.stream().allMatch(TopicFollower::isCaughtUp) ? Health.up().build()
                : Health.outOfService().withDetail("reason", "history of the mesh topics not read yet").build();
    }
}
