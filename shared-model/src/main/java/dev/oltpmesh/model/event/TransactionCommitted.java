package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/** Every part of the transaction was applied by its peer. */
public record TransactionCommitted(String txId, Instant submittedAt, Instant committedAt, int rows,
                                   List<PartSummary> parts) implements TxEvent {

    public TransactionCommitted {
        parts = List.copyOf(parts);
    }
}
