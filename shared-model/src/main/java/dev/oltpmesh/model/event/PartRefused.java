package dev.oltpmesh.model.event;

import java.time.Instant;

/** A peer refused a part and stored none of it; {@code reason} says why, for a person. */
public record PartRefused(String txId, String peer, String reason, Instant refusedAt) implements TxEvent {
}
