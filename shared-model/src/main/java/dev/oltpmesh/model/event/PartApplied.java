package dev.oltpmesh.model.event;

import java.time.Instant;

/** A peer stored a part; {@code seq} is its commit sequence, {@code chainHash} its hash chain after it. */
public record PartApplied(String txId, String peer, int rows, long seq, String chainHash, Instant appliedAt)
        implements TxEvent {
}
