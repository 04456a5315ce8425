package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/**
 * The transaction was not applied, on any peer: {@code parts} says how far each peer got and which
 * refused; {@code client} submitted it.
 */
public record TransactionFailed(String txId, Instant submittedAt, Instant failedAt, int rows, String reason,
                                List<PartSummary> parts, String client) implements TxEvent {

    public TransactionFailed {
        parts = List.copyOf(parts);
    }
}
