package dev.oltpmesh.model.event;

import java.time.Instant;

/** A part a peer refused, with the reason and the record as it arrived. */
public record PartDeadLettered(String txId, String peer, String reason, String topic, int partition, long offset,
                               String payload, Instant refusedAt) implements DeadLetterEvent {

    /** A record kept whole, as it was read: its position, its bytes as text, why it was not processed. */
    public static PartDeadLettered of(String txId, String peer, String reason, String topic, int partition, long offset,
                                      byte[] value) {
        return new PartDeadLettered(txId, peer, reason, topic, partition, offset,
                value == null ? null : new String(value, java.nio.charset.StandardCharsets.UTF_8), Instant.now());
    }
}
