package dev.oltpmesh.gateway.status;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.Optional;

/**
 * What every gateway shares through the configuration database: who claimed an Idempotency-Key
 * first, and the statuses of transactions no longer held in memory.
 */
@Component
public class SharedTransactions {

    /** An Idempotency-Key, scoped to its client, the hash of its first body and the txId it was given. */
    public record KeyClaim(String scopedKey, String requestHash, String txId) {
    }

    private final RestClient configService;

    SharedTransactions(RestClient.Builder builder, GatewayProperties properties) {
        this.configService = builder.baseUrl(properties.configServiceUrl())
                .requestFactory(HttpTimeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(5))).build();
    }

    /** The claim that holds: this one, or the one another request (on any gateway) made first. */
    public KeyClaim claim(KeyClaim offered) {
        try {
            return configService.post().uri("/internal/idempotency-keys").body(offered).retrieve().body(KeyClaim.class);
        } catch (ResourceAccessException | HttpServerErrorException e) {
            throw ConfigUnavailableException.asking("the Idempotency-Key", e);
        }
    }

    Optional<TxStatus> status(String txId) {
        try {
            return Optional.ofNullable(configService.get().uri("/internal/transactions/{id}", txId).retrieve()
                    .body(TxStatus.class));
        } catch (HttpClientErrorException.NotFound unknown) {
            return Optional.empty();
        } catch (ResourceAccessException | HttpServerErrorException e) {
            throw ConfigUnavailableException.asking("transaction " + txId, e);
        }
    }
}
