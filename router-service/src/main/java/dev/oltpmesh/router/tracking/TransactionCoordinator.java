package dev.oltpmesh.router.tracking;

import dev.oltpmesh.model.event.PartAborted;
import dev.oltpmesh.model.event.PartApplied;
import dev.oltpmesh.model.event.PartCommitted;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRefused;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.TransactionCommitted;
import dev.oltpmesh.model.event.TransactionDecided;
import dev.oltpmesh.model.event.TransactionFailed;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.event.TxEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one owner of every transaction's outcome. A transaction of one peer is committed when that
 * peer applied its part and failed when it refused it (one phase). A transaction of several peers
 * is committed by two-phase commit: every peer prepares its part and votes; one no vote, or a vote
 * missing from a peer silent for the prepare timeout, decides ABORT (presumed abort); all yes votes decide COMMIT, and
 * the transaction is COMMITTED once every peer has finished it, so its rows are visible everywhere.
 *
 * <p>Idempotent over replays of {@code mesh.tx.events}: an answer counts once, a decision already on
 * the topic is kept, and a transaction whose outcome is on the topic is forgotten. Not thread-safe.
 */
class TransactionCoordinator {

    private static final class Pending {
        final TransactionRouted routed;
        final Instant routedAt;
        final Map<String, PartSummary> answers = new LinkedHashMap<>();
        /** The decision of a two-phase transaction once written (or replayed), else null. */
        Boolean commit;
        boolean decisionSent;
        boolean outcomeSent;
        /** The trace context of the last event read about it: the span of its decision follows that. */
        String traceContext;

        Pending(TransactionRouted routed, Instant routedAt) {
            this.routed = routed;
            this.routedAt = routedAt;
        }

        boolean twoPhase() {
            return routed.parts().size() > 1;
        }

        List<String> peers() {
            return routed.parts().stream().map(PartSummary::peer).toList();
        }

        boolean allAnswered(String status) {
            return peers().stream().allMatch(p -> answers.containsKey(p) && status.equals(answers.get(p).status()));
        }

        List<PartSummary> refusals() {
            return answers.values().stream().filter(a -> "REFUSED".equals(a.status())).toList();
        }

        List<PartSummary> parts() {
            return routed.parts().stream().map(p -> answers.getOrDefault(p.peer(), p)).toList();
        }
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /**
     * When each peer's inbox last answered, about any transaction. A peer reads its inbox in order, so a
     * vote missing from a peer that keeps answering is queued behind the parts it works on, not lost:
     * under a backlog longer than the prepare timeout it would otherwise abort everything it holds.
     */
    private final Map<String, Instant> lastHeard = new HashMap<>();
    private final Duration prepareTimeout;

    TransactionCoordinator(Duration prepareTimeout) {
        this.prepareTimeout = prepareTimeout;
    }

    /** @param at when the event was written (its record's timestamp) */
    void apply(TxEvent event, Instant at) {
        switch (event) {
            case TransactionRouted routed -> pending.putIfAbsent(routed.txId(), new Pending(routed, at));
            case PartApplied applied -> inboxAnswer(applied.txId(),
                    new PartSummary(applied.peer(), applied.rows(), applied.seq(), "APPLIED", null), at);
            case PartPrepared prepared -> inboxAnswer(prepared.txId(),
                    new PartSummary(prepared.peer(), prepared.rows(), null, "PREPARED", null), at);
            case PartRefused refused -> inboxAnswer(refused.txId(),
                    new PartSummary(refused.peer(), rowsOf(refused.txId(), refused.peer()), null, "REFUSED",
                            refused.reason()), at);
            case PartCommitted done -> answer(done.txId(),
                    new PartSummary(done.peer(), done.rows(), done.seq(), "COMMITTED", null));
            case PartAborted aborted -> answer(aborted.txId(),
                    new PartSummary(aborted.peer(), rowsOf(aborted.txId(), aborted.peer()), null, "ABORTED", null));
            case TransactionDecided decided -> {
                Pending p = pending.get(decided.txId());
                if (p != null) {
                    p.commit = decided.commit();
                    p.decisionSent = true;
                }
            }
            case TransactionCommitted committed -> pending.remove(committed.txId());
            case TransactionFailed failed -> pending.remove(failed.txId());
        }
    }

    /**
     * An answer from the peer's inbox, which also tells that the inbox is alive; answers of its decisions
     * listener do not, since that listener goes on while the inbox is stuck.
     */
    private void inboxAnswer(String txId, PartSummary summary, Instant at) {
        Pending p = pending.get(txId);
        boolean again = p != null && summary.equals(p.answers.get(summary.peer()));
        answer(txId, summary);
        if (again) {
            // A vote made again says nothing of the inbox moving on: an inbox that fails on a later part reads its
            // batch again, and votes again for the parts it holds prepared, as long as it stays stuck.
            return;
        }
        // A record's time is its producer's clock: one running ahead must not keep its peer alive for good.
        Instant received = Instant.now();
        Instant heard = at.isAfter(received) ? received : at;
        lastHeard.merge(summary.peer(), heard, (known, later) -> later.isAfter(known) ? later : known);
    }

