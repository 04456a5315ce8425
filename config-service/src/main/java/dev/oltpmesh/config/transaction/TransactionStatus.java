package dev.oltpmesh.config.transaction;

import dev.oltpmesh.model.event.PartSummary;

import java.time.Instant;
import java.util.List;

/** A transaction's status as stored: the same shape the gateway answers with. */
record TransactionStatus(String txId, String status, int rows, Instant submittedAt, Instant committedAt,
                         List<PartSummary> parts, String error, String decision, String client) {
}
