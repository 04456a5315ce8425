package dev.oltpmesh.config;

import dev.oltpmesh.support.kafka.MeshTopics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param topics          topic names
 * @param peerCallTimeout how long to wait for a peer's status or stats
 * @param defaultShards   shards of a HASH table that does not say
 * @param inboxPartitions partitions of a peer's inbox topic
 * @param topicPartitions partitions of the shared topics
 * @param replicationFactor replication of every topic (1 on a laptop, 3 in production)
 */
@Validated
@ConfigurationProperties("mesh.config-service")
public record ConfigServiceProperties(@DefaultValue @NotNull MeshTopics topics,
                                      @DefaultValue("PT2S") @NotNull Duration peerCallTimeout,
                                      @DefaultValue("16") @Min(1) int defaultShards,
                                      @DefaultValue("1") @Min(1) int inboxPartitions,
                                      @DefaultValue("3") @Min(1) int topicPartitions,
                                      @DefaultValue("1") @Min(1) short replicationFactor) {
}
