package dev.oltpmesh.gateway;

import dev.oltpmesh.support.config.FollowsConfiguration;
import dev.oltpmesh.support.kafka.MeshTopics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * @param configServiceUrl where admin routes are forwarded
 * @param routerUrl        the router's actuator, for the cluster's health
 * @param apiKeyRefresh    how long an API key's grant (or its absence) is trusted before the config
 *                         service is asked again; a revoked key stops working within twice that
 * @param maxBodyBytes     a larger write body is refused with 413
 * @param maxRows          a transaction with more rows is refused with 413
 * @param maxWait          the longest {@code wait=committed} or {@code after=} may wait
 * @param peerTimeout      how long a query waits for one peer
 * @param defaultLimit     rows a query returns when it sets no limit
 * @param maxPageRows      the largest {@code limit} a query may ask for; larger result sets are paged
 *                         with {@code cursor}
 * @param peerProbeInterval how often the gateway measures each peer's round-trip time
 * @param recentStatusWindow how long a gateway holds transaction statuses in memory (and replays them at
 *                         start); older ones are read from the configuration database
 * @param restAllowedOrigins the browser origins whose pages may call the {@code /rest} dialect (CORS), as
 *                         PostgREST lets any by default; keys travel in headers, never in cookies
 */
@Validated
@ConfigurationProperties("mesh.gateway")
public record GatewayProperties(@DefaultValue @NotNull MeshTopics topics,
                                @NotBlank String configServiceUrl,
                                @NotBlank String routerUrl,
                                @DefaultValue("PT2S") @NotNull Duration apiKeyRefresh,
                                @DefaultValue("4194304") @Min(1) int maxBodyBytes,
                                @DefaultValue("10000") @Min(1) int maxRows,
                                @DefaultValue("PT30S") @NotNull Duration maxWait,
                                @DefaultValue("PT5S") @NotNull Duration peerTimeout,
                                @DefaultValue("1000") @Min(1) int defaultLimit,
                                @DefaultValue("10000") @Min(1) int maxPageRows,
                                @DefaultValue("PT2S") @NotNull Duration peerProbeInterval,
                                @DefaultValue("PT10M") @NotNull Duration recentStatusWindow,
                                @DefaultValue("*") @NotNull List<String> restAllowedOrigins) implements FollowsConfiguration {
}
