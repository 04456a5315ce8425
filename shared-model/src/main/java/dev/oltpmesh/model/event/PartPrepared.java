package dev.oltpmesh.model.event;

import java.time.Instant;

/**
 * A peer's yes vote in a two-phase commit: its part is stored in a PostgreSQL prepared transaction,
 * durable and invisible, and waits for the router's decision. (A no vote is {@link PartRefused}.)
 */
public record PartPrepared(String txId, String peer, int rows, Instant preparedAt) implements TxEvent {
}
