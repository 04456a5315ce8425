package dev.oltpmesh.config.transaction;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An Idempotency-Key (scoped to the client that sent it), the hash of its first body and its txId. */
record KeyClaim(@NotBlank @Size(max = 600) String scopedKey,
                @NotBlank @Pattern(regexp = "[0-9a-f]{64}") String requestHash,
                @NotBlank @Pattern(regexp = "[0-9a-f-]{36}") String txId) {
}
