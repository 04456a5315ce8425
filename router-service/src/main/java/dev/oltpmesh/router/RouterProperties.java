package dev.oltpmesh.router;

import dev.oltpmesh.support.config.FollowsConfiguration;
import dev.oltpmesh.support.kafka.MeshTopics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;


/**
 * @param topics           topic names
 * @param configServiceUrl where to fetch a table version not yet seen on {@code mesh.config}
 */
@Validated
@ConfigurationProperties("mesh.router")
public record RouterProperties(@DefaultValue @NotNull MeshTopics topics,
                               @NotBlank String configServiceUrl) implements FollowsConfiguration {
}
