package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/**
 * A transaction the gateway accepted. {@code requestHash} is the SHA-256 of the client's request
 * body, so a retry under the same Idempotency-Key can be told from a different request; {@code client}
 * names the API key's client, the one (with admins) who may read the transaction's status.
 */
public record TransactionSubmitted(String txId, Instant submittedAt, String idempotencyKey, String requestHash,
                                   List<TableRows> inserts, String client, String checksum) implements SubmittedEvent {

    public TransactionSubmitted {
        inserts = List.copyOf(inserts);
    }

    public int rowCount() {
        return inserts.stream().mapToInt(t -> t.rows().size()).sum();
    }

    public TransactionSubmitted withChecksum(String newChecksum) {
        return new TransactionSubmitted(txId, submittedAt, idempotencyKey, requestHash, inserts, client, newChecksum);
    }

    public static TransactionSubmitted sealed(String txId, Instant submittedAt, String idempotencyKey,
                                              String requestHash, List<TableRows> inserts,
                                              String client) {
        TransactionSubmitted unsealed = new TransactionSubmitted(txId, submittedAt, idempotencyKey, requestHash,
                inserts, client, null);
        return unsealed.withChecksum(Checksums.of(unsealed));
    }
}
