package dev.oltpmesh.config.apikey;

import dev.oltpmesh.config.ConfigServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The first admin key comes from the deployment (a Secret, or the embedded cluster's generated
 * {@code admin.key}). A mesh refuses to start with a key anyone could know, or with none at all
 * when no admin key exists yet: it would be an open door or a locked one.
 */
@Component
class AdminKeySeed implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminKeySeed.class);

    static final int MIN_LENGTH = 32;

    /** Keys from old examples and the usual placeholders. */
    private static final Set<String> WELL_KNOWN = Set.of("change-me", "changeme", "change_me", "admin", "password",
            "secret", "mesh", "test", "dev-admin-key", "replace-me", "replaceme");

    private final ApiKeyService keys;
    private final ConfigServiceProperties properties;

    AdminKeySeed(ApiKeyService keys, ConfigServiceProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String key = properties.adminKey();
        if (key == null || key.isBlank()) {
            if (!keys.hasActiveAdmin()) {
                throw new IllegalStateException("no admin key: set mesh.config-service.admin-key (MESH_ADMIN_KEY) "
                        + "to a random secret of at least " + MIN_LENGTH + " characters");
            }
            return;
        }
        problemWith(key).ifPresent(problem -> {
            throw new IllegalStateException("refusing to start: the admin key " + problem);
        });
        if (keys.seedAdmin(key.strip())) {
            log.info("first admin key stored (id {})", ApiKeyService.BOOTSTRAP_ID);
        }
    }

    static Optional<String> problemWith(String key) {
        String k = key.strip();
        if (WELL_KNOWN.contains(k.toLowerCase(Locale.ROOT))) {
            return Optional.of("is a well-known value; generate one, e.g. with `openssl rand -hex 32`");
        }
        if (k.length() < MIN_LENGTH) {
            return Optional.of("has " + k.length() + " characters; it needs at least " + MIN_LENGTH);
        }
        if (k.chars().distinct().count() < 8) {
            return Optional.of("repeats too few characters to be a random secret");
        }
        return Optional.empty();
    }
}
