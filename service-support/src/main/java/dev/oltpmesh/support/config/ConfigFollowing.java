package dev.oltpmesh.support.config;

import dev.oltpmesh.model.event.ConfigEvent;
import dev.oltpmesh.support.kafka.MeshDeserializer;
import dev.oltpmesh.support.kafka.TopicFollower;

/** Builds the follower that keeps a {@link ConfigSnapshot} up to date from {@code mesh.config}. */
public final class ConfigFollowing {

    private ConfigFollowing() {
    }

    public static TopicFollower<ConfigEvent> follower(ConfigSnapshot snapshot, String bootstrapServers, String topic) {
        return new TopicFollower<>(bootstrapServers, topic, new MeshDeserializer<>(ConfigEvent.class),
                (records, caughtUp) -> records.forEach(r -> {
                    if (r.value() != null) {
                        snapshot.apply(r.value());
                    }
                }));
    }
}
