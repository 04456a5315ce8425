package dev.oltpmesh.model.event;

import java.time.Instant;
import java.util.List;

/**
 * The router's decision on a two-phase transaction, final once written: on {@code mesh.tx.events} for
 * everyone who follows transactions, and on every participant's {@code mesh.peer.<id>.decisions}, so
 * that a peer that was away learns it when it comes back.
 *
 * @param commit       true to commit everywhere, false to abort everywhere
 * @param participants the peers that hold a part
 * @param reason       why it aborts, or null
 */
public record TransactionDecided(String txId, boolean commit, List<String> participants, String reason,
                                 Instant decidedAt) implements TxEvent, PeerEvent {

    public TransactionDecided {
        participants = List.copyOf(participants);
    }
}
