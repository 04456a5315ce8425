package dev.oltpmesh.router;

import dev.oltpmesh.support.config.FollowsConfiguration;
import dev.oltpmesh.support.kafka.MeshTopics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;


/**
 * @param topics           topic names
 * @param configServiceUrl where to fetch a table version not yet seen on {@code mesh.config}
 * @param prepareTimeout   how long a two-phase transaction waits for every vote before it aborts
 */
@Validated
@ConfigurationProperties("mesh.router")
public record RouterProperties(@DefaultValue @NotNull MeshTopics topics,
                               @NotBlank String configServiceUrl,
                               @DefaultValue("PT30S") @NotNull Duration prepareTimeout) implements FollowsConfiguration {
}
