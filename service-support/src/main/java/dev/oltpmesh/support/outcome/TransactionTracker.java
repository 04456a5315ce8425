package dev.oltpmesh.support.outcome;

import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Follows every transaction from TransactionRouted to the answers of its peers and decides its
 * outcome. Idempotent: a part answered twice counts once, and a transaction whose outcome is
 * already on the topic is forgotten, so replaying the topic after a restart re-decides only the
 * transactions whose outcome was never written.
 *
 * <p>The router decides with it and writes the outcome; the gateway runs the same rule over the same
 * events, so a client waiting for its commit is answered as soon as the last peer's acknowledgement
 * arrives, without waiting for the router's outcome to travel back.
 */
public class TransactionTracker {

    private static final class Pending {
        final TransactionRouted routed;
        final Map<String, PartSummary> answers = new LinkedHashMap<>();
        boolean decided;

        Pending(TransactionRouted routed) {
            this.routed = routed;
        }

        boolean complete() {
            return routed.parts().stream().allMatch(p -> answers.containsKey(p.peer()));
        }
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    public void apply(TxEvent event) {
        switch (event) {
            case TransactionRouted routed -> pending.putIfAbsent(routed.txId(), new Pending(routed));
            case PartApplied applied -> answer(applied.txId(),
                    new PartSummary(applied.peer(), applied.rows(), applied.seq(), "APPLIED", null));
            case PartRefused refused -> {
                Pending p = pending.get(refused.txId());
                int rows = p == null ? 0 : p.routed.parts().stream().filter(s -> s.peer().equals(refused.peer()))
                        .mapToInt(PartSummary::rows).sum();
                answer(refused.txId(), new PartSummary(refused.peer(), rows, null, "REFUSED", refused.reason()));
            }
            case TransactionCommitted committed -> pending.remove(committed.txId());
            case TransactionFailed failed -> pending.remove(failed.txId());
        }
    }

    private void answer(String txId, PartSummary summary) {
        Pending p = pending.get(txId);
        if (p != null) {
            p.answers.putIfAbsent(summary.peer(), summary);
        }
    }

    /**
     * The outcomes of the transactions every peer has answered and whose outcome was not yet
     * written; call {@link #written} once they are on the topic, so a failed send is retried.
     */
    public List<TxEvent> decide(Instant now) {
        List<TxEvent> outcomes = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.decided || !p.complete()) {
                continue;
            }
            List<PartSummary> parts = p.routed.parts().stream().map(s -> p.answers.get(s.peer())).toList();
            List<PartSummary> refused = parts.stream().filter(s -> "REFUSED".equals(s.status())).toList();
            if (refused.isEmpty()) {
                outcomes.add(new TransactionCommitted(p.routed.txId(), p.routed.submittedAt(), now, p.routed.rows(),
                        parts));
            } else {
                String reason = refused.stream().map(s -> s.peer() + ": " + s.error())
                        .collect(Collectors.joining("; "));
                outcomes.add(new TransactionFailed(p.routed.txId(), p.routed.submittedAt(), now, p.routed.rows(),
                        reason, parts));
            }
        }
        return outcomes;
    }

    public void written(List<TxEvent> outcomes) {
        for (TxEvent outcome : outcomes) {
            Pending p = pending.get(outcome.txId());
            if (p != null) {
                p.decided = true;
            }
        }
    }

    public int pendingCount() {
        return pending.size();
    }
}
