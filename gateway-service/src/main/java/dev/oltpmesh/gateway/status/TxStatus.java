package dev.oltpmesh.gateway.status;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.oltpmesh.model.event.PartSummary;

import java.time.Instant;
import java.util.List;

/** What a client sees of a transaction. */
public record TxStatus(String txId, String status, int rows, Instant submittedAt, Instant committedAt,
                       List<PartSummary> parts, String error) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String COMMITTED = "COMMITTED";
    public static final String FAILED = "FAILED";

    @JsonIgnore
    public boolean isFinal() {
        return COMMITTED.equals(status) || FAILED.equals(status);
    }
}
