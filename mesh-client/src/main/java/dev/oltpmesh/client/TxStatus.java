package dev.oltpmesh.client;

import java.time.Instant;
import java.util.List;

/**
 * A transaction as the gateway knows it. A write answered {@code ACCEPTED} carries only
 * {@code txId}, {@code status} and {@code rows}; {@link MeshClient#status(String)} and a write that
 * waited for its outcome carry the rest.
 *
 * @param decision {@code COMMIT} or {@code ABORT} once the router decided a transaction of several
 *                 peers; null for one peer
 * @param error    why a {@code FAILED} transaction failed
 */
public record TxStatus(String txId, State status, int rows, Instant submittedAt, Instant committedAt,
                       List<Part> parts, String error, String decision) {

    public enum State {
        /** Durably on Kafka, outcome not known yet. */
        ACCEPTED,
        /** Every row visible on every peer it was placed on. */
        COMMITTED,
        /** No row of it exists anywhere; {@code error} says why. */
        FAILED
    }

    /**
     * One peer's share of the transaction.
     *
     * @param seq    the peer's commit sequence, once applied
     * @param status {@code ROUTED}, {@code PREPARED}, {@code APPLIED}, {@code COMMITTED}, {@code ABORTED}
     *               or {@code REFUSED}
     */
    public record Part(String peer, int rows, Long seq, String status, String error) {
    }

    public TxStatus {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public boolean isCommitted() {
        return status == State.COMMITTED;
    }

    public boolean isFailed() {
        return status == State.FAILED;
    }

    /** Committed or failed: it will not change any more. */
    public boolean isFinal() {
        return isCommitted() || isFailed();
    }
}
