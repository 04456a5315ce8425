package dev.oltpmesh.model.event;

import java.time.Instant;

/** A peer finished a committed two-phase transaction: its part's rows are visible from now on. */
public record PartCommitted(String txId, String peer, int rows, long seq, String chainHash, Instant committedAt)
        implements TxEvent {
}
