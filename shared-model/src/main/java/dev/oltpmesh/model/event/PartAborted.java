package dev.oltpmesh.model.event;

import java.time.Instant;

/** A peer rolled back its prepared part of an aborted transaction, or had none to roll back. */
public record PartAborted(String txId, String peer, Instant abortedAt) implements TxEvent {
}
