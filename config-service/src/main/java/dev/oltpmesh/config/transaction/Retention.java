package dev.oltpmesh.config.transaction;

import dev.oltpmesh.config.ConfigServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets Idempotency-Keys after their window and statuses after their retention. */
@Component
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final IdempotencyKeys keys;
    private final TransactionStatuses statuses;
    private final ConfigServiceProperties properties;

    Retention(IdempotencyKeys keys, TransactionStatuses statuses, ConfigServiceProperties properties) {
        this.keys = keys;
        this.statuses = statuses;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forget() {
        int forgottenKeys = keys.forgetOlderThan(properties.idempotencyKeyWindow());
        int forgottenStatuses = statuses.forgetOlderThan(properties.statusRetention());
        if (forgottenKeys + forgottenStatuses > 0) {
            log.info("forgot {} Idempotency-Keys and {} transaction statuses past their retention", forgottenKeys,
                    forgottenStatuses);
        }
    }
}
