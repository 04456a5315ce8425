package dev.oltpmesh.model.event;

import java.time.Instant;

/** A part a peer refused, with the reason and the record as it arrived. */
public record PartDeadLettered(String txId, String peer, String reason, String topic, int partition, long offset,
                               String payload, Instant refusedAt) implements DeadLetterEvent {
}
