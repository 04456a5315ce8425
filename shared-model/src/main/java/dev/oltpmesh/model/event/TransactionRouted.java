package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/** The router split a transaction into these parts, one per peer, in one Kafka transaction. */
public record TransactionRouted(String txId, Instant submittedAt, String idempotencyKey, String requestHash,
                                int rows, long placementVersion, List<PartSummary> parts) implements TxEvent {

    public TransactionRouted {
        parts = List.copyOf(parts);
    }
}
