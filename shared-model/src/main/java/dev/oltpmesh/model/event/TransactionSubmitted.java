package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/**
 * A transaction the gateway accepted. {@code requestHash} is the SHA-256 of the client's request
 * body, so a retry under the same Idempotency-Key can be told from a different request.
 */
public record TransactionSubmitted(String txId, Instant submittedAt, String idempotencyKey, String requestHash,
                                   List<TableRows> inserts, String checksum) implements SubmittedEvent {

    public TransactionSubmitted {
        inserts = List.copyOf(inserts);
    }

    public int rowCount() {
        return inserts.stream().mapToInt(t -> t.rows().size()).sum();
    }

    public TransactionSubmitted withChecksum(String newChecksum) {
        return new TransactionSubmitted(txId, submittedAt, idempotencyKey, requestHash, inserts, newChecksum);
    }

    public static TransactionSubmitted sealed(String txId, Instant submittedAt, String idempotencyKey,
                                              String requestHash, List<TableRows> inserts) {
        TransactionSubmitted unsealed = new TransactionSubmitted(txId, submittedAt, idempotencyKey, requestHash,
                inserts, null);
        return unsealed.withChecksum(Checksums.of(unsealed));
    }
}
