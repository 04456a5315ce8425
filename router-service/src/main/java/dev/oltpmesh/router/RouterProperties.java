package dev.oltpmesh.router;

import dev.oltpmesh.support.kafka.MeshTopics;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param topics     topic names
 * @param configWait how long a transaction waits for a table version the router has not seen yet
 */
@Validated
@ConfigurationProperties("mesh.router")
public record RouterProperties(@DefaultValue @NotNull MeshTopics topics,
                               @DefaultValue("PT10S") @NotNull Duration configWait) {
}