    /** Whether the peer's inbox has answered nothing, about any transaction, for the prepare timeout since {@code since}. */
    private boolean silent(String peer, Instant since, Instant now) {
        Instant heard = lastHeard.get(peer);
        Instant from = heard != null && heard.isAfter(since) ? heard : since;
        return now.isAfter(from.plus(prepareTimeout));
    }

    private int rowsOf(String txId, String peer) {
        Pending p = pending.get(txId);
        return p == null ? 0 : p.routed.parts().stream().filter(s -> s.peer().equals(peer))
                .mapToInt(PartSummary::rows).sum();
    }

    private void answer(String txId, PartSummary summary) {
        Pending p = pending.get(txId);
        if (p == null) {
            return;
        }
        PartSummary known = p.answers.get(summary.peer());
        // A vote is replaced by how the peer finished, never the other way round.
        if (known == null || ("PREPARED".equals(known.status()) && !"REFUSED".equals(summary.status()))) {
            p.answers.put(summary.peer(), summary);
        }
    }

    /**
     * What to write now: decisions ({@link TransactionDecided}, to the events topic and to every
     * participant's inbox) and outcomes. Call {@link #written} once they are on the topics, so that a
     * failed send is tried again.
     */
    List<TxEvent> decide(Instant now) {
        List<TxEvent> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.outcomeSent) {
                continue;
            }
            if (!p.twoPhase()) {
                decideOnePhase(p, now, out);
            } else if (p.commit == null && !p.decisionSent) {
                decideTwoPhase(p, now, out);
            } else if (Boolean.TRUE.equals(p.commit) && p.allAnswered("COMMITTED")) {
                out.add(new TransactionCommitted(p.routed.txId(), p.routed.submittedAt(), now, p.routed.rows(),
                        p.parts(), p.routed.client()));
            }
        }
        return out;
    }

    private static void decideOnePhase(Pending p, Instant now, List<TxEvent> out) {
        String peer = p.routed.parts().get(0).peer();
        PartSummary answer = p.answers.get(peer);
        if (answer == null) {
            return;
        }
        if ("APPLIED".equals(answer.status())) {
            out.add(new TransactionCommitted(p.routed.txId(), p.routed.submittedAt(), now, p.routed.rows(), p.parts(),
                    p.routed.client()));
        } else if ("REFUSED".equals(answer.status())) {
            out.add(failed(p, now, peer + ": " + answer.error()));
        }
    }

    private void decideTwoPhase(Pending p, Instant now, List<TxEvent> out) {
        String reason = null;
        if (!p.refusals().isEmpty()) {
            reason = p.refusals().stream().map(s -> s.peer() + ": " + s.error()).collect(Collectors.joining("; "));
        } else if (p.allAnswered("PREPARED")) {
            out.add(new TransactionDecided(p.routed.txId(), true, p.peers(), null, now));
            return;
        } else {
            List<String> silent = p.peers().stream()
                    .filter(peer -> !p.answers.containsKey(peer) && silent(peer, p.routedAt, now)).toList();
            if (!silent.isEmpty()) {
                reason = String.join(", ", silent) + " did not vote within " + prepareTimeout
                        + " and said nothing meanwhile; presumed abort";
            }
        }
        if (reason != null) {
            out.add(new TransactionDecided(p.routed.txId(), false, p.peers(), reason, now));
            out.add(failed(p, now, reason));
        }
    }

    private static TransactionFailed failed(Pending p, Instant now, String reason) {
        return new TransactionFailed(p.routed.txId(), p.routed.submittedAt(), now, p.routed.rows(), reason, p.parts(),
                p.routed.client());
    }

    void written(List<TxEvent> events) {
        for (TxEvent event : events) {
            Pending p = pending.get(event.txId());
            if (p == null) {
                continue;
            }
            switch (event) {
                case TransactionDecided decided -> {
                    p.commit = decided.commit();
                    p.decisionSent = true;
                }
                case TransactionCommitted _, TransactionFailed _ -> p.outcomeSent = true;
                case TransactionRouted _, PartApplied _, PartPrepared _, PartRefused _, PartCommitted _,
                     PartAborted _ -> throw new IllegalArgumentException("the coordinator writes no " + event);
            }
        }
    }

    /** Remembers the trace context an event about a transaction not yet over came with. */
    void traced(String txId, String traceContext) {
        Pending p = pending.get(txId);
        if (p != null && traceContext != null) {
            p.traceContext = traceContext;
        }
    }

    String traceContextOf(String txId) {
        Pending p = pending.get(txId);
        return p == null ? null : p.traceContext;
    }

    int pendingCount() {
        return pending.size();
    }
}
