package dev.oltpmesh.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.oltpmesh.model.security.ApiKeyGrant;
import dev.oltpmesh.model.security.ApiKeyLookup;
import dev.oltpmesh.support.config.ConfigUnavailableException;
import dev.oltpmesh.support.web.HttpTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.Optional;

/**
 * API keys as the configuration service holds them, asked by hash and remembered briefly: a grant is
 * refreshed after {@code refresh} and dropped after twice that, so a revocation reaches every service
 * within that time. "No such key" is remembered apart, for {@code refresh}, in a bounded cache of its
 * own: a flood of made-up keys costs one question each and cannot push the real grants out.
 */
public final class RemoteApiKeyGrants implements ApiKeyGrants {

    private static final Logger log = LoggerFactory.getLogger(RemoteApiKeyGrants.class);

    private final RestClient configService;
    private final LoadingCache<String, Optional<ApiKeyGrant>> grants;
    private final Cache<String, Boolean> unknown;

    public RemoteApiKeyGrants(RestClient.Builder http, String configServiceUrl, Duration refresh) {
        this.configService = http.baseUrl(configServiceUrl)
                .requestFactory(HttpTimeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(5))).build();
        this.grants = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(refresh)
                .expireAfterWrite(refresh.multipliedBy(2))
                .build(this::ask);
        this.unknown = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(refresh).build();
    }

    @Override
    public Optional<ApiKeyGrant> find(String presentedKey) {
        String hash = ApiKeyLookup.of(presentedKey).keyHash();
        if (unknown.getIfPresent(hash) != null) {
            return Optional.empty();
        }
        Optional<ApiKeyGrant> grant = grants.get(hash);
        if (grant.isEmpty()) {
            grants.invalidate(hash);
            unknown.put(hash, Boolean.TRUE);
        }
        return grant;
    }

    private Optional<ApiKeyGrant> ask(String keyHash) {
        try {
            return Optional.ofNullable(configService.post().uri("/internal/api-keys/lookup")
                    .body(new ApiKeyLookup(keyHash)).retrieve().body(ApiKeyGrant.class));
        } catch (HttpClientErrorException.NotFound unknown) {
            return Optional.empty();
        } catch (RuntimeException unreachable) {
            // Debug: while the config service is away every request would log it; the client gets a 503.
            log.debug("an API key could not be looked up at the config service: {}", unreachable.getMessage());
            throw ConfigUnavailableException.asking("an API key", unreachable);
        }
    }
}
