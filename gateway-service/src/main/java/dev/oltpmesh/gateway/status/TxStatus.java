package dev.oltpmesh.gateway.status;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.oltpmesh.model.event.PartSummary;

import java.time.Instant;
import java.util.List;

/**
 * What a client sees of a transaction: its status, the router's decision when it has several peers
 * ({@code COMMIT} or {@code ABORT}), and each peer's progress ({@code ROUTED}, {@code PREPARED},
 * {@code APPLIED}, {@code COMMITTED}, {@code ABORTED}, {@code REFUSED}); {@code client} submitted it and
 * is, with admins, the only one who may read it.
 */
public record TxStatus(String txId, String status, int rows, Instant submittedAt, Instant committedAt,
                       List<PartSummary> parts, String error, String decision, String client) {

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
