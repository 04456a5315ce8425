package dev.oltpmesh.config.transaction;

import dev.oltpmesh.config.web.ConfigException;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** What gateways share about transactions: Idempotency-Keys and the statuses of past transactions. */
@RestController
@RequestMapping("/internal")
class TransactionController {

    private final IdempotencyKeys keys;
    private final TransactionStatuses statuses;

    TransactionController(IdempotencyKeys keys, TransactionStatuses statuses) {
        this.keys = keys;
        this.statuses = statuses;
    }

    /** Claims the key for the offered txId, or answers the claim made first (whose txId then differs). */
    @PostMapping("/idempotency-keys")
    KeyClaim claim(@Valid @RequestBody KeyClaim offered) {
        return keys.claim(offered);
    }

    @GetMapping("/transactions/{txId}")
    TransactionStatus status(@PathVariable String txId) {
        try {
            UUID.fromString(txId);
        } catch (IllegalArgumentException e) {
            throw ConfigException.notFound("transaction '" + txId + "'");
        }
        return statuses.find(txId).orElseThrow(() -> ConfigException.notFound("transaction '" + txId + "'"));
    }
}
