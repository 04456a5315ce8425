package dev.oltpmesh.peer;

import dev.oltpmesh.support.config.FollowsConfiguration;
import dev.oltpmesh.support.kafka.MeshTopics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param id               this peer's identity, stable across addresses
 * @param configServiceUrl where to fetch a table version not yet seen on {@code mesh.config}
 * @param topics           topic names
 * @param queryTimeout     the longest a query may run on this peer
 */
@Validated
@ConfigurationProperties("mesh.peer")
public record PeerProperties(@NotBlank String id,
                             @NotBlank String configServiceUrl,
                             @DefaultValue @NotNull MeshTopics topics,
                             @DefaultValue("PT30S") @NotNull Duration queryTimeout) implements FollowsConfiguration {

    public String inbox() {
        return topics.inboxOf(id);
    }

}
