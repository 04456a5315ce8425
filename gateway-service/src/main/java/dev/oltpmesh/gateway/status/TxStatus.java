package dev.oltpmesh.gateway.status;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.oltpmesh.model.event.PartSummary;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * What a client sees of a transaction: its status, the router's decision when it has several peers
 * ({@code COMMIT} or {@code ABORT}), and each peer's progress ({@code ROUTED}, {@code PREPARED},
 * {@code APPLIED}, {@code COMMITTED}, {@code ABORTED}, {@code REFUSED}); {@code client} submitted it and
 * is, with admins, the only one who may read it.
 */
public record TxStatus(@Schema(example = "019ae0c4-5b1e-7c3a-9f21-3c5d7e9a1b20") String txId,
                       @Schema(allowableValues = {ACCEPTED, COMMITTED, FAILED}) String status,
                       @Schema(example = "2") int rows,
                       Instant submittedAt,
                       @Schema(description = "when it committed; null unless COMMITTED") Instant committedAt,
                       @Schema(description = "one per peer: its rows, its commit sequence once applied, its progress")
                       List<PartSummary> parts,
                       @Schema(description = "why it FAILED; null otherwise") String error,
                       @Schema(allowableValues = {"COMMIT", "ABORT"},
                               description = "the router's decision over several peers; null for one peer")
                       String decision,
                       @Schema(description = "the client (API key name) that submitted it") String client) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String COMMITTED = "COMMITTED";
    public static final String FAILED = "FAILED";

    /** With the part of {@code peer} (if it has one) in a new state; its row count stays. */
    TxStatus withPart(String peer, String partStatus, Long seq, String partError) {
        List<PartSummary> updated = parts.stream().map(p -> p.peer().equals(peer)
                ? new PartSummary(peer, p.rows(), seq, partStatus, partError) : p).toList();
        return new TxStatus(txId, status, rows, submittedAt, committedAt, updated, error, decision, client);
    }

    TxStatus withDecision(String newDecision) {
        return new TxStatus(txId, status, rows, submittedAt, committedAt, parts, error, newDecision, client);
    }

    @JsonIgnore
    public boolean isFinal() {
        return COMMITTED.equals(status) || FAILED.equals(status);
    }
}
