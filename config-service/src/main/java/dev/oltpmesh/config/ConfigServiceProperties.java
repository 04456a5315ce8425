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
 * @param idempotencyKeyWindow how long an Idempotency-Key keeps its first txId
 * @param statusRetention   how long a transaction's status is kept after its last change
 * @param movePurgeGrace  how long a move's source keeps the region after the copies went live: longer
 *                        than a gateway takes to hear of it plus a query's timeout
 * @param adminKey        the first admin API key, from the deployment's secret (stored hashed on a
 *                        database that never had one; refused if well known or short)
 */
@Validated
@ConfigurationProperties("mesh.config-service")
public record ConfigServiceProperties(@DefaultValue @NotNull MeshTopics topics,
                                      @DefaultValue("PT2S") @NotNull Duration peerCallTimeout,
                                      @DefaultValue("16") @Min(1) int defaultShards,
                                      @DefaultValue("1") @Min(1) int inboxPartitions,
                                      @DefaultValue("3") @Min(1) int topicPartitions,
                                      @DefaultValue("1") @Min(1) short replicationFactor,
                                      @DefaultValue("P1D") @NotNull Duration idempotencyKeyWindow,
                                      @DefaultValue("P30D") @NotNull Duration statusRetention,
                                      @DefaultValue("PT15S") @NotNull Duration movePurgeGrace,
                                      String adminKey) {
}
