package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/** Every part of the transaction was applied by its peer; {@code client} submitted it. */
public record TransactionCommitted(String txId, Instant submittedAt, Instant committedAt, int rows,
                                   List<PartSummary> parts, String client) implements TxEvent {

    public TransactionCommitted {
        parts = List.copyOf(parts);
    }
}
