package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/** The router split a transaction into these parts, one per peer, in one Kafka transaction; {@code client} submitted it. */
public record TransactionRouted(String txId, Instant submittedAt, String idempotencyKey, String requestHash,
                                int rows, long placementVersion, List<PartSummary> parts, String client) implements TxEvent {

    public TransactionRouted {
        parts = List.copyOf(parts);
    }
}
