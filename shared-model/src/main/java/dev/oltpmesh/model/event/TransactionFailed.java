package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/**
 * The transaction could not be (fully) applied: {@code parts} says which peers applied their part
 * and which refused, until multi-peer transactions commit atomically.
 */
public record TransactionFailed(String txId, Instant submittedAt, Instant failedAt, int rows, String reason,
                                List<PartSummary> parts, String client) implements TxEvent {

    public TransactionFailed {
        parts = List.copyOf(parts);
    }
}
